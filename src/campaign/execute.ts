import path from 'node:path';
import { evaluate } from '../allocation/objective.js';
import { InputError } from '../engine/input-error.js';
import { RandomStreams } from '../engine/random.js';
import { buildWorld, snapshotOf } from '../scenario/build.js';
import { weightScalesChecked } from '../scenario/limits.js';
import { parseJson, readInputFile, validate } from '../scenario/load.js';
import { topologySchema, type Topology } from '../scenario/schema.js';
import { runToFolder } from '../scenario/run-folder.js';
import { edgeSchedulerNames, edgeSchedulerSchema, type EdgeSchedulerConfig } from '../system/schedulers/registry.js';
import type { SimulationResult } from '../scenario/simulate.js';
import { version } from '../engine/version.js';
import { closingAfter, isModuleSpec, resolveAllocator, runPlugins } from '../plugins/resolve.js';
import { isModuleRef, type ModuleRef } from '../system/config.js';
import { applyOverrides, OverridePathError } from './overrides.js';
import type { Override, RunSpec } from './spec.js';

/** Where a run finds its inputs and puts its files. */
export interface RunContext {
  /** Folder that relative topology paths are resolved against. */
  baseDir: string;
  /** The campaign folder; a run of kind `run` writes `runs/<key>/` inside it. */
  outDir: string;
  /** Seconds an external policy may take per answer (--policy-timeout); not part of a run's key. */
  policyTimeoutS?: number;
}

/** What one run hands back. */
export interface RunOutput {
  metrics: Record<string, number>;
  /** The run folder relative to the campaign folder, or null. */
  folder: string | null;
}

/** Parsed topology files by absolute path: a worker reads each file once however many runs use it. */
const parsedFiles = new Map<string, unknown>();

function parsedTopologyFile(file: string): unknown {
  let data = parsedFiles.get(file);
  if (data === undefined) {
    data = parseJson(readInputFile(file, 'a topology file'), file);
    parsedFiles.set(file, data);
  }
  return data;
}

/** Names a topology with overrides in error messages: `small.json with users.phones.count=8`. */
export function describeSource(file: string, overrides: readonly Override[]): string {
  if (overrides.length === 0) return file;
  return `${file} with ${overrides.map(([p, v]) => `${p}=${JSON.stringify(v)}`).join(', ')}`;
}

/**
 * The topology of a run: the file's JSON with the overrides set, then
 * validated by the topology schema. A path that cannot be followed, or a
 * value the schema rejects, is an InputError naming the file, the
 * overrides and the field.
 */
export function resolveTopology(spec: Pick<RunSpec, 'topology' | 'overrides'>, baseDir: string): { topology: Topology; file: string; source: string } {
  const file = path.resolve(baseDir, spec.topology);
  const source = describeSource(file, spec.overrides);
  let data: unknown;
  try {
    data = applyOverrides(parsedTopologyFile(file), spec.overrides);
  } catch (err) {
    if (err instanceof OverridePathError) throw new InputError(file, err.path, err.problem);
    throw err;
  }
  return { topology: validate(topologySchema, data, source), file, source };
}

/**
 * Runs one spec and returns its metrics. Pure in the sense that matters for
 * campaigns: the same spec gives the same numbers on any thread or machine
 * (no wall-clock quantity is among the metrics).
 */
export async function executeRun(spec: RunSpec, key: string, context: RunContext): Promise<RunOutput> {
  // Lets the tests check that an unexpected exception in a run is reported as an internal error, from any thread.
  if (process.env.MECSIM_TEST_INTERNAL_ERROR === '1') throw new TypeError('an internal error injected for a test');
  const { topology, file, source } = resolveTopology(spec, context.baseDir);
  switch (spec.kind) {
    case 'solve':
      return { metrics: await solveMetrics(topology, spec, source, context.policyTimeoutS), folder: null };
    case 'run':
      return simulate(topology, spec, key, context, file, source);
  }
}

/** The edge scheduler of a run: the topology's own when it has that policy (keeping its parameters, e.g. rr's quantum), else the policy with its defaults. */
export function schedulerConfig(topology: Topology, name: string | null, source: string): EdgeSchedulerConfig | ModuleRef | undefined {
  if (name === null) return undefined;
  // A module is recorded in run.json as the scheduler used.
  if (isModuleSpec(name)) return { module: name };
  const current = topology.simulation.scheduler;
  const parsed = edgeSchedulerSchema.safeParse(!isModuleRef(current) && current.policy === name ? current : { policy: name });
  if (!parsed.success) throw new InputError(source, 'scheduler', `unknown edge scheduler "${name}"; expected one of: ${edgeSchedulerNames.join(', ')}`);
  return parsed.data;
}

/**
 * Kind `run`: the dynamic simulation (src/system/simulation.ts) writes its
 * folder `runs/<key>/` in the campaign folder (run.json, iterations.csv,
 * epochs.csv, timing.csv), and the run's summary becomes its metrics.
 */
async function simulate(topology: Topology, spec: RunSpec, key: string, context: RunContext, file: string, source: string): Promise<RunOutput> {
  const folder = path.join('runs', key);
  const { allocator: plugin, edgeScheduler } = await runPlugins(topology, file, { allocator: spec.allocator, scheduler: spec.scheduler, policyTimeoutS: context.policyTimeoutS });
  const result = await closingAfter(plugin, () => runToFolder({
    allocatorObject: plugin,
    edgeScheduler,
    topology,
    source,
    baseDir: path.dirname(file),
    seed: spec.seed,
    allocator: spec.allocator,
    scheduler: schedulerConfig(topology, spec.scheduler, source),
    horizonS: spec.horizonS ?? undefined,
    out: path.join(context.outDir, folder),
    version: version(),
  }), (r) => r.summary, (r) => r.endFeedback);
  return { metrics: simulationMetrics(result), folder };
}

