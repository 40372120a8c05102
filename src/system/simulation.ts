import { AllocatorError } from '../allocation/allocator-error.js';
import { allocatorByName } from '../allocation/allocators.js';
import { parseAllocatorOptions } from '../allocation/allocator-options.js';
import { feasibilityViolations } from '../allocation/feasibility.js';
import { evaluate, type ObjectiveBreakdown } from '../allocation/objective.js';
import type { Allocator, Decision, Snapshot, UserDecision } from '../allocation/types.js';
import { strongestServer } from '../allocation/weights.js';
import { InputError } from '../engine/input-error.js';
import { RandomStreams, type Stream } from '../engine/random.js';
import { Simulator } from '../engine/simulator.js';
import { psiFlops } from '../llm/cost.js';
import { EpochCostTally, SummaryAccumulator, type EpochRecord, type IterationRecord, type RunSummary } from '../metrics/recorders.js';
import { createMobility, type MobilityConfig } from '../mobility/registry.js';
import type { MobilityModel, Point } from '../mobility/mobility.js';
import type { MobilityTrace } from '../mobility/trace-mobility.js';
import { Channel, fdmaRateBps } from '../radio/channel.js';
import { TraceFading } from '../radio/channel-trace.js';
import type { Fading } from '../radio/fading.js';
import { createFading, createShadowing } from '../radio/registry.js';
import { buildWorld, snapshotOf, type World } from '../scenario/build.js';
import { checkEventRate, estimateRun, weightScalesChecked } from '../scenario/limits.js';
import { sampleDistribution } from '../scenario/distribution.js';
import type { SimulationConfig, Topology } from '../scenario/schema.js';
import { simulationSchema } from '../scenario/schema.js';
import { EdgeServer, type CompletedEdgeJob } from './schedulers/edge-server.js';
import { createEdgeSchedulerFromConfig, edgeSchedulerSchema, type EdgeSchedulerConfig } from './schedulers/registry.js';
import { Transfer, type TransferResult } from './transfer.js';
import type { EdgeScheduler } from './schedulers/types.js';

/** Where a run is, for progress displays. */
export interface ProgressInfo {
  /** Simulated time reached (s). */
  timeS: number;
  horizonS: number;
  /** Events executed so far. */
  events: number;
}

export interface SimulationOptions {
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
  /** Edge scheduler; default `simulation.scheduler` of the topology. */
  scheduler?: EdgeSchedulerConfig;
  /** Makes each edge server's scheduler instead of `scheduler` (a plug-in, src/plugins/). */
  edgeScheduler?: () => EdgeScheduler;
  /** Simulated time (s); default `simulation.horizonS`. */
  horizonS?: number;
  /** Called for every finished iteration, in order of completion. */
  onIteration?: (r: IterationRecord) => void;
  /** Called for every allocator call once no iteration it governed is still running, in index order. */
  onEpoch?: (r: EpochRecord) => void;
  /** Called after every allocator call with what it saw and decided. */
  onAllocation?: (call: AllocationCall) => void;
  /**
   * Read the channel and the positions at these times (s), whatever the
   * allocator does: instantaneous gains of every link and every user's
   * position. For checking common random numbers across runs.
   */
  probe?: { timesS: readonly number[]; onProbe: (timeS: number, gains: number[][], positions: Point[]) => void };
  /** Called every `progressEvents` events and at the end. */
  onProgress?: (p: ProgressInfo) => void;
  progressEvents?: number;
  /**
   * One-line notices and warnings about the input (a trace shorter than the
   * horizon, lines a trace reader skipped); stderr in the CLI. They never
   * change what a run computes or writes.
   */
  notify?: (message: string) => void;
  /** With `notify`: also list every line a trace reader skipped. */
  verbose?: boolean;
}

/** One allocator call: `users[k]` is the index of the snapshot's user k. */
export interface AllocationCall {
  index: number;
  snapshot: Snapshot;
  decision: Decision;
  users: readonly number[];
}

/** Counts that account for every iteration of a run. */
export interface IterationCounts {
  /** Jobs that reached a device before the horizon. */
  jobs: number;
  /** Iterations those jobs brought. */
  arrived: number;
  /** Iterations whose device computation began. */
  started: number;
  /** Iterations the device finished. */
  finished: number;
  /** Started and not finished at the horizon. */
  inFlight: number;
  /** Arrived and not started at the horizon. */
  queued: number;
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
}

