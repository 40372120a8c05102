import { z } from 'zod';
import { capacityFlopsPerS, powerAtW, type EdgeGpu, type EdgeJob, type EdgeScheduler, edgeSchedulerPlugin } from './types.js';

/**
 * Work-conserving processor sharing weighted by the allocator's shares: the
 * whole GPU runs at f^max while any job is present and job i gets the
 * fraction w_i / sum(w) of it, w_i = f_nm of its user. With one job per user
 * and every user present, this is the `allocated` split; when some users are
 * absent, their capacity goes to the others instead of idling.
 *
 * Power: kappa2 * f^max^3 while busy, attributed to jobs in proportion to
 * their rates, so every FLOP costs kappa2 * f^max^2 / (C D) joules.
 */
export class ProcessorSharingScheduler implements EdgeScheduler {
  readonly name = 'ps';
  readonly workConserving = true;

  plan(jobs: readonly EdgeJob[], gpu: EdgeGpu, _elapsedS: number): number {
    const n = jobs.length;
    if (n === 0) return Infinity;
    let sumW = 0;
    for (let i = 0; i < n; i++) sumW += jobs[i].shareHz;
    const capacity = capacityFlopsPerS(gpu);
    const power = powerAtW(gpu, gpu.maxFreqHz);
    for (let i = 0; i < n; i++) {
      const job = jobs[i];
      const fraction = job.shareHz / sumW;
      job.rateFlopsPerS = capacity * fraction;
      job.powerW = power * fraction;
    }
    return Infinity;
  }
}

/** The registry's entry (registry.ts): topology `{"policy": "ps"}`. */
export const psPolicy = edgeSchedulerPlugin({
  description: 'whole GPU at f^max, shared in proportion to the allocated shares (work-conserving)',
  schema: z.strictObject({ policy: z.literal('ps') }),
  create: () => new ProcessorSharingScheduler(),
});
