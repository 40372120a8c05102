import { BatchMeans, jainIndex, LogHistogram, RunningStats } from './stats.js';

/**
 * One training iteration of one user, as measured. Stage times partition the
 * iteration: totalDelayS = sum of the seven stage times = endS - startS.
 */
export interface IterationRecord {
  user: number;
  /** Iteration number of this user, 0, 1, 2, ... */
  iteration: number;
  /** The epoch whose decision governed the iteration. */
  epoch: number;
  /** Serving edge server. */
  server: number;
  /** Layers trained on the device. */
  alpha: number;
  /** When the iteration became ready on the device (s). */
  startS: number;
  /** When the device finished it (s). */
  endS: number;
  /** Waiting on the device for earlier work (s). */
  deviceWaitS: number;
  /** Device forward computation (the whole device part in the lumped pipeline) (s). */
  deviceComputeS: number;
  /** Uplink transfer of the activations (s). */
  uplinkS: number;
  /** Time at the edge server without service (queueing, waiting for a turn) (s). */
  edgeWaitS: number;
  /** Time at the edge server being served, at whatever rate the scheduler gave (s). */
  edgeComputeS: number;
  /** Downlink transfer of the gradient (s). */
  downlinkS: number;
  /** Device backward computation (0 in the lumped pipeline) (s). */
  deviceBackwardS: number;
  totalDelayS: number;
  /** Device computation energy, forward and backward (J). */
  deviceComputeJ: number;
  /** Uplink transmit energy (J). */
  txJ: number;
  /** Energy the edge server metered for this iteration (J). */
  edgeJ: number;
  /** Time the uplink was below the outage SNR threshold, carrying nothing, during this iteration's upload (s; part of uplinkS). */
  outageS: number;
}

/** Column order of iterations.csv: fixed, so outputs compare byte for byte. */
export const iterationColumns = [
  'user',
  'iteration',
  'epoch',
  'server',
  'alpha',
  'startS',
  'endS',
  'deviceWaitS',
  'deviceComputeS',
  'uplinkS',
  'edgeWaitS',
  'edgeComputeS',
  'downlinkS',
  'deviceBackwardS',
  'totalDelayS',
  'deviceComputeJ',
  'txJ',
  'edgeJ',
  'outageS',
] as const satisfies readonly (keyof IterationRecord)[];

/**
 * The columns of iterations.csv before `outageS` was added (last, so the
 * older header is a prefix of the current one). Readers accept both, so
 * run folders and campaigns written by an earlier mecsim still load.
 */
export const iterationColumnsWithoutOutage = iterationColumns.slice(0, -1) as readonly Exclude<(typeof iterationColumns)[number], 'outageS'>[];

/** The column list of iterations.csv whose header is `headerLine`, or null when it is neither the current nor the earlier one. */
export function iterationHeaderColumns(headerLine: string): readonly (typeof iterationColumns)[number][] | null {
  const h = headerLine.replace(/^\uFEFF/, '').replace(/\s+/g, '');
  if (h === iterationColumns.join(',')) return iterationColumns;
  if (h === iterationColumnsWithoutOutage.join(',')) return iterationColumnsWithoutOutage;
  return null;
}

/** One allocator call. */
export interface EpochRecord {
  index: number;
  /** Simulated time of the call (s). */
  timeS: number;
  /** Name of the allocator. */
  allocator: string;
  /** Wall-clock seconds the allocator took (the one non-reproducible column). */
  solveWallS: number;
  /** The allocator's objective value for its decision. */
  predictedObjective: number;
  /** The same objective evaluated on what the iterations it governed measured (see `EpochCostTally`). */
  realisedCost: number;
  /** Iterations the decision governed. */
  iterations: number;
  /** Users whose server changed with this decision. */
  handovers: number;
}

export const epochColumns = [
  'index',
  'timeS',
  'allocator',
  'solveWallS',
  'predictedObjective',
  'realisedCost',
  'iterations',
  'handovers',
] as const satisfies readonly (keyof EpochRecord)[];

/** Weights of the paper's objective (after normalisation). */
export interface CostWeights {
  time: number;
  energy: number;
}

