/** Drives an EdgeServer with a prepared workload; shared by the scheduler tests. */
import { RandomStreams } from '../../src/engine/random.js';
import { Simulator } from '../../src/engine/simulator.js';
import { EdgeServer, type EdgeServerOptions } from '../../src/system/edge-server.js';
import type { EdgeGpu, EdgeScheduler } from '../../src/system/schedulers/types.js';

export interface Workload {
  arrivalS: Float64Array;
  workFlops: Float64Array;
  user: Int32Array;
}

/** A GPU of capacity 1 FLOP/s and power 1 W at f^max: queueing in plain units. */
export const unitGpu: EdgeGpu = { cores: 1, flopsPerCycle: 1, maxFreqHz: 1, kappa: 1 };

/**
 * Poisson arrivals of rate `lambda` and exponential work of mean `meanWork`,
 * from named streams so every policy sees the same jobs.
 */
export function poissonWorkload(seed: number, n: number, lambda: number, meanWork: number, users = 1): Workload {
  const streams = new RandomStreams(seed);
  const gaps = streams.stream('arrivals/edge-test');
  const sizes = streams.stream('work/edge-test');
  const who = streams.stream('users/edge-test');
  const w: Workload = { arrivalS: new Float64Array(n), workFlops: new Float64Array(n), user: new Int32Array(n) };
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += gaps.exponential(lambda);
    w.arrivalS[i] = t;
    w.workFlops[i] = sizes.exponential(1 / meanWork);
    w.user[i] = users === 1 ? 0 : who.integer(0, users - 1);
  }
  return w;
}

export interface Outcome {
  startS: Float64Array;
  completionS: Float64Array;
  energyJ: Float64Array;
  server: EdgeServer;
  completed: number;
  /** Order in which jobs completed (ids). */
  order: number[];
}

export interface DriveOptions extends EdgeServerOptions {
  /** share of user u (Hz); default 1/users of f^max... given by the caller. */
  shareOf?: (user: number) => number;
  /** At these times, apply `shareOf2` through setShares. */
  shareChangeAtS?: number;
  shareOf2?: (user: number) => number;
}

export function drive(w: Workload, scheduler: EdgeScheduler, gpu: EdgeGpu, options: DriveOptions = {}): Outcome {
  const n = w.arrivalS.length;
  const sim = new Simulator();
  const server = new EdgeServer(sim, gpu, scheduler, options);
  const out: Outcome = {
    startS: new Float64Array(n).fill(NaN),
    completionS: new Float64Array(n).fill(NaN),
    energyJ: new Float64Array(n).fill(NaN),
    server,
    completed: 0,
    order: [],
  };
  let shareOf = options.shareOf ?? ((): number => gpu.maxFreqHz);
  const arrive = (i: number): void => {
    server.submit({ id: i, user: w.user[i], workFlops: w.workFlops[i], shareHz: shareOf(w.user[i]) }, (job) => {
      out.startS[job.id] = job.startS;
      out.completionS[job.id] = job.completionS;
      out.energyJ[job.id] = job.energyJ;
      out.completed++;
      out.order.push(job.id);
    });
    if (i + 1 < n) sim.scheduleAt(w.arrivalS[i + 1], arrive, i + 1);
  };
  if (n > 0) sim.scheduleAt(w.arrivalS[0], arrive, 0);
  if (options.shareChangeAtS !== undefined && options.shareOf2 !== undefined) {
    const next = options.shareOf2;
    sim.scheduleAt(options.shareChangeAtS, () => {
      shareOf = next;
      server.setShares(next);
    });
  }
  sim.run();
  return out;
}

/** Mean of response times (completion - arrival) over jobs [from, to). */
export function meanResponse(w: Workload, o: Outcome, from = 0, to = w.arrivalS.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += o.completionS[i] - w.arrivalS[i];
  return s / (to - from);
}