/** Lower priority runs first among events at one instant: arrivals, then allocator calls, then the pipeline. */
/** Budget sums may miss by this, relatively: shares are rescaled in floating point. */
const FEASIBILITY_REL_TOL = 1e-9;
const ARRIVAL_PRIORITY = -2;
const EPOCH_PRIORITY = -1;
const PROBE_PRIORITY = -3;

interface Job {
  readyS: number;
  left: number;
}

interface UserState {
  jobs: Job[];
  jobHead: number;
  /** Iterations arrived and not started. */
  queued: number;
  busy: boolean;
  iterations: number;
  decision: UserDecision | null;
  decisionEpoch: number;
  /** Gain of the serving link in the snapshot of the decision in force. */
  referenceGain: number;
  /** Server of the last decision this user held (-1: none yet). */
  lastServer: number;
  /** Last decision held, for warm starts. */
  lastDecision: UserDecision | null;
}

interface OpenEpoch {
  record: EpochRecord;
  tally: EpochCostTally;
  stabilityWeight: number;
  /** Stability bound per user of the decision. */
  stability: Map<number, number>;
  running: number;
  superseded: boolean;
}

class Iteration {
  readyS = 0;
  startS = 0;
  deviceComputeS = 0;
  uplinkS = 0;
  edgeWaitS = 0;
  edgeComputeS = 0;
  downlinkS = 0;
  deviceBackwardS = 0;
  deviceComputeJ = 0;
  txJ = 0;
  edgeJ = 0;
  outageS = 0;
  constructor(
    readonly user: number,
    readonly no: number,
    readonly epoch: number,
    readonly d: UserDecision,
    readonly job: Job,
  ) {}
}

/**
 * The dynamic simulation of docs/simulation.md: jobs reach devices, each
 * training iteration runs device computation, uplink over the time-varying
 * channel, the edge server's scheduler and the downlink, and the allocator is
 * called at t = 0, every `epochS` and on triggers. See docs/simulation.md,
 * "Pipeline and epochs".
 *
 * Async because some allocators load a solver before their first call.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  return new Run(options).execute();
}

/**
 * Builds everything a run needs (world, mobility, channel, schedulers,
 * allocator) without running it, so that a campaign can refuse bad input
 * before its first run starts.
 */
export function prepareSimulation(options: SimulationOptions): void {
  new Run(options);
}