/**
 * The measured counterpart of one user's per-iteration cost in the paper's
 * objective: w_t * (compute time on the device, and time at the edge server
 * from arrival to completion) + w_e * (device, transmit and edge energy);
 * with `includeAirtime` the uplink time joins the time term, as the
 * allocator's option does (model.md 7.3). The edge term is the whole stay
 * at the server whatever the scheduler: a processor-sharing server cannot
 * tell waiting from slower service, so counting only `edgeComputeS` would
 * charge queueing under `ps` and not under `fcfs`. Under `allocated` the
 * stay is the paper's edge time exactly. The wait on the device for the
 * user's own earlier iterations is not counted (it is in `totalDelayS`).
 */
export function measuredIterationCost(r: IterationRecord, w: CostWeights, includeAirtime = false): number {
  const timeS = r.deviceComputeS + r.deviceBackwardS + r.edgeWaitS + r.edgeComputeS + (includeAirtime ? r.uplinkS : 0);
  return w.time * timeS + w.energy * (r.deviceComputeJ + r.txJ + r.edgeJ);
}

/**
 * Realised cost of one epoch, comparable with the allocator's prediction,
 * which charges every user one iteration: the sum over users of the mean
 * measured cost of their iterations in the epoch. Memory is one entry per
 * user. The stability term depends only on alpha and is added by the caller.
 */
export class EpochCostTally {
  private readonly sums = new Map<number, { cost: number; count: number }>();
  private n = 0;

  constructor(
    readonly weights: CostWeights,
    readonly includeAirtime = false,
  ) {}

  add(r: IterationRecord): void {
    const c = measuredIterationCost(r, this.weights, this.includeAirtime);
    const e = this.sums.get(r.user);
    if (e === undefined) this.sums.set(r.user, { cost: c, count: 1 });
    else {
      e.cost += c;
      e.count++;
    }
    this.n++;
  }

  get iterations(): number {
    return this.n;
  }

  /** Users with at least one iteration, in increasing order. */
  users(): number[] {
    return [...this.sums.keys()].sort((a, b) => a - b);
  }

  /** The mean measured cost of a user's iterations, or undefined when it has none. */
  meanCost(user: number): number | undefined {
    const e = this.sums.get(user);
    return e === undefined ? undefined : e.cost / e.count;
  }

  /** Sum over users of their mean iteration cost (users in increasing order, for a reproducible sum). */
  realisedCost(): number {
    let total = 0;
    for (const user of this.users()) total += this.meanCost(user)!;
    return total;
  }
}

/** Summary of a run: what run.json reports. Times in s, energies in J. */
export interface RunSummary {
  iterations: number;
  epochs: number;
  /** First iteration start to last iteration end, or the span given to `summary` (s). */
  spanS: number;
  /** Iterations completed per second of span. */
  throughputPerS: number;
  delay: { meanS: number; stdS: number; minS: number; maxS: number; p50S: number; p95S: number; p99S: number };
  /** Mean of each stage time (s). */
  stageMeansS: Record<(typeof stageFields)[number], number>;
  energyTotalsJ: { deviceCompute: number; tx: number; edge: number; total: number };
  /** Mean energy per iteration (J). */
  energyMeanJ: number;
  /** Jain's index over per-user throughput (users with no iteration count as zero). */
  jainThroughput: number;
  /**
   * 95% intervals of the run's own means by batch means over the iterations
   * in completion order (`BatchMeans`, 20 to 40 batches): what one long run
   * says about its steady state without further seeds. Null below two
   * complete batches.
   */
  intervals: { delayMeanS: BatchInterval | null; energyMeanJ: BatchInterval | null };
  handovers: number;
  /** Mean allocator wall-clock time per epoch (s). */
  solveWallMeanS: number;
  /**
   * Present only when no iteration finished: why, as far as the run can
   * tell. The delay and energy means are then undefined (null in run.json)
   * and so is Jain's index.
   */
  noIteration?: { reason: string };
}

/** A batch-means interval: the half width and bounds, and the batches it rests on. */
export interface BatchInterval {
  halfWidth: number;
  lower: number;
  upper: number;
  batches: number;
  batchSize: number;
}