/**
 * A simulation's summary as flat metrics: everything reproducible in
 * run.json (the allocator's wall-clock time is left out, so equal seeds give
 * equal metrics on any machine).
 */
export function simulationMetrics(r: SimulationResult): Record<string, number> {
  const s = r.summary;
  const stages: Record<string, number> = {};
  for (const [stage, mean] of Object.entries(s.stageMeansS)) stages[`${stage.replace(/S$/, '')}MeanS`] = mean;
  return {
    iterations: s.iterations,
    spanS: s.spanS,
    throughputPerS: s.throughputPerS,
    delayMeanS: s.delay.meanS,
    delayStdS: s.delay.stdS,
    delayMinS: s.delay.minS,
    delayMaxS: s.delay.maxS,
    delayP50S: s.delay.p50S,
    delayP95S: s.delay.p95S,
    delayP99S: s.delay.p99S,
    ...stages,
    energyDeviceComputeJ: s.energyTotalsJ.deviceCompute,
    energyTxJ: s.energyTotalsJ.tx,
    energyEdgeJ: s.energyTotalsJ.edge,
    energyTotalJ: s.energyTotalsJ.total,
    energyMeanJ: s.energyMeanJ,
    jainThroughput: s.jainThroughput,
    epochs: r.epochs,
    handovers: r.handovers,
    jobs: r.counts.jobs,
    iterationsArrived: r.counts.arrived,
    iterationsStarted: r.counts.started,
    iterationsInFlight: r.counts.inFlight,
    iterationsQueued: r.counts.queued,
    outageS: r.outageS,
    edgeMeteredJ: r.edgeMeteredJ,
    events: r.events,
  };
}

/**
 * Kind `solve`: the allocator's decision for the initial snapshot (path
 * loss at the initial positions) and the paper's objective evaluated on it,
 * term by term (docs/model.md; src/allocation/objective.ts).
 */
export async function solveMetrics(topology: Topology, spec: RunSpec, source: string, policyTimeoutS?: number): Promise<Record<string, number>> {
  const world = buildWorld(topology, spec.seed, source);
  const snapshot = weightScalesChecked(() => snapshotOf(world), source);
  const allocator = await resolveAllocator(spec.allocator, { baseDir: process.cwd(), builtIn: { topology, source }, policyTimeoutS, checkFeasibility: true });
  const { decision, trace } = await closingAfter(allocator, () => allocator.decide(snapshot, { streams: new RandomStreams(spec.seed) }), (r) => ({ objective: evaluate(snapshot, r.decision).totals }));
  const b = evaluate(snapshot, decision);
  const users = decision.users.length;
  let alphaSum = 0;
  for (const u of decision.users) alphaSum += u.alpha;
  return {
    objective: b.totals.total,
    timeTerm: b.weighted.time,
    energyTerm: b.weighted.energy,
    stabilityTerm: b.weighted.stability,
    energyJ: b.totals.energyJ,
    computeDelayS: b.totals.computeDelayS,
    airtimeS: b.totals.airtimeS,
    stability: b.totals.stability,
    energyPerUserJ: b.totals.energyJ / users,
    computeDelayPerUserS: b.totals.computeDelayS / users,
    meanAlpha: alphaSum / users,
    users,
    servers: world.servers.length,
    ...(spec.trace === undefined ? {} : traceMetrics(trace, spec.trace)),
  };
}

/**
 * An allocator's objective trace as metrics, for convergence plots:
 * `traceSteps` (steps it took: for `proposed`, the accepted outer
 * iterations) and `objectiveStep<k>` for k = 0..steps, the objective after
 * k steps relative to the start. A trace that stopped before `steps` keeps
 * its last value, as a converged run would. k is zero-padded so the metric
 * names sort in step order.
 */
export function traceMetrics(trace: readonly number[], steps: number): Record<string, number> {
  const out: Record<string, number> = { traceSteps: trace.length - 1 };
  const width = String(steps).length;
  for (let k = 0; k <= steps; k++) out[`objectiveStep${String(k).padStart(width, '0')}`] = trace[Math.min(k, trace.length - 1)] / trace[0];
  return out;
}

/** Every metric a run of each kind reports (test/campaign checks them against real runs), for --help and messages. */
export const metricNames = {
  solve: ['objective', 'timeTerm', 'energyTerm', 'stabilityTerm', 'energyJ', 'computeDelayS', 'airtimeS', 'stability', 'energyPerUserJ', 'computeDelayPerUserS', 'meanAlpha', 'users', 'servers'],
  run: [
    'iterations', 'spanS', 'throughputPerS', 'delayMeanS', 'delayStdS', 'delayMinS', 'delayMaxS', 'delayP50S', 'delayP95S', 'delayP99S',
    'deviceWaitMeanS', 'deviceComputeMeanS', 'uplinkMeanS', 'edgeWaitMeanS', 'edgeComputeMeanS', 'downlinkMeanS', 'deviceBackwardMeanS',
    'energyDeviceComputeJ', 'energyTxJ', 'energyEdgeJ', 'energyTotalJ', 'energyMeanJ', 'jainThroughput', 'epochs', 'handovers', 'jobs',
    'iterationsArrived', 'iterationsStarted', 'iterationsInFlight', 'iterationsQueued', 'outageS', 'edgeMeteredJ', 'events',
  ],
} as const;

/** The metrics a comparison shows by default (every metric is in the CSV files). */
export function defaultMetrics(kind: RunSpec['kind']): string[] {
  return kind === 'solve' ? ['objective', 'energyJ', 'computeDelayS', 'stability'] : ['delayMeanS', 'delayP95S', 'energyMeanJ', 'throughputPerS', 'jainThroughput'];
}
