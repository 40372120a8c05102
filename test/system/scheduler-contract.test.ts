/**
 * The contract every edge scheduler passes: same seed, same result; no job
 * lost; rates and powers non-negative and within the GPU; work-conserving
 * policies never idle with jobs present; and SRPT's sample-path optimality
 * as a cross-check of all of them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import type { EdgeServer } from '../../src/system/edge-server.js';
import { createEdgeScheduler, edgeSchedulerNames, type EdgeSchedulerName } from '../../src/system/schedulers/registry.js';
import { capacityFlopsPerS, type EdgeGpu, type EdgeJob, type EdgeScheduler } from '../../src/system/schedulers/types.js';
import { drive, poissonWorkload, type Workload } from './drive.js';

const make = (name: EdgeSchedulerName): EdgeScheduler =>
  name === 'rr' ? createEdgeScheduler('rr', { quantumS: 0.05 }) : createEdgeScheduler(name);

const gpu: EdgeGpu = { cores: 2, flopsPerCycle: 2, maxFreqHz: 1.5, kappa: 0.3 };
const USERS = 5;

/**
 * Random shares that add up to f^max, as a decision's do, each at least a
 * third of an equal share so that no slice of `allocated` is overloaded.
 */
function shares(seed: number, name: string): number[] {
  const s = new RandomStreams(seed).stream(name);
  const raw = Array.from({ length: USERS }, () => s.uniform(0.5, 1.5));
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => (x / sum) * gpu.maxFreqHz);
}

/** What is wrong with a plan, or '' when nothing is. */
function planFault(jobs: readonly EdgeJob[], g: EdgeGpu, workConserving: boolean): string {
  const cap = capacityFlopsPerS(g);
  let sumRate = 0;
  let sumPower = 0;
  for (const j of jobs) {
    if (!(j.rateFlopsPerS >= 0) || !(j.powerW >= 0)) return `job ${j.id}: rate ${j.rateFlopsPerS}, power ${j.powerW}`;
    sumRate += j.rateFlopsPerS;
    sumPower += j.powerW;
  }
  if (!(sumRate <= cap * (1 + 1e-12))) return `rates add up to ${sumRate} > capacity ${cap}`;
  if (!(sumPower <= g.kappa * g.maxFreqHz ** 3 * (1 + 1e-12))) return `power ${sumPower} above the GPU's at f^max`;
  if (workConserving && jobs.length > 0 && !(sumRate >= cap * (1 - 1e-12))) return `idles: rates ${sumRate} < capacity ${cap} with ${jobs.length} jobs`;
  if (jobs.length > 0 && !jobs.some((j) => j.rateFlopsPerS > 0)) return 'no job served';
  return '';
}

function run(name: EdgeSchedulerName, w: Workload, probe?: (s: EdgeServer) => void) {
  const a = shares(3, 'shares/a');
  const b = shares(3, 'shares/b');
  const last = w.arrivalS[w.arrivalS.length - 1];
  return drive(w, make(name), gpu, {
    shareOf: (u) => a[u],
    shareChangeAtS: last / 2,
    shareOf2: (u) => b[u],
    onReplan: probe,
  });
}

describe.each(edgeSchedulerNames)('scheduler contract: %s', (name) => {
  const w = poissonWorkload(5, 3_000, 0.6, 1, USERS);

  it('same seed gives the same result, bit for bit', () => {
    const x = run(name, w);
    const y = run(name, w);
    expect(Array.from(y.completionS)).toEqual(Array.from(x.completionS));
    expect(Array.from(y.energyJ)).toEqual(Array.from(x.energyJ));
    expect(y.order).toEqual(x.order);
  });

  it('loses no job, serves none before it arrives, and keeps every plan within the GPU', () => {
    let plans = 0;
    const faults: string[] = [];
    const o = run(name, w, (s) => {
      plans++;
      const f = planFault(s.jobs, s.gpu, s.scheduler.workConserving);
      if (f !== '') faults.push(`t=${s.sim.now}: ${f}`);
    });
    expect(faults.slice(0, 5)).toEqual([]);
    expect(plans).toBeGreaterThan(w.arrivalS.length);
    expect(o.completed).toBe(w.arrivalS.length);
    expect(new Set(o.order).size).toBe(w.arrivalS.length);
    for (let i = 0; i < w.arrivalS.length; i++) {
      expect(o.startS[i]).toBeGreaterThanOrEqual(w.arrivalS[i]);
      expect(o.completionS[i]).toBeGreaterThanOrEqual(o.startS[i]);
      // No policy serves faster than the whole GPU (up to the rounding of absolute times).
      const fastest = w.workFlops[i] / capacityFlopsPerS(gpu);
      expect(o.completionS[i] - w.arrivalS[i]).toBeGreaterThanOrEqual(fastest - 1e-12 * (fastest + o.completionS[i]));
    }
  });

  it('plans for any set of jobs are within the GPU (property)', () => {
    const job = fc.record({
      user: fc.integer({ min: 0, max: 6 }),
      remainingFlops: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
      shareHz: fc.double({ min: 1e-3, max: 2, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(job, { maxLength: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), (specs, elapsed) => {
        const s = make(name);
        const jobs: EdgeJob[] = specs.map((x, i) => ({
          id: i,
          user: x.user,
          workFlops: x.remainingFlops,
          arrivalS: i,
          seq: i,
          remainingFlops: x.remainingFlops,
          shareHz: x.shareHz,
          rateFlopsPerS: NaN,
          powerW: NaN,
        }));
        const horizon = s.plan(jobs, gpu, elapsed);
        expect(horizon).toBeGreaterThan(0);
        expect(planFault(jobs, gpu, s.workConserving)).toBe('');
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});

describe('SRPT is optimal on every sample path (Schrage)', () => {
  it('its total response time is the least of all policies, on random small instances', () => {
    const arrivals = fc.array(fc.record({ gap: fc.double({ min: 0, max: 3, noNaN: true }), work: fc.double({ min: 0.01, max: 5, noNaN: true }) }), {
      minLength: 1,
      maxLength: 25,
    });
    fc.assert(
      fc.property(arrivals, (list) => {
        const n = list.length;
        const w: Workload = { arrivalS: new Float64Array(n), workFlops: new Float64Array(n), user: new Int32Array(n) };
        let t = 0;
        list.forEach((x, i) => {
          t += x.gap;
          w.arrivalS[i] = t;
          w.workFlops[i] = x.work;
          w.user[i] = i % USERS;
        });
        const total = (name: EdgeSchedulerName): number => {
          const o = drive(w, make(name), gpu);
          let s = 0;
          for (let i = 0; i < n; i++) s += o.completionS[i] - w.arrivalS[i];
          return s;
        };
        const srpt = total('srpt');
        for (const other of ['ps', 'fcfs', 'rr', 'allocated'] as const) {
          expect(srpt).toBeLessThanOrEqual(total(other) * (1 + 1e-9));
        }
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});
