import { RandomStreams } from '../../src/engine/random.js';
import { Simulator } from '../../src/engine/simulator.js';
import { SummaryAccumulator, type IterationRecord } from '../../src/metrics/recorders.js';
import { EdgeServer } from '../../src/system/edge-server.js';
import { createEdgeScheduler, type EdgeSchedulerName } from '../../src/system/schedulers/registry.js';

/**
 * A closed system: `concurrent` jobs always at one EdgeServer; each
 * completion submits a fresh job of exponential work. Returns completed jobs
 * per second of wall time, measured over `jobs` completions after a warm-up
 * of the same length.
 */
export function edgeThroughput(policy: EdgeSchedulerName, concurrent: number, jobs: number, seed = 1): { jobsPerS: number; events: number } {
  const sim = new Simulator();
  const gpu = { cores: 4096, flopsPerCycle: 2, maxFreqHz: 2e9, kappa: 1e-28 };
  const server = new EdgeServer(sim, gpu, createEdgeScheduler(policy, policy === 'rr' ? { quantumS: 0.5 } : {}));
  const work = new RandomStreams(seed).stream('bench/edge-work');
  const meanWork = 1e12 * 16; // about one second of the whole GPU
  const shares = new RandomStreams(seed).stream('bench/edge-shares').dirichletFlat(concurrent).map((x) => x * gpu.maxFreqHz);
  let id = 0;
  const submit = (user: number): void => {
    server.submit({ id: id++, user, workFlops: work.exponential(1 / meanWork), shareHz: shares[user] }, (j) => submit(j.user));
  };
  for (let u = 0; u < concurrent; u++) submit(u);
  const until = (n: number): void => {
    const stopAt = server.completedCount + n;
    while (server.completedCount < stopAt) sim.run({ maxEvents: 1000 });
  };
  until(jobs);
  const e0 = sim.executedCount;
  const t0 = process.hrtime.bigint();
  until(jobs);
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  return { jobsPerS: jobs / wallS, events: sim.executedCount - e0 };
}

function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench does)');
  gc();
  gc();
  // Typed-array backing stores (the histogram's buckets) live outside the JS heap.
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * Heap retained by a SummaryAccumulator after `records` iteration records
 * (generated on the fly, never stored), in bytes.
 */
export function summaryMemory(records: number, users = 100): number {
  const rng = new RandomStreams(1).stream('bench/summary');
  const before = heapUsed();
  const acc = new SummaryAccumulator(users);
  const r: IterationRecord = {
    user: 0, iteration: 0, epoch: 0, server: 0, alpha: 1, startS: 0, endS: 0,
    deviceWaitS: 0, deviceComputeS: 0, uplinkS: 0, edgeWaitS: 0, edgeComputeS: 0, downlinkS: 0, deviceBackwardS: 0,
    totalDelayS: 0, deviceComputeJ: 0, txJ: 0, edgeJ: 0, outageS: 0,
  };
  for (let i = 0; i < records; i++) {
    r.user = i % users;
    r.iteration = Math.floor(i / users);
    r.startS = i * 0.01;
    r.deviceComputeS = rng.uniform(1, 2);
    r.uplinkS = rng.exponential(1);
    r.edgeWaitS = rng.exponential(2);
    r.edgeComputeS = rng.uniform(0.1, 0.5);
    r.downlinkS = rng.exponential(5);
    r.totalDelayS = r.deviceComputeS + r.uplinkS + r.edgeWaitS + r.edgeComputeS + r.downlinkS;
    r.endS = r.startS + r.totalDelayS;
    r.deviceComputeJ = rng.uniform(1, 5);
    r.txJ = rng.uniform(0.1, 1);
    r.edgeJ = rng.uniform(10, 20);
    acc.addIteration(r);
  }
  const after = heapUsed();
  // Keep the accumulator alive across the measurement.
  if (acc.summary().iterations !== records) throw new Error('lost records');
  return after - before;
}
