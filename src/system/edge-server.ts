import type { EventHandle, Simulator } from '../engine/simulator.js';
import { capacityFlopsPerS, type EdgeGpu, type EdgeJob, type EdgeScheduler } from './schedulers/types.js';

/** What a caller hands to `EdgeServer.submit`. */
export interface EdgeJobRequest {
  id: number;
  user: number;
  /** Edge work of the iteration: (Y - alpha) * psi(d) FLOPs, >= 0. */
  workFlops: number;
  /** The user's share f_nm of this server's GPU frequency (Hz), > 0. */
  shareHz: number;
}

/** A job as it leaves the server. */
export interface CompletedEdgeJob {
  id: number;
  user: number;
  workFlops: number;
  arrivalS: number;
  /** First instant the job received service (s); its arrival if it never waited. */
  startS: number;
  completionS: number;
  /** Time the job was being served, at whatever rate (s). */
  serviceS: number;
  /** Time at the server without service: completionS - arrivalS - serviceS (s). */
  waitS: number;
  /** Energy metered on this job's behalf (J). */
  energyJ: number;
}

export type EdgeJobDone = (job: CompletedEdgeJob) => void;

export interface EdgeServerOptions {
  /** Called after every re-evaluation of the rates (for probes and contract tests). */
  onReplan?: (server: EdgeServer) => void;
}

/**
 * A job whose remaining work has fallen below this fraction of its work is
 * complete: what is left is rounding from remaining -= rate * dt.
 */
const DONE_FRACTION = 1e-9;

class ServerJob implements EdgeJob {
  remainingFlops: number;
  rateFlopsPerS = 0;
  powerW = 0;
  energyJ = 0;
  serviceS = 0;
  /** Time present without service, summed as it passes (a difference of clock readings would leave rounding residue). */
  waitS = 0;
  startS = NaN;

  constructor(
    readonly id: number,
    readonly user: number,
    readonly workFlops: number,
    readonly arrivalS: number,
    readonly seq: number,
    public shareHz: number,
    readonly onDone: EdgeJobDone,
  ) {
    this.remainingFlops = workFlops;
  }

  completed(completionS: number): CompletedEdgeJob {
    return {
      id: this.id,
      user: this.user,
      workFlops: this.workFlops,
      arrivalS: this.arrivalS,
      startS: Number.isNaN(this.startS) ? completionS : this.startS,
      completionS,
      serviceS: this.serviceS,
      waitS: this.waitS,
      energyJ: this.energyJ,
    };
  }
}

/**
 * One edge server's GPU driven by a scheduling policy on the event engine.
 *
 * Between events every job is served at the constant rate its scheduler set,
 * so the server needs an event only at the next completion (or the end of a
 * round-robin quantum). On every arrival, departure, share change or quantum
 * end it advances each job's remaining work by rate * elapsed time, meters
 * energy (power * elapsed time, per job and in total) and busy time, asks the
 * scheduler for new rates, and replaces its one pending event.
 *
 * When its own event fires, the elapsed time is taken as exactly the delay it
 * was scheduled with, not recomputed from absolute clock readings, so the job
 * it was aimed at ends with a remainder of rounding size only, and a quantum
 * ends with exactly nothing left.
 */
export class EdgeServer {
  private readonly present: ServerJob[] = [];
  private nextSeq = 0;
  private lastS: number;
  private pending: EventHandle | null = null;
  private pendingDelayS = 0;
  private pendingTarget: ServerJob | null = null;
  private powerNowW = 0;
  private energyTotalJ = 0;
  private busyS = 0;
  private servedTotalFlops = 0;
  private submittedTotalFlops = 0;
  private completedTotal = 0;
  private readonly onReplan: ((server: EdgeServer) => void) | undefined;
  private readonly fire = (): void => this.onEvent();
  readonly capacityFlopsPerS: number;

  constructor(
    readonly sim: Simulator,
    readonly gpu: EdgeGpu,
    readonly scheduler: EdgeScheduler,
    options: EdgeServerOptions = {},
  ) {
    for (const key of ['cores', 'flopsPerCycle', 'maxFreqHz', 'kappa'] as const) {
      const v = gpu[key];
      if (!(v > 0 && v < Infinity)) throw new RangeError(`edge GPU ${key} must be a positive finite number, got ${v}`);
    }
    this.capacityFlopsPerS = capacityFlopsPerS(gpu);
    this.lastS = sim.now;
    this.onReplan = options.onReplan;
  }

  /** Jobs at the server now, in arrival order (read-only view). */
  get jobs(): readonly EdgeJob[] {
    return this.present;
  }

  /** Power drawn under the current plan (W). */
  get powerW(): number {
    return this.powerNowW;
  }

  /** Energy metered up to the last event (J); call `sync` first for up to now. */
  get energyJ(): number {
    return this.energyTotalJ;
  }

  /** Time with at least one job present, up to the last event (s). */
  get busyTimeS(): number {
    return this.busyS;
  }

  /** Work served, the integral of the rates (FLOPs). */
  get servedFlops(): number {
    return this.servedTotalFlops;
  }

  get submittedFlops(): number {
    return this.submittedTotalFlops;
  }

