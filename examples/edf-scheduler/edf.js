// Earliest deadline first at the edge server: each job's deadline is its
// arrival plus `slackS` seconds per TFLOP of its work (option, default 1),
// so small jobs are due sooner. The job with the earliest deadline gets the
// whole GPU at full frequency; the others wait. Ties: arrival order.
//
// mecsim loads this file with `--scheduler ./edf.js`: the default export is
// a factory (options) => EdgeScheduler, called once per edge server.

/** @param {{slackS?: number}} options */
export default function edf(options = {}) {
  const slackPerFlop = (options.slackS ?? 1) / 1e12;
  const deadline = (job) => job.arrivalS + job.workFlops * slackPerFlop;
  return {
    name: 'edf',
    workConserving: true,
    plan(jobs, gpu) {
      let first = -1;
      for (let i = 0; i < jobs.length; i++) {
        if (first < 0 || deadline(jobs[i]) < deadline(jobs[first]) || (deadline(jobs[i]) === deadline(jobs[first]) && jobs[i].seq < jobs[first].seq)) first = i;
      }
      const capacity = gpu.maxFreqHz * gpu.cores * gpu.flopsPerCycle;
      const power = gpu.kappa * gpu.maxFreqHz ** 3;
      jobs.forEach((job, i) => {
        job.rateFlopsPerS = i === first ? capacity : 0;
        job.powerW = i === first ? power : 0;
      });
      // The plan stands until a job arrives or leaves.
      return Infinity;
    },
  };
}
