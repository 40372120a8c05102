import { z } from 'zod';
import { serveOnly } from './fcfs.js';
import { type EdgeGpu, type EdgeJob, type EdgeScheduler, edgeSchedulerPlugin } from './types.js';

/**
 * Shortest remaining processing time first, preemptive: the job with the
 * least remaining work gets the whole GPU at f^max; ties go to the earlier
 * arrival. An arrival with less work than the remainder of the job in service
 * preempts it. Shares are ignored. It minimises the number of jobs present at
 * every instant, hence the mean response time, over all policies (Schrage).
 */
export class SrptScheduler implements EdgeScheduler {
  readonly name = 'srpt';
  readonly workConserving = true;

  plan(jobs: readonly EdgeJob[], gpu: EdgeGpu, _elapsedS: number): number {
    const n = jobs.length;
    if (n === 0) return Infinity;
    let best = 0;
    for (let i = 1; i < n; i++) {
      if (jobs[i].remainingFlops < jobs[best].remainingFlops) best = i;
    }
    serveOnly(jobs, best, gpu);
    return Infinity;
  }
}

/** The registry's entry (registry.ts): topology `{"policy": "srpt"}`. */
export const srptPolicy = edgeSchedulerPlugin({
  description: 'shortest remaining work first at f^max, preemptive, ties by arrival',
  schema: z.strictObject({ policy: z.literal('srpt') }),
  create: () => new SrptScheduler(),
});
