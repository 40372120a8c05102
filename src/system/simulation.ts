import type { AllocationFeedback, Allocator } from '../allocation/types.js';
import { Simulator } from '../engine/simulator.js';
import { SummaryAccumulator, type RunSummary } from '../metrics/recorders.js';
import { isModuleRef, type SimulationConfig } from './config.js';
import { EdgeServer } from './edge-server.js';
import { Devices, type DeviceLimitCounts } from './devices.js';
import { Epochs, type IterationEstimate } from './epochs.js';
import { RunEvents, type AllocationCall, type RunListeners } from './events.js';
import { idleUser, JobArrivals, type IterationCounts } from './jobs.js';
import { Pipeline } from './pipeline.js';
import { createEdgeSchedulerFromConfig } from './schedulers/registry.js';
import type { EdgeScheduler } from './schedulers/types.js';
import { excludedUsers, type ExcludedUsers, type RunWorld } from './world.js';

export type { AllocationCall, ProgressInfo, RunListeners } from './events.js';
export type { IterationCounts } from './jobs.js';

/** Probes read the channel before anything else happens at their instant. */
const PROBE_PRIORITY = -3;

/** A run: the world to run, what to run it for, and who decides. */
export interface RunInput extends RunListeners {
  run: RunWorld;
  config: SimulationConfig;
  allocator: Allocator;
  /** Whose fault an infeasible decision is: a built-in allocator's or a plug-in's. */
  allocatorOrigin: 'built-in' | 'plug-in';
  /** Makes each edge server's scheduler instead of the configured policy (a plug-in). */
  edgeScheduler?: () => EdgeScheduler;
}

export interface SimulationResult {
  seed: number;
  allocator: string;
  /** The simulation section in force, with the options applied. */
  config: SimulationConfig;
  summary: RunSummary;
  counts: IterationCounts;
  /** Allocator calls and the users whose server changed. */
  epochs: number;
  handovers: number;
  /** Wall-clock seconds spent in allocators, per call in order (not reproducible). */
  solveWallS: number[];
  /** Energy metered by the edge servers themselves, which includes iterations still in flight (J). */
  edgeMeteredJ: number;
  /** Edge energy of the finished iterations, as recorded (J). */
  edgeRecordedJ: number;
  events: number;
  /** Time the transmitters of finished iterations spent in outage (s). */
  outageS: number;
  /**
   * The realised cost of the allocator calls that closed at the end of the
   * run (or after the last call) and were not handed to any call: the
   * run's end feedback, for the allocator's `close`.
   */
  endFeedback: AllocationFeedback[];
  /** What the phones' batteries and governors did; absent without either model. */
  deviceLimits?: DeviceLimitCounts;
  /** Users who could not join (their memory or the sites'); absent when all could. */
  excludedUsers?: ExcludedUsers;
}

/**
 * The dynamic simulation of docs/simulation.md: jobs reach devices
 * (jobs.ts), the allocator is called at t = 0, every `epochS` and on
 * triggers (epochs.ts), and each training iteration runs through the
 * pipeline (pipeline.ts). The summary subscribes to the run's events like
 * any caller's listener.
 *
 * Async because the run yields to the event loop between chunks of events,
 * so that SIGINT and SIGTERM are handled (and temporary output removed,
 * src/io/interrupt.ts) while a long run is going.
 */
/** The edge policies whose service follows the allocator's shares (docs/simulation.md, "Edge-server schedulers"). */
const SHARE_POLICIES = new Set(['allocated', 'ps']);

/**
 * A new decision re-divides the servers: a job already at server m whose
 * user the decision keeps on m takes the user's new share from now on. A
 * user sent elsewhere, or now training alone, keeps the share its job was
 * admitted with until that job leaves: the server it is at still owes it.
 */
function redivide(servers: readonly EdgeServer[], call: AllocationCall, layers: number): void {
  const share = new Map<number, { server: number; hz: number }>();
  call.users.forEach((n, k) => {
    const d = call.decision.users[k];
    if (d.alpha < layers) share.set(n, { server: d.server, hz: d.serverFreqHz });
  });
  servers.forEach((server, m) =>
    server.setShares((user) => {
      const s = share.get(user);
      return s !== undefined && s.server === m ? s.hz : undefined;
    }),
  );
}

