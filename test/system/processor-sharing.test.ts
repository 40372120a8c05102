/**
 * Egalitarian processor sharing (`eps`) against the M/G/1-PS closed form
 * E[T] = E[S] / (1 - rho), which holds whatever the job-size distribution
 * (insensitivity); and the weighted `ps`, which with unequal weights and
 * mixed sizes departs from it.
 */
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { createEdgeScheduler } from '../../src/system/schedulers/registry.js';
import { drive, meanResponse, unitGpu, type Workload } from './drive.js';

const LAMBDA = 0.7;
const JOBS = 300_000;
const WARMUP = 20_000;
const THEORY = 1 / (1 - LAMBDA); // E[S] = 1 on a unit GPU

/**
 * Poisson arrivals of rate LAMBDA; user 0 brings short jobs, user 1 long ones,
 * each drawn by `size(user, stream)` with overall mean 1.
 */
function twoClassWorkload(seed: number, size: (user: number, u: () => number) => number): Workload {
  const streams = new RandomStreams(seed);
  const gaps = streams.stream('arrivals/ps-test');
  const sizes = streams.stream('work/ps-test');
  const who = streams.stream('users/ps-test');
  const w: Workload = { arrivalS: new Float64Array(JOBS), workFlops: new Float64Array(JOBS), user: new Int32Array(JOBS) };
  let t = 0;
  for (let i = 0; i < JOBS; i++) {
    t += gaps.exponential(LAMBDA);
    w.arrivalS[i] = t;
    w.user[i] = who.next() < 0.5 ? 0 : 1;
    w.workFlops[i] = size(w.user[i], () => sizes.next());
  }
  return w;
}

// Hyperexponential: short jobs of mean 0.2 and long ones of mean 1.8 (squared coefficient of variation 2.28).
const hyper = twoClassWorkload(7, (user, u) => -Math.log(1 - u()) * (user === 0 ? 0.2 : 1.8));
// Deterministic: every job has work 1 (the user only sets the weight under ps).
const constant = twoClassWorkload(8, () => 1);
// Long jobs' user gets three times the short jobs' user's share.
const shareOf = (user: number): number => (user === 0 ? 1 : 3);

describe('egalitarian processor sharing (eps): M/G/1-PS mean sojourn E[S]/(1 - rho)', () => {
  it("with hyperexponential job sizes, within 4% (measured 3.25 against 3.33: heavy sizes converge slowly)", () => {
    const o = drive(hyper, createEdgeScheduler('eps'), unitGpu, { shareOf });
    expect(o.completed).toBe(JOBS);
    expect(Math.abs(meanResponse(hyper, o, WARMUP) / THEORY - 1)).toBeLessThan(0.04);
  });

  it('with deterministic job sizes, within 3% (measured 3.32)', () => {
    const o = drive(constant, createEdgeScheduler('eps'), unitGpu, { shareOf });
    expect(o.completed).toBe(JOBS);
    expect(Math.abs(meanResponse(constant, o, WARMUP) / THEORY - 1)).toBeLessThan(0.03);
  });

  // Measured: ps 3.60, eps 3.25 on the same arrivals.
  it('the weighted ps is not insensitive: favouring long jobs lengthens the mean sojourn', () => {
    const eps = meanResponse(hyper, drive(hyper, createEdgeScheduler('eps'), unitGpu, { shareOf }), WARMUP);
    const ps = meanResponse(hyper, drive(hyper, createEdgeScheduler('ps'), unitGpu, { shareOf }), WARMUP);
    expect(ps / eps).toBeGreaterThan(1.05);
  });
});
