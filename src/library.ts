import path from 'node:path';
import { allocatorNames } from './allocation/allocators.js';
import { evaluate, type ObjectiveBreakdown } from './allocation/objective.js';
import type { Allocator, AllocationResult, Decision, Snapshot } from './allocation/types.js';
import { schedulerConfig } from './campaign/execute.js';
import { readCampaignFolder } from './campaign/folder.js';
import { planSweep } from './campaign/plan.js';
import { runCampaign as runPlan, type Progress } from './campaign/runner.js';
import type { RunResult } from './campaign/spec.js';
import type { z } from 'zod';
import { loadSweepFile, sweepSchema } from './campaign/sweep-file.js';
import { InputError } from './engine/input-error.js';
import { RandomStreams } from './engine/random.js';
import { validate } from './engine/validate.js';
import { mobilityModels } from './mobility/registry.js';
import { closingAfter, pluginAllocator, pluginScheduler, resolveAllocator, topologyPluginAllocator, topologyPluginScheduler } from './plugins/resolve.js';
import { fadingModels, pathLossModels, shadowingModels } from './radio/registry.js';
import { buildWorld, snapshotOf } from './scenario/build.js';
import { weightScalesChecked } from './scenario/limits.js';
import { loadTopology } from './scenario/load.js';
import type { Topology } from './scenario/schema.js';
import { runSimulation as runTopology, type SimulationResult } from './scenario/simulate.js';
import type { ModuleRef } from './system/config.js';
import type { RunListeners } from './system/events.js';
import { edgeSchedulerNames, type EdgeSchedulerConfig } from './system/schedulers/registry.js';
import type { EdgeScheduler } from './system/schedulers/types.js';

/**
 * The library's own entry points (docs/api.md): thin, typed wrappers that
 * take what a program has at hand (a path or a parsed topology, a name or
 * an object) and do what the matching command does, with the same checks
 * and the same errors. Everything else in src/ is internal.
 */

/** A topology given as a file path (read, validated, relative paths resolved against its folder) or as a value. */
export type TopologyInput = string | Topology;

interface Loaded {
  topology: Topology;
  source: string;
  baseDir: string;
}

function loaded(input: TopologyInput): Loaded {
  if (typeof input === 'string') return { topology: loadTopology(input), source: input, baseDir: path.dirname(path.resolve(input)) };
  return { topology: input, source: 'the topology', baseDir: process.cwd() };
}

/** An allocator: a built-in name, a module path, `exec:COMMAND`, or an object. */
export type AllocatorInput = string | Allocator;

/** An edge scheduler: a built-in name, its configuration, a module path, or a factory (one instance per server). */
export type SchedulerInput = string | EdgeSchedulerConfig | (() => EdgeScheduler);

export interface SimulateOptions extends RunListeners {
  topology: TopologyInput;
  /** Run seed; default the topology's. */
  seed?: number;
  /** Default: the topology's `simulation.allocator`. */
  allocator?: AllocatorInput;
  /** Settings of a built-in allocator (docs/scenarios.md), or the options handed to a module plug-in's factory. */
  allocatorOptions?: Readonly<Record<string, number>>;
  /** Default: the topology's `simulation.scheduler`. */
  scheduler?: SchedulerInput;
  /** Simulated time in seconds; default the topology's `simulation.horizonS`. */
  horizonS?: number;
  /** Seconds an `exec:` policy may take per answer (default 30). */
  policyTimeoutS?: number;
  /** Notices and warnings about the input, one line each (a trace shorter than the horizon). */
  notify?: (message: string) => void;
}

/** Runs the dynamic simulation of a topology and returns its summary; listeners hear every iteration, epoch and allocator call. */
export async function runSimulation(options: SimulateOptions): Promise<SimulationResult> {
  const { topology, source, baseDir } = loaded(options.topology);
  const { allocator: allocatorInput, scheduler: schedulerInput, policyTimeoutS, topology: _given, ...rest } = options;
  let allocatorObject: Allocator | undefined;
  let allocatorName: string | undefined;
  if (allocatorInput === undefined) allocatorObject = await topologyPluginAllocator(topology, source, { policyTimeoutS, options: options.allocatorOptions });
  else if (typeof allocatorInput === 'string') {
    allocatorObject = await pluginAllocator(allocatorInput, { baseDir: process.cwd(), pluginOptions: options.allocatorOptions ?? {}, policyTimeoutS });
    if (allocatorObject === undefined) allocatorName = allocatorInput;
  } else allocatorObject = allocatorInput;
  let scheduler: EdgeSchedulerConfig | ModuleRef | undefined;
  let edgeScheduler: (() => EdgeScheduler) | undefined;
  if (schedulerInput === undefined) edgeScheduler = await topologyPluginScheduler(topology, source);
  else if (typeof schedulerInput === 'function') edgeScheduler = schedulerInput;
  else if (typeof schedulerInput === 'string') {
    edgeScheduler = await pluginScheduler(schedulerInput, process.cwd());
    scheduler = schedulerConfig(topology, schedulerInput, 'scheduler');
  } else scheduler = schedulerInput;
  // What mecsim loaded it closes; an object the caller made is the caller's to close.
  const loadedHere = typeof allocatorInput === 'object' ? undefined : allocatorObject;
  return closingAfter(
    loadedHere,
    () =>
      runTopology({
        ...rest,
        topology,
        source,
        baseDir,
        allocator: allocatorName ?? allocatorObject?.name,
        allocatorObject,
        allocatorOptions: allocatorObject === undefined ? options.allocatorOptions : undefined,
        scheduler,
        edgeScheduler,
      }),
    (r) => r.summary,
    (r) => r.endFeedback,
  );
}

