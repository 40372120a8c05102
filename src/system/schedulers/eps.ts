import { z } from 'zod';
import { capacityFlopsPerS, powerAtW, type EdgeGpu, type EdgeJob, type EdgeScheduler, edgeSchedulerPlugin } from './types.js';

/**
 * Egalitarian processor sharing, the textbook M/G/1-PS discipline: the whole
 * GPU runs at f^max while any job is present and each of the n jobs present
 * gets 1/n of it, whatever its user's share. Unlike `ps` (weighted by the
 * shares), its mean sojourn is insensitive to the job-size distribution:
 * E[T] = E[S] / (1 - rho) for Poisson arrivals.
 *
 * Power: kappa2 * f^max^3 while busy, split equally, so every FLOP costs
 * kappa2 * f^max^2 / (C D) joules, as under `ps`.
 */
export class EgalitarianProcessorSharingScheduler implements EdgeScheduler {
  readonly name = 'eps';
  readonly workConserving = true;

  plan(jobs: readonly EdgeJob[], gpu: EdgeGpu, _elapsedS: number): number {
    const n = jobs.length;
    if (n === 0) return Infinity;
    const rate = capacityFlopsPerS(gpu) / n;
    const power = powerAtW(gpu, gpu.maxFreqHz) / n;
    for (let i = 0; i < n; i++) {
      jobs[i].rateFlopsPerS = rate;
      jobs[i].powerW = power;
    }
    return Infinity;
  }
}

/** The registry's entry (registry.ts): topology `{"policy": "eps"}`. */
export const epsPolicy = edgeSchedulerPlugin({
  description: 'whole GPU at f^max, shared equally among the jobs present (egalitarian PS, shares ignored)',
  schema: z.strictObject({ policy: z.literal('eps') }),
  create: () => new EgalitarianProcessorSharingScheduler(),
});
