import { powerAtW, type EdgeGpu, type EdgeJob, type EdgeScheduler } from './types.js';

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
  private readonly served = new Set<number>();

  plan(jobs: readonly EdgeJob[], gpu: EdgeGpu, _elapsedS: number): number {
    const served = this.served;
    served.clear();
    let sumHz = 0;
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i];
      if (served.has(job.user)) continue;
      served.add(job.user);
      sumHz += job.shareHz;
    }
    const scale = sumHz > gpu.maxFreqHz ? gpu.maxFreqHz / sumHz : 1;
    const perHz = gpu.cores * gpu.flopsPerCycle;
    served.clear();
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i];
      if (served.has(job.user)) {
        job.rateFlopsPerS = 0;
        job.powerW = 0;
        continue;
      }
      served.add(job.user);
      const f = job.shareHz * scale;
      job.rateFlopsPerS = f * perHz;
      job.powerW = powerAtW(gpu, f);
    }
    return Infinity;
  }
}
