import { z } from 'zod';
import { powerAtW, type EdgeGpu, type EdgeJob, type EdgeScheduler, edgeSchedulerPlugin } from './types.js';

/**
 * The paper's implicit model (model.md 7.6): the GPU is cut into slices, user
 * n's slice clocked at its share f_nm, and a job runs at exactly
 * f_nm * C * D FLOP/s whatever else is present. A slice whose user has no job
 * idles; its capacity is lost. A user with several jobs at the server has one
 * slice, which serves them one at a time in arrival order.
 *
 * Power: a slice at f_nm draws kappa2 * f_nm^3 (see `powerAtW`), so a job
 * served alone for its whole work W takes W / (f_nm C D) seconds and meters
 * kappa2 * f_nm^2 * W / (C D) joules: for W = (Y - alpha) * psi that is the
 * paper's (Y - alpha) * E_nm exactly.
 *
 * If the shares of the users present add up to more than f^max (a feasible
 * decision never does, but a job may carry a share from an earlier decision),
 * all slices are slowed by the same factor so the GPU is never overclocked.
 */
export class AllocatedScheduler implements EdgeScheduler {
  readonly name = 'allocated';
  readonly workConserving = false;
  /** Per user index: the plan number in which the user's slice was last given a job. */
  private stamps = new Float64Array(64);
  private planNumber = 0;
  /** Users that are not small non-negative integers fall back to a set. */
  private readonly otherUsers = new Set<number>();
  private readonly heads: boolean[] = [];

  plan(jobs: readonly EdgeJob[], gpu: EdgeGpu, _elapsedS: number): number {
    const n = jobs.length;
    const heads = this.heads;
    heads.length = n;
    const stamp = ++this.planNumber;
    this.otherUsers.clear();
    let sumHz = 0;
    for (let i = 0; i < n; i++) {
      const job = jobs[i];
      const head = this.claimSlice(job.user, stamp);
      heads[i] = head;
      if (head) sumHz += job.shareHz;
    }
    const scale = sumHz > gpu.maxFreqHz ? gpu.maxFreqHz / sumHz : 1;
    const perHz = gpu.cores * gpu.flopsPerCycle;
    for (let i = 0; i < n; i++) {
      const job = jobs[i];
      if (!heads[i]) {
        job.rateFlopsPerS = 0;
        job.powerW = 0;
        continue;
      }
      const f = job.shareHz * scale;
      job.rateFlopsPerS = f * perHz;
      job.powerW = powerAtW(gpu, f);
    }
    return Infinity;
  }

  /** True if `user`'s slice had no job yet in this plan (and now has one). */
  private claimSlice(user: number, stamp: number): boolean {
    if (Number.isInteger(user) && user >= 0 && user < 1 << 24) {
      if (user >= this.stamps.length) {
        const grown = new Float64Array(Math.max(user + 1, 2 * this.stamps.length));
        grown.set(this.stamps);
        this.stamps = grown;
      }
      if (this.stamps[user] === stamp) return false;
      this.stamps[user] = stamp;
      return true;
    }
    if (this.otherUsers.has(user)) return false;
    this.otherUsers.add(user);
    return true;
  }
}

/** The registry's entry (registry.ts): topology `{"policy": "allocated"}`. */
export const allocatedPolicy = edgeSchedulerPlugin({
  description: "each job at exactly its user's allocated share; idle shares are wasted (the paper's model)",
  schema: z.strictObject({ policy: z.literal('allocated') }),
  create: () => new AllocatedScheduler(),
});
