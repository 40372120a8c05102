import type { EdgeScheduler } from '../system/schedulers/types.js';
import { allocatorByName } from '../allocation/allocators.js';
import { parseAllocatorOptions } from '../allocation/allocator-options.js';
import type { Allocator } from '../allocation/types.js';
import { InputError } from '../engine/input-error.js';
import { RandomStreams } from '../engine/random.js';
import type { MobilityConfig } from '../mobility/registry.js';
import { createMobility } from '../mobility/registry.js';
import type { MobilityTrace } from '../mobility/trace-mobility.js';
import { Channel } from '../radio/channel.js';
import { TraceFading } from '../radio/channel-trace.js';
import type { Fading } from '../radio/fading.js';
import { createFading, createShadowing } from '../radio/registry.js';
import { isModuleRef, simulationSchema, type ModuleRef, type SimulationConfig } from '../system/config.js';
import type { RunListeners } from '../system/events.js';
import { edgeSchedulerSchema, type EdgeSchedulerConfig } from '../system/schedulers/registry.js';
import { runWorld, type SimulationResult } from '../system/simulation.js';
import type { RunWorld } from '../system/world.js';
import { buildWorld, hasCandidates, snapshotOf } from './build.js';
import { sampleDistribution } from './distribution.js';
import { checkEventRate, estimateRun, weightScalesChecked } from './limits.js';
import type { Topology } from './schema.js';

export type { AllocationCall, IterationCounts, ProgressInfo, SimulationResult } from '../system/simulation.js';

/** A run of a topology: what to read, what to override, and who listens. */
export interface SimulationOptions extends RunListeners {
  topology: Topology;
  /** Names the topology file in error messages. */
  source?: string;
  /** Folder relative mobility-trace paths are resolved against. */
  baseDir?: string;
  /** Run seed; default the topology's. */
  seed?: number;
  /** Allocator name; default `simulation.allocator` of the topology. */
  allocator?: string;
  /**
   * An allocator object to call instead of a registered one by name (a
   * plug-in: its infeasible decisions are reported as its own fault).
   */
  allocatorObject?: Allocator;
  /** Allocator settings given on the command line, over the topology's `simulation.allocatorOptions`. */
  allocatorOptions?: Readonly<Record<string, number>>;
  /** Edge scheduler; default `simulation.scheduler` of the topology. A module (then also `edgeScheduler`) is recorded as the scheduler used. */
  scheduler?: EdgeSchedulerConfig | ModuleRef;
  /** Makes each edge server's scheduler instead of `scheduler` (a plug-in, src/plugins/). */
  edgeScheduler?: () => EdgeScheduler;
  /** Simulated time (s); default `simulation.horizonS`. */
  horizonS?: number;
  /**
   * One-line notices and warnings about the input (a trace shorter than the
   * horizon, lines a trace reader skipped); stderr in the CLI. They never
   * change what a run computes or writes.
   */
  notify?: (message: string) => void;
  /** With `notify`: also list every line a trace reader skipped. */
  verbose?: boolean;
}

/** The simulation section with the command-line style overrides applied. */
export function resolveSimulation(options: Pick<SimulationOptions, 'topology' | 'allocator' | 'scheduler' | 'horizonS' | 'allocatorOptions'>): SimulationConfig {
  const base = options.topology.simulation ?? simulationSchema.parse({});
  const config: SimulationConfig = {
    ...base,
    allocator: options.allocator ?? base.allocator,
    scheduler: options.scheduler === undefined ? base.scheduler : isModuleRef(options.scheduler) ? options.scheduler : edgeSchedulerSchema.parse(options.scheduler),
    horizonS: options.horizonS ?? base.horizonS,
  };
  // Absent unless given, so that run.json of a run without options keeps its bytes.
  if (options.allocatorOptions !== undefined) config.allocatorOptions = { ...base.allocatorOptions, ...options.allocatorOptions };
  return config;
}

/**
 * The allocator of a run with its settings: the topology's
 * `simulation.allocatorOptions` and then the command line's, each checked
 * against the allocator's option schema in its own name.
 */
export function configuredAllocator(options: Pick<SimulationOptions, 'topology' | 'source' | 'allocatorOptions'>, name: string): Allocator {
  allocatorByName(name); // an unknown name is refused before its options
  const fromFile = options.topology.simulation?.allocatorOptions;
  parseAllocatorOptions(name, fromFile, options.source, 'simulation.allocatorOptions');
  parseAllocatorOptions(name, options.allocatorOptions, '--allocator-option', name);
  return allocatorByName(name, parseAllocatorOptions(name, { ...fromFile, ...options.allocatorOptions }, options.source, 'simulation.allocatorOptions'));
}

/** Everything a run of the topology needs, built and checked, not yet run. */
interface PreparedRun {
  run: RunWorld;
  config: SimulationConfig;
  allocator: Allocator;
}

/**
 * Builds the run of a topology: the simulation config, the event-rate check
 * (impossible rates are refused before anything is allocated), the world,
 * the allocator, each user's mobility and job source, and the channel.
 */
