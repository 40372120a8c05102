import { z } from 'zod';
import { capacityFlopsPerS, powerAtW, type EdgeGpu, type EdgeJob, type EdgeScheduler, edgeSchedulerPlugin } from './types.js';

/**
 * First come, first served: the earliest arrival gets the whole GPU at f^max
 * until it is done; the others wait. Shares are ignored. Power kappa2 *
 * f^max^3 while busy, all of it on the job in service.
 */
export class FcfsScheduler implements EdgeScheduler {
  readonly name = 'fcfs';
  readonly workConserving = true;

  plan(jobs: readonly EdgeJob[], gpu: EdgeGpu, _elapsedS: number): number {
    const n = jobs.length;
    if (n === 0) return Infinity;
    serveOnly(jobs, 0, gpu);
    return Infinity;
  }
}

/** Give job `k` the whole GPU and every other job nothing. */
export function serveOnly(jobs: readonly EdgeJob[], k: number, gpu: EdgeGpu): void {
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i];
    job.rateFlopsPerS = 0;
    job.powerW = 0;
  }
  jobs[k].rateFlopsPerS = capacityFlopsPerS(gpu);
  jobs[k].powerW = powerAtW(gpu, gpu.maxFreqHz);
}

/** The registry's entry (registry.ts): topology `{"policy": "fcfs"}`. */
export const fcfsPolicy = edgeSchedulerPlugin({
  description: 'one job at a time at f^max, in arrival order',
  schema: z.strictObject({ policy: z.literal('fcfs') }),
  create: () => new FcfsScheduler(),
});