/** The simulation section with the command-line style overrides applied. */
export function resolveSimulation(options: Pick<SimulationOptions, 'topology' | 'allocator' | 'scheduler' | 'horizonS' | 'allocatorOptions'>): SimulationConfig {
  const base = options.topology.simulation ?? simulationSchema.parse({});
  const config: SimulationConfig = {
    ...base,
    allocator: options.allocator ?? base.allocator,
    scheduler: options.scheduler === undefined ? base.scheduler : edgeSchedulerSchema.parse(options.scheduler),
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

class Run {
  private readonly sim = new Simulator();
  private readonly config: SimulationConfig;
  private readonly world: World;
  private readonly seed: number;
  private readonly streams: RandomStreams;
  private readonly allocator: Allocator;
  private readonly mobility: MobilityModel[];
  private readonly channel: Channel;
  private readonly staticChannel: boolean;
  private readonly servers: EdgeServer[];
  private readonly users: UserState[];
  private readonly psi: number[];
  private readonly summary: SummaryAccumulator;
  private readonly openEpochs: OpenEpoch[] = [];
  private readonly epochByIndex = new Map<number, OpenEpoch>();
  private readonly solveWallS: number[] = [];
  private readonly minSnr: number;
  private readonly arrivalStreams: (Stream | null)[];
  private readonly jobStreams: Stream[];
  private epochCount = 0;
  private handoverCount = 0;
  private lastEpochS = -Infinity;
  private triggerPending = false;
  private nextJobId = 0;
  private counts: IterationCounts = { jobs: 0, arrived: 0, started: 0, finished: 0, inFlight: 0, queued: 0 };
  private edgeRecordedJ = 0;
  private outageS = 0;
  /** The fastest iteration the first allocation predicts: to explain a run that finishes none. */
  private firstEstimate: IterationEstimate | undefined;

  constructor(private readonly options: SimulationOptions) {
    const { topology, source } = options;
    this.config = resolveSimulation(options);
    this.seed = options.seed ?? topology.seed;
    // Impossible event rates are refused before anything is allocated.
    checkEventRate(estimateRun(topology, this.config), source);
    this.world = buildWorld(topology, this.seed, source);
    this.streams = new RandomStreams(this.seed);
    try {
      this.allocator = options.allocatorObject ?? configuredAllocator(options, this.config.allocator);
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(source, 'simulation.allocator', (err as Error).message);
    }
    const area = topology.area;
    const traces = new Map<string, MobilityTrace>();
    // Notices wait until every trace is read, so bad input still gets one line.
    const notices: string[] = [];
    this.mobility = this.world.users.map((u, n) => {
      const gi = topology.users.findIndex((g) => g.name === u.group);
      const given = topology.users[gi].mobility;
      const config: MobilityConfig =
        given === undefined || (given.model === 'static' && given.x === undefined && given.y === undefined)
          ? { model: 'static', x: u.position.xM, y: u.position.yM }
          : given;
      const ctx = { user: n, area, baseDir: options.baseDir, traces, userCount: this.world.users.length, notify: (m: string) => notices.push(m), verbose: options.verbose };
      return createMobility(config, this.streams, ctx, `users[${gi}].mobility`, source);
    });
    const fading = createFading(topology.radio.fading, this.streams, 'radio.fading', source, {
      baseDir: options.baseDir,
      userCount: this.world.users.length,
      serverCount: this.world.servers.length,
    });
    for (const m of notices) options.notify?.(m);
    warnShortTraces([...traces.values()], fading, this.config.horizonS, options.notify);
    this.channel = new Channel({
      pathLoss: this.world.pathLoss,
      shadowing: createShadowing(topology.radio.shadowing, this.streams, 'radio.shadowing', source),
      fading,
      servers: this.world.servers.map((s) => ({ x: s.position.xM, y: s.position.yM })),
      users: this.mobility,
      streams: this.streams,
      // The groups' antenna heights, as the one-shot snapshot (pathGains) uses.
      userHeightsM: this.world.users.map((u) => u.antennaHeightM),
      serverHeightsM: this.world.servers.map((s) => s.antennaHeightM),
    });
    this.staticChannel = topology.radio.fading.model === 'none' && this.mobility.every((m) => m.name === 'static');
    this.servers = this.world.servers.map(
      (s) => new EdgeServer(this.sim, s.params, options.edgeScheduler?.() ?? createEdgeSchedulerFromConfig(this.config.scheduler)),
    );
    this.users = this.world.users.map(() => ({
      jobs: [],
      jobHead: 0,
      queued: 0,
      busy: false,
      iterations: 0,
      decision: null,
      decisionEpoch: -1,
      referenceGain: NaN,
      lastServer: -1,
      lastDecision: null,
    }));
    const llm = this.world.llm;
    this.psi = this.world.users.map((u) => psiFlops(llm.batch, u.params.tokens, llm.hidden));
    this.summary = new SummaryAccumulator(this.world.users.length);
    this.minSnr = this.config.outage === undefined ? 0 : Math.pow(10, this.config.outage.minSnrDb / 10);
    this.arrivalStreams = this.world.users.map((_, n) => (this.groupOf(n).jobs.arrivals.kind === 'poisson' ? this.streams.stream(`arrivals/u${n}`) : null));
    this.jobStreams = this.world.users.map((_, n) => this.streams.stream(`jobs/u${n}`));
  }

  private groupOf(n: number) {
    const u = this.world.users[n];
    return this.options.topology.users.find((g) => g.name === u.group)!;
  }

  async execute(): Promise<SimulationResult> {
    const horizonS = this.config.horizonS;
    const sim = this.sim;
    // Work present at t = 0 is queued before the first allocator call sees the queues.
    for (let n = 0; n < this.users.length; n++) {
      const arrivals = this.groupOf(n).jobs.arrivals;
      if (arrivals.kind === 'at-start') for (let j = 0; j < arrivals.jobs; j++) this.addJob(n);
      else sim.scheduleAt(this.arrivalStreams[n]!.exponential(arrivals.ratePerS), this.onArrival, n, ARRIVAL_PRIORITY);
    }
    sim.scheduleAt(0, this.onPeriodicEpoch, 0, EPOCH_PRIORITY);
    const probe = this.options.probe;
    if (probe !== undefined) {
      for (const t of probe.timesS) {
        if (t <= horizonS) sim.scheduleAt(t, () => probe.onProbe(t, this.allGains(t), this.mobility.map((m) => m.position(t))), undefined, PROBE_PRIORITY);
      }
    }
    const chunk = this.options.progressEvents ?? 20_000;
    for (;;) {
      const r = sim.run({ until: horizonS, maxEvents: chunk });
      this.options.onProgress?.({ timeS: sim.now, horizonS, events: sim.executedCount });
      if (r.reason !== 'maxEvents') break;
      // Let the event loop run between chunks, so SIGINT and SIGTERM are handled (and temporary output removed) within a chunk.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    for (const s of this.servers) s.sync();
    for (const u of this.users) this.counts.queued += u.queued;
    this.counts.inFlight = this.counts.started - this.counts.finished;
    this.flushEpochs(true);
    const counted = this.summary.summary(horizonS);
    const summary = counted.iterations > 0 ? counted : { ...counted, noIteration: { reason: this.whyNoIteration() } };
    return {
      seed: this.seed,
      allocator: this.allocator.name,
      config: this.config,
      summary,
      counts: this.counts,
      epochs: this.epochCount,
      handovers: this.handoverCount,
      solveWallS: this.solveWallS,
      edgeMeteredJ: this.servers.reduce((a, s) => a + s.energyJ, 0),
      edgeRecordedJ: this.edgeRecordedJ,
      events: sim.executedCount,
      outageS: this.outageS,
    };
  }

  /** Why a run finished no iteration, from what it saw; see `firstEstimate`. */
  private whyNoIteration(): string {
    const horizonS = this.config.horizonS;
    if (this.counts.jobs === 0) return `no job arrived within the ${horizonS} s horizon`;
    const e = this.firstEstimate;
    if (e === undefined) return 'the allocator was never called with a user that had work';
    if (e.startS + e.iterationS > horizonS) {
      return (
        `one iteration takes about ${formatSeconds(e.iterationS)} (the fastest user, ${e.user}, at the first allocation, t = ${e.startS} s, ` +
        `compute and uplink without waiting), more than the ${horizonS} s horizon allows`
      );
    }
    return `${this.counts.started} iterations started but none finished within the ${horizonS} s horizon (waiting or a slow channel)`;
  }

  // ---- jobs ---------------------------------------------------------------

  private addJob(n: number): void {
    const iterations = sampleDistribution(this.groupOf(n).jobs.iterationsPerJob, this.jobStreams[n]);
    const u = this.users[n];
    const wasIdle = !u.busy && u.queued === 0;
    u.jobs.push({ readyS: this.sim.now, left: iterations });
    u.queued += iterations;
    this.counts.jobs++;
    this.counts.arrived += iterations;
    if (wasIdle && u.decision === null && this.config.triggers.jobArrival) this.trigger();
  }

  private readonly onArrival = (n: number): void => {
    const arrivals = this.groupOf(n).jobs.arrivals;
    if (arrivals.kind !== 'poisson') return;
    this.addJob(n);
    this.sim.schedule(this.arrivalStreams[n]!.exponential(arrivals.ratePerS), this.onArrival, n, ARRIVAL_PRIORITY);
    this.tryStart(n);
  };

  // ---- epochs -------------------------------------------------------------

  private readonly onPeriodicEpoch = (k: number): void => {
    const next = (k + 1) * this.config.epochS;
    if (next <= this.config.horizonS) this.sim.scheduleAt(next, this.onPeriodicEpoch, k + 1, EPOCH_PRIORITY);
    this.epoch();
  };

  private readonly onTriggeredEpoch = (): void => {
    this.triggerPending = false;
    this.epoch();
  };

  /** Ask for an allocator call now, unless one is pending or the last was too recent. */
  private trigger(): void {
    if (this.triggerPending) return;
    const earliest = this.lastEpochS + this.config.triggers.minGapS;
    const at = Math.max(this.sim.now, earliest);
    if (at > this.config.horizonS) return;
    this.triggerPending = true;
    this.sim.scheduleAt(at, this.onTriggeredEpoch, undefined, EPOCH_PRIORITY);
  }

  private epoch(): void {
    const now = this.sim.now;
    this.lastEpochS = now;
    // The previous decisions govern no new iteration from here on.
    for (const e of this.openEpochs) e.superseded = true;
    const active: number[] = [];
    for (let n = 0; n < this.users.length; n++) {
      const u = this.users[n];
      if (this.config.users === 'all' || u.busy || u.queued > 0) active.push(n);
      else u.decision = null;
    }
    if (active.length === 0) {
      this.flushEpochs(false);
      return;
    }
    const snapshot = this.snapshot(active, now);
    const previous = this.previousDecision(active, snapshot);
    const t0 = process.hrtime.bigint();
    const result = this.allocator.decide(snapshot, { streams: this.streams, previous });
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    const decision = result.decision;
    const violations = feasibilityViolations(snapshot, decision, { relTol: FEASIBILITY_REL_TOL, txPowerFloorFraction: this.allocator.txPowerFloorFraction });
    if (violations.length > 0) {
      const origin = this.options.allocatorObject === undefined ? 'built-in' : 'plug-in';
      throw new AllocatorError(this.allocator.name, origin, this.epochCount, now, violations, active);
    }
    const index = this.epochCount++;
    this.solveWallS.push(wallS);
    this.options.onAllocation?.({ index, snapshot, decision, users: active });
    const predicted = evaluate(snapshot, decision);
    if (this.firstEstimate === undefined) this.firstEstimate = fastestIteration(predicted, active, now);
    const stability = new Map<number, number>();
    let handovers = 0;
    for (let k = 0; k < active.length; k++) {
      const n = active[k];
      const d = decision.users[k];
      const u = this.users[n];
      if (u.lastServer >= 0 && u.lastServer !== d.server && d.alpha < snapshot.layers) handovers++;
      if (d.alpha < snapshot.layers) u.lastServer = d.server;
      u.decision = d;
      u.lastDecision = d;
      u.decisionEpoch = index;
      u.referenceGain = snapshot.gains[k][d.server];
      stability.set(n, predicted.perUser[k].stabilityBound);
    }
    this.handoverCount += handovers;
    const open: OpenEpoch = {
      record: {
        index,
        timeS: now,
        allocator: this.allocator.name,
        solveWallS: wallS,
        predictedObjective: predicted.totals.total,
        realisedCost: NaN,
        iterations: 0,
        handovers,
      },
      tally: new EpochCostTally(snapshot.weights, snapshot.includeAirtime),
      stabilityWeight: snapshot.weights.stability,
      stability,
      running: 0,
      superseded: false,
    };
    this.openEpochs.push(open);
    this.epochByIndex.set(index, open);
    this.flushEpochs(false);
    for (const n of active) this.tryStart(n);
  }

  private allGains(t: number): number[][] {
    return this.world.users.map((_, n) => this.world.servers.map((_s, m) => this.channel.gain(n, m, t)));
  }

  /** The allocator's view: the given users, all servers, gains of the kind the scenario asks for. */
  private snapshot(active: number[], t: number): Snapshot {
    const w = this.world;
    const M = w.servers.length;
    const largeScale = this.config.gains === 'large-scale';
    const gains = active.map((n) => {
      const row = new Array<number>(M);
      for (let m = 0; m < M; m++) row[m] = largeScale ? this.channel.largeScaleGain(n, m, t) : this.channel.gain(n, m, t);
      return row;
    });
    const queuedIterations = active.map((n) => this.users[n].queued + (this.users[n].busy ? 1 : 0));
    return weightScalesChecked(() => snapshotOf(w, gains, t, { users: active, queuedIterations }), this.options.source);
  }

  /**
   * A warm start over the snapshot's users: each user's last decision, and
   * for a user without one, its strongest server at alpha = 1 with an equal
   * share of that server (allocators renormalise shares they start from).
   */
  private previousDecision(active: number[], snapshot: Snapshot): Decision | undefined {
    if (this.epochCount === 0) return undefined;
    const counts = new Array<number>(snapshot.servers.length).fill(0);
    const fill: (number | null)[] = active.map((n, k) => {
      if (this.users[n].lastDecision !== null) return null;
      const m = strongestServer(snapshot, k);
      counts[m]++;
      return m;
    });
    return {
      users: active.map((n, k) => {
        const last = this.users[n].lastDecision;
        if (last !== null) return last;
        const m = fill[k]!;
        const u = snapshot.users[k];
        const s = snapshot.servers[m];
        return {
          alpha: 1,
          server: m,
          txPowerW: u.maxTxPowerW,
          bandwidthHz: s.bandwidthHz / counts[m],
          freqHz: u.maxFreqHz,
          serverFreqHz: s.maxFreqHz / counts[m],
        };
      }),
    };
  }

  /** Write the records of epochs that govern nothing any more, in index order; at the end, all of them. */
  private flushEpochs(final: boolean): void {
    while (this.openEpochs.length > 0) {
      const e = this.openEpochs[0];
      if (!final && !(e.superseded && e.running === 0)) return;
      this.openEpochs.shift();
      this.epochByIndex.delete(e.record.index);
      const tally = e.tally;
      let stab = 0;
      if (e.stabilityWeight !== 0) for (const n of tally.users()) stab += e.stabilityWeight * e.stability.get(n)!;
      e.record.iterations = tally.iterations;
      e.record.realisedCost = tally.iterations === 0 ? NaN : tally.realisedCost() + stab;
      this.summary.addEpoch(e.record);
      this.options.onEpoch?.(e.record);
    }
  }

  // ---- the iteration pipeline ----------------------------------------------

  private tryStart(n: number): void {
    const u = this.users[n];
    if (u.busy || u.queued === 0 || u.decision === null) return;
    let job = u.jobs[u.jobHead];
    while (job.left === 0) {
      u.jobHead++;
      job = u.jobs[u.jobHead];
    }
    if (u.jobHead > 64 && u.jobHead * 2 > u.jobs.length) {
      u.jobs.splice(0, u.jobHead);
      u.jobHead = 0;
    }
    job.left--;
    u.queued--;
    u.busy = true;
    const it = new Iteration(n, u.iterations++, u.decisionEpoch, u.decision, job);
    const epoch = this.epochByIndex.get(u.decisionEpoch);
    if (epoch !== undefined) epoch.running++;
    this.counts.started++;
    it.readyS = job.readyS;
    it.startS = this.sim.now;
    if (this.config.triggers.gainChangeDb !== undefined) this.checkGain(n);
    const tDevice = this.deviceTimeS(it);
    const forward = this.config.pipeline === 'lumped' ? tDevice : tDevice / 3;
    it.deviceComputeS = forward;
    this.sim.schedule(forward, this.afterForward, it);
  }

  /** alpha layers at the decided device frequency: alpha psi / (f C D) seconds. */
  private deviceTimeS(it: Iteration): number {
    const p = this.world.users[it.user].params;
    return (it.d.alpha * this.psi[it.user]) / (it.d.freqHz * p.cores * p.flopsPerCycle);
  }

  private deviceEnergyJ(it: Iteration, seconds: number): number {
    const f = it.d.freqHz;
    return this.world.users[it.user].params.kappa * f * f * f * seconds;
  }

  private readonly afterForward = (it: Iteration): void => {
    it.deviceComputeJ += this.deviceEnergyJ(it, it.deviceComputeS);
    if (it.d.alpha >= this.world.llm.layers) {
      // Local-only: nothing leaves the device.
      this.backward(it);
      return;
    }
    const u = this.world.users[it.user].params;
    const n = it.user;
    const d = it.d;
    const N0 = this.world.noiseWPerHz;
    const probe = (t: number): number => {
      const g = this.channel.gain(n, d.server, t);
      if (this.config.triggers.gainChangeDb !== undefined) this.checkGain(n);
      return this.rate(d.bandwidthHz, g, d.txPowerW, N0);
    };
    new Transfer(this.sim, u.activationBits, probe, this.config.rateUpdateS, this.staticChannel, (r) => this.afterUplink(it, r));
  };

  /** FDMA rate with the outage rule: below the SNR threshold the link carries nothing. */
  private rate(bandwidthHz: number, gain: number, powerW: number, N0: number): number {
    if (this.minSnr > 0 && (gain * powerW) / (N0 * bandwidthHz) < this.minSnr) return 0;
    return fdmaRateBps(bandwidthHz, gain, powerW, N0);
  }

  private afterUplink(it: Iteration, r: TransferResult): void {
    it.uplinkS = r.durationS;
    it.txJ = it.d.txPowerW * r.onAirS;
    it.outageS += r.durationS - r.onAirS;
    const work = (this.world.llm.layers - it.d.alpha) * this.psi[it.user];
    this.servers[it.d.server].submit(
      { id: this.nextJobId++, user: it.user, workFlops: work, shareHz: it.d.serverFreqHz },
      (job: CompletedEdgeJob) => this.afterEdge(it, job),
    );
  }

  private afterEdge(it: Iteration, job: CompletedEdgeJob): void {
    it.edgeWaitS = job.waitS;
    it.edgeComputeS = job.serviceS;
    it.edgeJ = job.energyJ;
    const dl = this.config.downlink;
    if (dl.model === 'none') {
      this.backward(it);
      return;
    }
    const n = it.user;
    const d = it.d;
    const N0 = this.world.noiseWPerHz;
    const bits = this.world.users[n].params.activationBits;
    const probe = (t: number): number => this.rate(d.bandwidthHz, this.channel.gain(n, d.server, t), dl.serverTxPowerW, N0);
    new Transfer(this.sim, bits, probe, this.config.rateUpdateS, this.staticChannel, (r) => {
      it.downlinkS = r.durationS;
      this.backward(it);
    });
  }

  private backward(it: Iteration): void {
    if (this.config.pipeline === 'lumped') {
      this.finish(it);
      return;
    }
    const back = (2 * this.deviceTimeS(it)) / 3;
    it.deviceBackwardS = back;
    this.sim.schedule(back, this.afterBackward, it);
  }

  private readonly afterBackward = (it: Iteration): void => {
    it.deviceComputeJ += this.deviceEnergyJ(it, it.deviceBackwardS);
    this.finish(it);
  };

  private finish(it: Iteration): void {
    const n = it.user;
    const u = this.users[n];
    const now = this.sim.now;
    const r: IterationRecord = {
      user: n,
      iteration: it.no,
      epoch: it.epoch,
      server: it.d.alpha >= this.world.llm.layers ? -1 : it.d.server,
      alpha: it.d.alpha,
      startS: it.readyS,
      endS: now,
      deviceWaitS: it.startS - it.readyS,
      deviceComputeS: it.deviceComputeS,
      uplinkS: it.uplinkS,
      edgeWaitS: it.edgeWaitS,
      edgeComputeS: it.edgeComputeS,
      downlinkS: it.downlinkS,
      deviceBackwardS: it.deviceBackwardS,
      totalDelayS: now - it.readyS,
      deviceComputeJ: it.deviceComputeJ,
      txJ: it.txJ,
      edgeJ: it.edgeJ,
    };
    this.counts.finished++;
    this.edgeRecordedJ += it.edgeJ;
    this.outageS += it.outageS;
    this.summary.addIteration(r);
    const epoch = this.epochByIndex.get(it.epoch);
    if (epoch !== undefined) {
      epoch.tally.add(r);
      epoch.running--;
    }
    this.options.onIteration?.(r);
    // The job's next iteration becomes ready now.
    it.job.readyS = now;
    u.busy = false;
    if (epoch !== undefined && epoch.superseded && epoch.running === 0) this.flushEpochs(false);
    this.tryStart(n);
  }

  /** Trigger an allocator call when user n's serving link has moved too far from the gain planned with. */
  private checkGain(n: number): void {
    const u = this.users[n];
    const d = u.decision;
    if (d === null || !(u.referenceGain > 0)) return;
    const t = this.sim.now;
    const g = this.config.gains === 'large-scale' ? this.channel.largeScaleGain(n, d.server, t) : this.channel.gain(n, d.server, t);
    const changeDb = Math.abs(10 * Math.log10(g / u.referenceGain));
    if (changeDb > this.config.triggers.gainChangeDb!) this.trigger();
  }
}

interface IterationEstimate {
  user: number;
  startS: number;
  /** Device and edge compute plus uplink airtime (s): one iteration with no waiting. */
  iterationS: number;
}

function fastestIteration(predicted: ObjectiveBreakdown, users: readonly number[], startS: number): IterationEstimate {
  let best: IterationEstimate = { user: users[0], startS, iterationS: Infinity };
  predicted.perUser.forEach((c, k) => {
    const iterationS = c.localTimeS + c.airtimeS + c.edgeTimeS;
    if (iterationS < best.iterationS) best = { user: users[k], startS, iterationS };
  });
  return best;
}

/** Seconds, in the largest unit that keeps the number at least 1 (s, h or days). */
function formatSeconds(s: number): string {
  if (s >= 86_400 * 2) return `${Number((s / 86_400).toPrecision(3))} days`;
  if (s >= 7_200) return `${Number((s / 3_600).toPrecision(3))} h`;
  return `${Number(s.toPrecision(3))} s`;
}