  get completedCount(): number {
    return this.completedTotal;
  }

  /**
   * A job arrives now. `onDone` is called (from an event of the simulator)
   * when its last FLOP has been served; a job with no work completes at once.
   */
  submit(request: EdgeJobRequest, onDone: EdgeJobDone): void {
    const { workFlops, shareHz } = request;
    if (!(workFlops >= 0 && workFlops < Infinity)) throw new RangeError(`job ${request.id}: workFlops must be finite and >= 0, got ${workFlops}`);
    checkShare(request.user, shareHz);
    const now = this.sim.now;
    const job = new ServerJob(request.id, request.user, workFlops, now, this.nextSeq++, shareHz, onDone);
    this.submittedTotalFlops += workFlops;
    if (workFlops === 0) {
      job.startS = now;
      this.completedTotal++;
      this.sim.schedule(0, () => onDone(job.completed(now)));
      return;
    }
    const elapsed = this.catchUp();
    this.present.push(job);
    this.replan(elapsed);
  }

  /**
   * A new decision changes shares mid-service: every present job of a user
   * for whom `shareOf` returns a number takes that share (Hz, > 0); others
   * keep theirs.
   */
  setShares(shareOf: (user: number) => number | undefined): void {
    const updates: Array<[ServerJob, number]> = [];
    for (const job of this.present) {
      const s = shareOf(job.user);
      if (s === undefined || s === job.shareHz) continue;
      checkShare(job.user, s);
      updates.push([job, s]);
    }
    // Nothing changes: the plan in force stays, to the bit.
    if (updates.length === 0) return;
    const elapsed = this.catchUp();
    for (const [job, s] of updates) job.shareHz = s;
    this.replan(elapsed);
  }

  /** Bring the meters (energy, busy time, remaining work) up to now. */
  sync(): void {
    const elapsed = this.catchUp();
    this.replan(elapsed);
  }

  /** Advance to now on an outside event: cancel our pending event, meter the interval. */
  private catchUp(): number {
    if (this.pending !== null) {
      this.sim.cancel(this.pending);
      this.pending = null;
    }
    const elapsed = this.sim.now - this.lastS;
    this.advance(elapsed);
    return elapsed;
  }

  private onEvent(): void {
    this.pending = null;
    const elapsed = this.pendingDelayS;
    this.advance(elapsed);
    const target = this.pendingTarget;
    if (target !== null) target.remainingFlops = 0;
    const now = this.sim.now;
    const present = this.present;
    let done: ServerJob[] | null = null;
    let kept = 0;
    for (let i = 0; i < present.length; i++) {
      const job = present[i];
      if (job.rateFlopsPerS > 0 && job.remainingFlops <= job.workFlops * DONE_FRACTION) {
        (done ??= []).push(job);
      } else {
        present[kept++] = job;
      }
    }
    present.length = kept;
    this.replan(elapsed);
    if (done === null) return;
    this.completedTotal += done.length;
    for (const job of done) job.onDone(job.completed(now));
  }

  /** Serve every job at its current rate for `elapsedS` seconds. */
  private advance(elapsedS: number): void {
    this.lastS = this.sim.now;
    if (elapsedS <= 0) return;
    const present = this.present;
    if (present.length === 0) return;
    let served = 0;
    for (let i = 0; i < present.length; i++) {
      const job = present[i];
      const rate = job.rateFlopsPerS;
      if (rate > 0) {
        const flops = rate * elapsedS;
        job.remainingFlops -= flops;
        job.serviceS += elapsedS;
        served += flops;
      } else {
        job.waitS += elapsedS;
      }
      job.energyJ += job.powerW * elapsedS;
    }
    this.servedTotalFlops += served;
    this.energyTotalJ += this.powerNowW * elapsedS;
    this.busyS += elapsedS;
  }

  private replan(elapsedS: number): void {
    const present = this.present;
    const horizon = this.scheduler.plan(present, this.gpu, elapsedS);
    const now = this.sim.now;
    let power = 0;
    let delay = horizon;
    let target: ServerJob | null = null;
    for (let i = 0; i < present.length; i++) {
      const job = present[i];
      const rate = job.rateFlopsPerS;
      power += job.powerW;
      if (rate > 0) {
        if (Number.isNaN(job.startS)) job.startS = now;
        const d = job.remainingFlops > 0 ? job.remainingFlops / rate : 0;
        if (d < delay) {
          delay = d;
          target = job;
        }
      }
    }
    this.powerNowW = power;
    if (this.onReplan !== undefined) this.onReplan(this);
    if (present.length === 0) return;
    if (delay === Infinity) {
      throw new Error(`edge scheduler '${this.scheduler.name}' serves none of the ${present.length} jobs present and sets no horizon: they would wait forever`);
    }
    // A target is set only when a completion comes strictly before the
    // horizon: the end of a quantum completes nothing by itself.
    this.pendingTarget = target;
    this.pendingDelayS = delay;
    this.pending = this.sim.schedule(delay, this.fire);
  }
}

function checkShare(user: number, shareHz: number): void {
  if (!(shareHz > 0 && shareHz < Infinity)) throw new RangeError(`user ${user}: shareHz must be positive and finite, got ${shareHz}`);
}
