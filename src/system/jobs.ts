import type { UserDecision } from '../allocation/types.js';
import type { Stream } from '../engine/random.js';
import type { Simulator } from '../engine/simulator.js';
import type { JobSource } from './world.js';

/** Lower priority runs first among events at one instant: arrivals come before allocator calls and the pipeline. */
export const ARRIVAL_PRIORITY = -2;

export interface Job {
  readyS: number;
  left: number;
}

/** One device: its queue of jobs, whether it computes, and the decision it holds. */
export interface UserState {
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

export function idleUser(): UserState {
  return { jobs: [], jobHead: 0, queued: 0, busy: false, iterations: 0, decision: null, decisionEpoch: -1, referenceGain: NaN, lastServer: -1, lastDecision: null };
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

/** Takes the next iteration of the user's oldest unfinished job; the user must have one queued. */
export function takeIteration(u: UserState): Job {
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
  return job;
}

/**
 * Jobs reaching the devices: all of an `at-start` source at t = 0, Poisson
 * arrivals with exponential gaps (stream `arrivals/u<n>`), iterations per
 * job drawn per job (stream `jobs/u<n>`).
 */
export class JobArrivals {
  private readonly arrivalStreams: (Stream | null)[];
  private readonly jobStreams: Stream[];

  constructor(
    private readonly sim: Simulator,
    private readonly sources: readonly JobSource[],
    streams: { stream(name: string): Stream },
    private readonly users: UserState[],
    private readonly counts: IterationCounts,
    /** A job was queued at user n; `wasIdle`: it had nothing queued or running before. */
    private readonly onQueued: (n: number, wasIdle: boolean) => void,
    /** An arrival has been handled and the next one scheduled: user n may start. */
    private readonly onArrived: (n: number) => void,
  ) {
    this.arrivalStreams = sources.map((s, n) => (s.arrivals.kind === 'poisson' ? streams.stream(`arrivals/u${n}`) : null));
    this.jobStreams = sources.map((_, n) => streams.stream(`jobs/u${n}`));
  }

  /** Queues the work present at t = 0 (before the first allocator call sees the queues) and the first arrivals. */
  start(): void {
    this.sources.forEach((s, n) => {
      const arrivals = s.arrivals;
      if (arrivals.kind === 'at-start') for (let j = 0; j < arrivals.jobs; j++) this.addJob(n);
      else this.sim.scheduleAt(this.arrivalStreams[n]!.exponential(arrivals.ratePerS), this.onArrival, n, ARRIVAL_PRIORITY);
    });
  }

  private addJob(n: number): void {
    const iterations = this.sources[n].iterationsPerJob(this.jobStreams[n]);
    const u = this.users[n];
    const wasIdle = !u.busy && u.queued === 0;
    u.jobs.push({ readyS: this.sim.now, left: iterations });
    u.queued += iterations;
    this.counts.jobs++;
    this.counts.arrived += iterations;
    this.onQueued(n, wasIdle);
  }

  private readonly onArrival = (n: number): void => {
    const arrivals = this.sources[n].arrivals;
    if (arrivals.kind !== 'poisson') return;
    this.addJob(n);
    this.sim.schedule(this.arrivalStreams[n]!.exponential(arrivals.ratePerS), this.onArrival, n, ARRIVAL_PRIORITY);
    this.onArrived(n);
  };
}