function batchInterval(b: BatchMeans): BatchInterval | null {
  if (b.batches < 2) return null;
  const ci = b.interval(0.95);
  return { halfWidth: ci.halfWidth, lower: ci.lower, upper: ci.upper, batches: b.batches, batchSize: b.batchSize };
}

export const stageFields = ['deviceWaitS', 'deviceComputeS', 'uplinkS', 'edgeWaitS', 'edgeComputeS', 'downlinkS', 'deviceBackwardS'] as const;

/**
 * Running summary of a run, fed one record at a time. Its memory does not
 * grow with the number of records: streaming moments, a log-bucketed
 * histogram for delay percentiles (relative error 0.5%, see `LogHistogram`)
 * and one counter per user.
 */
export class SummaryAccumulator {
  private readonly delay = new RunningStats();
  private readonly delayHistogram = new LogHistogram();
  private readonly delayBatches = new BatchMeans(20);
  private readonly energyBatches = new BatchMeans(20);
  private readonly stages = stageFields.map(() => new RunningStats());
  private deviceJ = 0;
  private txJ = 0;
  private edgeJ = 0;
  private firstStartS = Infinity;
  private lastEndS = -Infinity;
  private perUser = new Map<number, number>();
  private epochCount = 0;
  private handoverCount = 0;
  private readonly solve = new RunningStats();

  /** @param users the number of users, so users that never finish count as zero throughput. */
  constructor(readonly users = 0) {}

  addIteration(r: IterationRecord): void {
    this.delay.push(r.totalDelayS);
    this.delayHistogram.push(r.totalDelayS);
    this.delayBatches.push(r.totalDelayS);
    this.energyBatches.push(r.deviceComputeJ + r.txJ + r.edgeJ);
    for (let i = 0; i < stageFields.length; i++) this.stages[i].push(r[stageFields[i]]);
    this.deviceJ += r.deviceComputeJ;
    this.txJ += r.txJ;
    this.edgeJ += r.edgeJ;
    if (r.startS < this.firstStartS) this.firstStartS = r.startS;
    if (r.endS > this.lastEndS) this.lastEndS = r.endS;
    this.perUser.set(r.user, (this.perUser.get(r.user) ?? 0) + 1);
  }

  addEpoch(e: EpochRecord): void {
    this.epochCount++;
    this.handoverCount += e.handovers;
    this.solve.push(e.solveWallS);
  }

  /** @param spanS the span throughput is measured over (default: first start to last end). */
  summary(spanS?: number): RunSummary {
    const n = this.delay.count;
    const span = spanS ?? (n === 0 ? 0 : this.lastEndS - this.firstStartS);
    const perSecond = (count: number): number => (span > 0 ? count / span : 0);
    const users = Math.max(this.users, this.perUser.size === 0 ? 0 : Math.max(...this.perUser.keys()) + 1);
    const throughputs: number[] = [];
    for (let u = 0; u < users; u++) throughputs.push(perSecond(this.perUser.get(u) ?? 0));
    const h = this.delayHistogram;
    const stageMeansS = {} as RunSummary['stageMeansS'];
    stageFields.forEach((f, i) => (stageMeansS[f] = this.stages[i].mean));
    const total = this.deviceJ + this.txJ + this.edgeJ;
    return {
      iterations: n,
      epochs: this.epochCount,
      spanS: span,
      throughputPerS: perSecond(n),
      delay: {
        meanS: this.delay.mean,
        stdS: this.delay.stdDev,
        minS: this.delay.min,
        maxS: this.delay.max,
        p50S: h.quantile(0.5),
        p95S: h.quantile(0.95),
        p99S: h.quantile(0.99),
      },
      stageMeansS,
      energyTotalsJ: { deviceCompute: this.deviceJ, tx: this.txJ, edge: this.edgeJ, total },
      energyMeanJ: n === 0 ? NaN : total / n,
      jainThroughput: users === 0 || n === 0 ? NaN : jainIndex(throughputs),
      intervals: { delayMeanS: batchInterval(this.delayBatches), energyMeanJ: batchInterval(this.energyBatches) },
      handovers: this.handoverCount,
      solveWallMeanS: this.solve.mean,
    };
  }
}