export async function runWorld(input: RunInput): Promise<SimulationResult> {
  const { run, config, allocator } = input;
  const sim = new Simulator();
  const horizonS = config.horizonS;
  const events = new RunEvents();
  const summary = new SummaryAccumulator(run.world.users.length);
  events.subscribe({ onIteration: (r) => summary.addIteration(r), onEpoch: (e) => summary.addEpoch(e) });
  const configured = config.scheduler;
  const makeScheduler = input.edgeScheduler ?? (isModuleRef(configured) ? undefined : () => createEdgeSchedulerFromConfig(configured));
  if (makeScheduler === undefined) throw new Error(`the edge scheduler module ${isModuleRef(configured) ? configured.module : ''} must be loaded by the caller and given as edgeScheduler`);
  const servers = run.world.servers.map((s) => new EdgeServer(sim, s.params, makeScheduler()));
  // Policies that serve by the allocated shares re-divide each server from the moment a decision is made;
  // a plug-in scheduler's jobs carry the re-divided shares too, for it to use or not.
  if (input.edgeScheduler !== undefined || isModuleRef(configured) || SHARE_POLICIES.has(configured.policy)) events.subscribe({ onAllocation: (call) => redivide(servers, call, run.world.llm.layers) });
  events.subscribe(input);
  const counts: IterationCounts = { jobs: 0, arrived: 0, started: 0, finished: 0, inFlight: 0, queued: 0 };
  const users = run.world.users.map(idleUser);
  const start = (n: number): void => pipeline.tryStart(n);
  const devices = new Devices(sim, run, start);
  const epochs = new Epochs(sim, run, config, allocator, input.allocatorOrigin, users, events, start, devices);
  const pipeline = new Pipeline(sim, run, config, servers, users, counts, epochs, events, devices);
  const arrivals = new JobArrivals(
    sim,
    run.jobs,
    run.streams,
    users,
    counts,
    (n, wasIdle) => {
      if (wasIdle && users[n].decision === null && config.triggers.jobArrival) epochs.trigger();
    },
    start,
  );

  arrivals.start();
  epochs.start();
  const probe = input.probe;
  if (probe !== undefined) {
    const allGains = (t: number): number[][] => run.world.users.map((_, n) => run.world.servers.map((_s, m) => run.channel.gain(n, m, t)));
    for (const t of probe.timesS) {
      if (t <= horizonS) sim.scheduleAt(t, () => probe.onProbe(t, probe.gains === false ? [] : allGains(t), run.mobility.map((m) => m.position(t))), undefined, PROBE_PRIORITY);
    }
  }
  const chunk = input.progressEvents ?? 20_000;
  for (;;) {
    const r = sim.run({ until: horizonS, maxEvents: chunk });
    input.onProgress?.({ timeS: sim.now, horizonS, events: sim.executedCount });
    if (r.reason !== 'maxEvents') break;
    // Let the event loop run between chunks, so SIGINT and SIGTERM are handled (and temporary output removed) within a chunk.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  for (const s of servers) s.sync();
  for (const u of users) counts.queued += u.queued;
  counts.inFlight = counts.started - counts.finished;
  epochs.flush(true);
  const counted = summary.summary(horizonS);
  const excluded = excludedUsers(run.world);
  const why = (): string => whyNoIteration(counts, epochs.firstEstimate, horizonS);
  return {
    seed: run.world.seed,
    allocator: allocator.name,
    config,
    summary: counted.iterations > 0 ? counted : { ...counted, noIteration: { reason: why() } },
    counts,
    epochs: epochs.count,
    handovers: epochs.handovers,
    solveWallS: epochs.solveWallS,
    edgeMeteredJ: servers.reduce((a, s) => a + s.energyJ, 0),
    edgeRecordedJ: pipeline.totals.edgeRecordedJ,
    events: sim.executedCount,
    outageS: pipeline.totals.outageS,
    endFeedback: epochs.takeFeedback(),
    ...(excluded !== undefined ? { excludedUsers: excluded } : {}),
    ...(devices.active ? { deviceLimits: devices.finalCounts() } : {}),
  };
}

/** Why a run finished no iteration, from what it saw. */
function whyNoIteration(counts: IterationCounts, e: IterationEstimate | undefined, horizonS: number): string {
  if (counts.jobs === 0) return `no job arrived within the ${horizonS} s horizon`;
  if (e === undefined) return 'the allocator was never called with a user that had work';
  if (e.startS + e.iterationS > horizonS) {
    return (
      `one iteration takes about ${formatSeconds(e.iterationS)} (the fastest user, ${e.user}, at the first allocation, t = ${e.startS} s, ` +
      `compute and uplink without waiting), more than the ${horizonS} s horizon allows`
    );
  }
  return `${counts.started} iterations started but none finished within the ${horizonS} s horizon (waiting or a slow channel)`;
}

/** Seconds, in the largest unit that keeps the number at least 1 (s, h or days). */
function formatSeconds(s: number): string {
  if (s >= 86_400 * 2) return `${Number((s / 86_400).toPrecision(3))} days`;
  if (s >= 7_200) return `${Number((s / 3_600).toPrecision(3))} h`;
  return `${Number(s.toPrecision(3))} s`;
}
