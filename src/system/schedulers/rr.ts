import { z } from 'zod';
import { serveOnly } from './fcfs.js';
import { type EdgeGpu, type EdgeJob, type EdgeScheduler, edgeSchedulerPlugin } from './types.js';

/** Quantum left below this fraction of the quantum counts as spent. */
const SPENT = 1e-12;

/**
 * Round robin: the job in service gets the whole GPU at f^max for at most one
 * quantum (seconds), then the next job in arrival order (cyclically) takes
 * over. A job that finishes early hands over at once, and its successor gets
 * a full quantum. A new arrival joins the cycle after the latest arrival
 * present, so it is served before the cycle wraps to the oldest job. Shares
 * are ignored. A huge quantum makes it FCFS; a vanishing one makes it
 * egalitarian processor sharing.
 */
export class RoundRobinScheduler implements EdgeScheduler {
  readonly name = 'rr';
  readonly workConserving = true;
  private current: EdgeJob | null = null;
  private quantumLeftS = 0;

  constructor(readonly quantumS: number) {
    if (!(quantumS > 0 && quantumS < Infinity)) throw new RangeError(`round robin needs a positive finite quantum, got ${quantumS}`);
  }

  plan(jobs: readonly EdgeJob[], gpu: EdgeGpu, elapsedS: number): number {
    const n = jobs.length;
    if (n === 0) {
      this.current = null;
      return Infinity;
    }
    let k = 0;
    const current = this.current;
    if (current !== null) {
      // jobs are in arrival order: the first with seq >= current's is either
      // the current job or, if it has left, its successor in the cycle.
      while (k < n && jobs[k].seq < current.seq) k++;
      if (k < n && jobs[k] === current) {
        this.quantumLeftS -= elapsedS;
        if (this.quantumLeftS <= this.quantumS * SPENT) {
          k = (k + 1) % n;
          this.quantumLeftS = this.quantumS;
        }
      } else {
        k = k % n;
        this.quantumLeftS = this.quantumS;
      }
    } else {
      this.quantumLeftS = this.quantumS;
    }
    this.current = jobs[k];
    serveOnly(jobs, k, gpu);
    return this.quantumLeftS;
  }
}

/** The registry's entry (registry.ts): topology `{"policy": "rr"}`. */
export const rrPolicy = edgeSchedulerPlugin({
  description: 'one job at a time at f^max for a quantum, cycling in arrival order (preemptive)',
  schema: z.strictObject({
    policy: z.literal('rr'),
    quantumS: z.number().min(1e-6).max(1e10).default(0.1).describe('seconds of service per turn'),
  }),
  create: (p) => new RoundRobinScheduler(p.quantumS),
});
