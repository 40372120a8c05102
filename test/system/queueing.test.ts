/**
 * Edge schedulers against queueing theory: M/M/1 closed forms, Schrage's
 * optimality of SRPT, and the limits of round robin.
 */
import { describe, expect, it } from 'vitest';
import { createEdgeScheduler } from '../../src/system/schedulers/registry.js';
import { drive, meanResponse, poissonWorkload, unitGpu } from './drive.js';

const LAMBDA = 0.7;
const MU = 1; // unit GPU, mean work 1 FLOP
const JOBS = 400_000;
const WARMUP = 20_000;

describe('M/M/1 at load 0.7', () => {
  const w = poissonWorkload(2024, JOBS, LAMBDA, 1 / MU);
  const theory = 1 / (MU - LAMBDA);

  it('ps: mean response 1/(mu - lambda) within 3%', () => {
    const o = drive(w, createEdgeScheduler('ps'), unitGpu);
    expect(o.completed).toBe(JOBS);
    const m = meanResponse(w, o, WARMUP);
    expect(Math.abs(m / theory - 1)).toBeLessThan(0.03);
  });

  it('fcfs: mean response and the waiting-time tail rho e^{-(mu - lambda) t}', () => {
    const o = drive(w, createEdgeScheduler('fcfs'), unitGpu);
    expect(o.completed).toBe(JOBS);
    const m = meanResponse(w, o, WARMUP);
    expect(Math.abs(m / theory - 1)).toBeLessThan(0.03);
    const n = JOBS - WARMUP;
    for (const t of [0, 1, 3, 6]) {
      let over = 0;
      for (let i = WARMUP; i < JOBS; i++) if (o.startS[i] - w.arrivalS[i] > t) over++;
      const expected = (LAMBDA / MU) * Math.exp(-(MU - LAMBDA) * t);
      expect(Math.abs(over / n - expected)).toBeLessThan(0.1 * expected);
    }
    // Under FCFS jobs leave in arrival order and each waits for all the work ahead.
    for (let i = 1; i < 1000; i++) expect(o.completionS[i]).toBeGreaterThanOrEqual(o.completionS[i - 1]);
  });

  it('srpt beats fcfs and ps on the same arrivals, by the margin theory predicts', () => {
    const srpt = meanResponse(w, drive(w, createEdgeScheduler('srpt'), unitGpu), WARMUP);
    const ps = meanResponse(w, drive(w, createEdgeScheduler('ps'), unitGpu), WARMUP);
    const fcfs = meanResponse(w, drive(w, createEdgeScheduler('fcfs'), unitGpu), WARMUP);
    expect(srpt).toBeLessThan(ps);
    expect(srpt).toBeLessThan(fcfs);
    expect(Math.abs(srpt / srptMeanResponseMM1(LAMBDA) - 1)).toBeLessThan(0.03);
  });
});

/**
 * Mean response time of M/M/1 under SRPT with mu = 1, from Schrage and
 * Miller's formula for a job of size x,
 *   E[T(x)] = lambda (m2(x) + x^2 (1 - F(x))) / (2 (1 - rho(x))^2) + int_0^x dt / (1 - rho(t)),
 * rho(x) = lambda int_0^x t dF, m2(x) = int_0^x t^2 dF, averaged over
 * x ~ Exp(1) by the trapezoidal rule (about 1.8746 at lambda = 0.7).
 */
function srptMeanResponseMM1(lambda: number): number {
  const rho = (x: number): number => lambda * (1 - Math.exp(-x) * (1 + x));
  const m2 = (x: number): number => 2 - Math.exp(-x) * (x * x + 2 * x + 2);
  const tOf = (x: number, inner: number): number => (lambda * (m2(x) + x * x * Math.exp(-x))) / (2 * (1 - rho(x)) ** 2) + inner;
  const h = 1e-4;
  let inner = 0;
  let prevInv = 1 / (1 - rho(0));
  let prev = tOf(0, 0);
  let total = 0;
  for (let i = 1; i <= 600_000; i++) {
    const x = i * h;
    const inv = 1 / (1 - rho(x));
    inner += ((inv + prevInv) / 2) * h;
    prevInv = inv;
    const g = tOf(x, inner) * Math.exp(-x);
    total += ((g + prev) / 2) * h;
    prev = g;
  }
  return total;
}

describe('round robin limits', () => {
  const w = poissonWorkload(7, 4_000, LAMBDA, 1 / MU);

  it('a huge quantum is FCFS exactly, job by job', () => {
    const fcfs = drive(w, createEdgeScheduler('fcfs'), unitGpu);
    const rr = drive(w, createEdgeScheduler('rr', { quantumS: 1e9 }), unitGpu);
    expect(Array.from(rr.completionS)).toEqual(Array.from(fcfs.completionS));
    expect(Array.from(rr.startS)).toEqual(Array.from(fcfs.startS));
  });

  it('a vanishing quantum approaches processor sharing', () => {
    const ps = drive(w, createEdgeScheduler('ps'), unitGpu);
    const gaps: number[] = [];
    for (const q of [0.3, 0.03, 0.003]) {
      const rr = drive(w, createEdgeScheduler('rr', { quantumS: q }), unitGpu);
      let gap = 0;
      for (let i = 0; i < w.arrivalS.length; i++) gap = Math.max(gap, Math.abs(rr.completionS[i] - ps.completionS[i]));
      gaps.push(gap);
      expect(Math.abs(meanResponse(w, rr) / meanResponse(w, ps) - 1)).toBeLessThan(q < 0.01 ? 0.01 : 0.2);
    }
    // The worst per-job difference shrinks with the quantum.
    expect(gaps[1]).toBeLessThan(gaps[0]);
    expect(gaps[2]).toBeLessThan(gaps[1]);
  });
});