export interface SolveOptions {
  /** Default `proposed`. */
  allocator?: AllocatorInput;
  allocatorOptions?: Readonly<Record<string, number>>;
  /** Default: the topology's seed. */
  seed?: number;
  policyTimeoutS?: number;
}

export interface SolveResult {
  /** What the allocator saw (the `instance` of `mecsim solve --json`). */
  snapshot: Snapshot;
  decision: Decision;
  /** The decision's objective, its weighted terms and per-user costs. */
  objective: ObjectiveBreakdown;
  /** Objective value per outer iteration. */
  trace: number[];
}

/**
 * One allocation at t = 0, as `mecsim solve`: the snapshot of the topology
 * (positions, large-scale gains), the decision and its objective. A plug-in's
 * infeasible decision is an `InputError` naming it.
 */
export async function solve(input: TopologyInput, options: SolveOptions = {}): Promise<SolveResult> {
  const { topology, source, baseDir } = loaded(input);
  const seed = options.seed ?? topology.seed;
  const given = options.allocator ?? 'proposed';
  const allocator =
    typeof given === 'string'
      ? await resolveAllocator(given, { baseDir, builtIn: { topology, source, allocatorOptions: options.allocatorOptions }, pluginOptions: options.allocatorOptions ?? {}, policyTimeoutS: options.policyTimeoutS, checkFeasibility: true })
      : given;
  const snapshot = weightScalesChecked(() => snapshotOf(buildWorld(topology, seed, source)), source);
  const result: AllocationResult = await closingAfter(
    typeof given === 'string' ? allocator : undefined,
    () => allocator.decide(snapshot, { streams: new RandomStreams(seed) }),
    (r) => ({ objective: evaluate(snapshot, r.decision).totals }),
  );
  return { snapshot, decision: result.decision, objective: evaluate(snapshot, result.decision), trace: result.trace };
}

export interface CampaignOptions {
  /** The campaign folder; a second call with the same folder resumes (finished runs are kept). */
  outDir: string;
  /** Worker threads (default: the core count); 0 runs in this thread. */
  workers?: number;
  /** With a sweep given as a value: the folder its topology path is relative to (default: the working folder). */
  baseDir?: string;
  onProgress?: (p: Progress) => void;
}

export interface CampaignResult {
  /** Runs in the campaign, found finished, run now. */
  total: number;
  skipped: number;
  ran: number;
  /** The campaign folder (results.csv, summary.csv, differences.csv with a baseline). */
  outDir: string;
  /** One result per run, in run order: its spec (point, allocator, scheduler, seed) and metrics. */
  results: RunResult[];
}

/** The content of a sweep file (docs/campaigns.md), as written: fields with defaults may be left out. */
export type SweepFile = z.input<typeof sweepSchema>;

/** Runs a sweep (a sweep file's path, or its content) into a campaign folder, as `mecsim sweep`. */
export async function runCampaign(sweep: string | SweepFile, options: CampaignOptions): Promise<CampaignResult> {
  const file = typeof sweep === 'string' ? sweep : path.join(path.resolve(options.baseDir ?? process.cwd()), 'sweep.json');
  const content = typeof sweep === 'string' ? loadSweepFile(sweep) : validate(sweepSchema, sweep, 'the sweep');
  const plan = planSweep(content, file);
  const outDir = path.resolve(options.outDir);
  const outcome = await runPlan(plan, { outDir, workers: options.workers, onProgress: options.onProgress });
  if (!outcome.complete) throw new InputError(outDir, undefined, 'the campaign did not complete');
  return { total: outcome.total, skipped: outcome.skipped, ran: outcome.ran, outDir, results: readCampaignFolder(outDir).results };
}

/** The names every registry accepts, as in the topology file and on the command line. */
export interface Registries {
  allocators: string[];
  schedulers: string[];
  mobility: string[];
  pathLoss: string[];
  shadowing: string[];
  fading: string[];
}

export function registries(): Registries {
  return {
    allocators: allocatorNames(),
    schedulers: [...edgeSchedulerNames],
    mobility: Object.keys(mobilityModels),
    pathLoss: Object.keys(pathLossModels),
    shadowing: Object.keys(shadowingModels),
    fading: Object.keys(fadingModels),
  };
}