function prepare(options: SimulationOptions): PreparedRun {
  const { topology, source } = options;
  const config = resolveSimulation(options);
  const seed = options.seed ?? topology.seed;
  checkEventRate(estimateRun(topology, config), source);
  const world = buildWorld(topology, seed, source);
  const streams = new RandomStreams(seed);
  let allocator: Allocator;
  try {
    const named = config.allocator;
    if (options.allocatorObject === undefined && isModuleRef(named)) {
      throw new InputError(source, 'simulation.allocator', `names the module ${named.module}: load it (loadAllocatorModule) and pass it as allocatorObject`);
    }
    allocator = options.allocatorObject ?? configuredAllocator(options, named as string);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(source, 'simulation.allocator', (err as Error).message);
  }
  const groupIndex = world.users.map((u) => topology.users.findIndex((g) => g.name === u.group));
  const traces = new Map<string, MobilityTrace>();
  // Notices wait until every trace is read, so bad input still gets one line.
  const notices: string[] = [];
  const mobility = world.users.map((u, n) => {
    const gi = groupIndex[n];
    const given = topology.users[gi].mobility;
    const mc: MobilityConfig =
      given === undefined || (given.model === 'static' && given.x === undefined && given.y === undefined)
        ? { model: 'static', x: u.position.xM, y: u.position.yM }
        : given;
    const ctx = { user: n, area: topology.area, baseDir: options.baseDir, traces, userCount: world.users.length, notify: (m: string) => notices.push(m), verbose: options.verbose };
    return createMobility(mc, streams, ctx, `users[${gi}].mobility`, source);
  });
  // With candidate sites, links come and go as users move: their streams are not kept (RandomStreams, cache).
  const sparseLinks = hasCandidates(world);
  const linkStreams = sparseLinks ? new RandomStreams(seed, { cache: false }) : streams;
  const fading = createFading(topology.radio.fading, linkStreams, 'radio.fading', source, {
    baseDir: options.baseDir,
    userCount: world.users.length,
    serverCount: world.servers.length,
  });
  for (const m of notices) options.notify?.(m);
  warnShortTraces([...traces.values()], fading, config.horizonS, options.notify);
  warnListedTracePlacement(topology, source, options.notify);
  const channel = new Channel({
    pathLoss: world.pathLoss,
    shadowing: createShadowing(topology.radio.shadowing, linkStreams, 'radio.shadowing', source, world.servers.map((s) => s.position)),
    fading,
    servers: world.servers.map((s) => s.position),
    users: mobility,
    streams: linkStreams,
    sparseLinks,
    // The groups' antenna heights, as the one-shot snapshot (pathGains) uses.
    userHeightsM: world.users.map((u) => u.antennaHeightM),
    serverHeightsM: world.servers.map((s) => s.antennaHeightM),
  });
  const jobs = groupIndex.map((gi) => {
    const j = topology.users[gi].jobs;
    return { arrivals: j.arrivals, iterationsPerJob: (s: Parameters<typeof sampleDistribution>[1]) => sampleDistribution(j.iterationsPerJob, s) };
  });
  const run: RunWorld = {
    world,
    streams,
    mobility,
    channel,
    staticChannel: topology.radio.fading.model === 'none' && mobility.every((m) => m.name === 'static'),
    jobs,
    snapshot: (gains, t, users, candidates) => weightScalesChecked(() => snapshotOf(world, gains, t, users, candidates), source),
  };
  return { run, config, allocator };
}

/**
 * Runs a topology: builds its world (scenario/) and runs it (system/).
 * Async because the run yields to the event loop between chunks of events,
 * so that SIGINT and SIGTERM can remove temporary output (src/io/interrupt.ts).
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const { run, config, allocator } = prepare(options);
  return runWorld({ ...options, run, config, allocator, allocatorOrigin: options.allocatorObject === undefined ? 'built-in' : 'plug-in' });
}

/**
 * Builds everything a run needs (world, mobility, channel, allocator)
 * without running it, so that a campaign can refuse bad input before its
 * first run starts.
 */
export function prepareSimulation(options: SimulationOptions): void {
  // A module the topology names is loaded by whoever runs it (src/plugins/); the check builds everything else.
  const moduleNamed = options.allocatorObject === undefined && options.allocator === undefined && isModuleRef(options.topology.simulation.allocator);
  prepare(moduleNamed ? { ...options, allocator: 'strongest-server' } : options);
}

/** Positions listed for a group that replays a trace are never used (the trace places its users): surely not what was meant. */
function warnListedTracePlacement(topology: Topology, source: string | undefined, notify?: (message: string) => void): void {
  if (notify === undefined) return;
  topology.users.forEach((g, i) => {
    if (g.mobility?.model === 'trace' && g.placement.kind === 'listed') {
      notify(`warning: ${source ?? topology.name}: users[${i}].placement: the group follows a trace, which sets its positions; the listed positions are not used`);
    }
  });
}

/** A trace that ends before the horizon is held at its last value: say so, once per file. */
function warnShortTraces(traces: MobilityTrace[], fading: Fading, horizonS: number, notify?: (message: string) => void): void {
  if (notify === undefined) return;
  for (const t of traces) {
    if (t.endS < horizonS) notify(`warning: ${t.file} ends at ${t.endS} s, before the horizon ${horizonS} s; its users hold their last position after it`);
  }
  if (fading instanceof TraceFading && fading.trace.endS < horizonS) {
    notify(`warning: ${fading.trace.file} ends at ${fading.trace.endS} s, before the horizon ${horizonS} s; each link holds its last fading value after it`);
  }
}
