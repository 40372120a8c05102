import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import {
  BatchMeans,
  confidenceInterval,
  empiricalCdf,
  jainIndex,
  LogHistogram,
  meanConfidenceInterval,
  nearestRankOfSorted,
  pairedDifferenceInterval,
  percentile,
  RunningStats,
  tQuantile,
} from '../../src/metrics/stats.js';
import { mean, variance } from '../helpers/stats.js';

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });

describe('RunningStats (Welford)', () => {
  it('agrees with the two-pass mean and variance', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 2, maxLength: 300 }), (xs) => {
        const s = new RunningStats();
        xs.forEach((x) => s.push(x));
        const scale = Math.max(1, ...xs.map(Math.abs));
        expect(Math.abs(s.mean - mean(xs))).toBeLessThanOrEqual(1e-9 * scale);
        expect(Math.abs(s.variance - variance(xs))).toBeLessThanOrEqual(1e-9 * scale * scale);
        expect(s.min).toBe(Math.min(...xs));
        expect(s.max).toBe(Math.max(...xs));
        expect(s.count).toBe(xs.length);
      }),
      { seed: 1, numRuns: 300 },
    );
  });

  it('keeps precision where the naive sum of squares loses it', () => {
    const s = new RunningStats();
    for (const x of [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]) s.push(x);
    expect(s.mean).toBe(1e9 + 10);
    expect(s.variance).toBe(30);
  });

  it('merging two accumulators equals pushing everything into one', () => {
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 100 }), fc.array(finite, { maxLength: 100 }), (a, b) => {
        const x = new RunningStats();
        const y = new RunningStats();
        const all = new RunningStats();
        a.forEach((v) => (x.push(v), all.push(v)));
        b.forEach((v) => (y.push(v), all.push(v)));
        x.merge(y);
        expect(x.count).toBe(all.count);
        if (all.count === 0) return;
        const scale = Math.max(1, ...a.map(Math.abs), ...b.map(Math.abs));
        expect(Math.abs(x.mean - all.mean)).toBeLessThanOrEqual(1e-9 * scale);
        if (all.count > 1) expect(Math.abs(x.variance - all.variance)).toBeLessThanOrEqual(1e-8 * scale * scale);
        expect(x.min).toBe(all.min);
        expect(x.max).toBe(all.max);
      }),
      { seed: 2, numRuns: 200 },
    );
  });

  it('is NaN where undefined', () => {
    const s = new RunningStats();
    expect(s.mean).toBeNaN();
    s.push(3);
    expect(s.mean).toBe(3);
    expect(s.variance).toBeNaN();
  });
});

describe('Student-t intervals', () => {
  it('t quantiles equal tabulated values', () => {
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.262157, 6);
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.706205, 6);
    expect(tQuantile(0.995, 30)).toBeCloseTo(2.749996, 6);
    expect(tQuantile(0.95, 4)).toBeCloseTo(2.131847, 6);
  });

  it('a sample of 10 gets mean ± 2.262157 s / sqrt(10)', () => {
    const xs = [2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 2.8, 4.0, 3.7, 2.9];
    const ci = meanConfidenceInterval(xs, 0.95);
    const s = Math.sqrt(variance(xs));
    expect(ci.mean).toBeCloseTo(3.41, 12);
    expect(ci.halfWidth).toBeCloseTo((2.262157 * s) / Math.sqrt(10), 5);
    expect(ci.lower).toBeCloseTo(ci.mean - ci.halfWidth, 12);
    expect(ci.n).toBe(10);
  });

  it('covers the true mean of normal samples about 95% of the time', () => {
    const rng = new RandomStreams(3).stream('test/ci-coverage');
    let covered = 0;
    const reps = 2000;
    for (let r = 0; r < reps; r++) {
      const s = new RunningStats();
      for (let i = 0; i < 8; i++) s.push(rng.normal(5, 2));
      const ci = confidenceInterval(s, 0.95);
      if (ci.lower <= 5 && 5 <= ci.upper) covered++;
    }
    // Binomial sd at 2000 reps is 0.005.
    expect(Math.abs(covered / reps - 0.95)).toBeLessThan(0.02);
  });
});

describe('batch means', () => {
  /** AR(1) x_t = phi x_{t-1} + e_t around mean 10: strongly correlated for phi = 0.9. */
  function ar1(rng: ReturnType<RandomStreams['stream']>, n: number, sink: (x: number) => void): void {
    let x = 0;
    for (let i = 0; i < n; i++) {
      x = 0.9 * x + rng.normal();
      sink(10 + x);
    }
  }

  it('keeps the batch count between minBatches and twice it, with equal batch sizes', () => {
    const b = new BatchMeans(10);
    for (let i = 0; i < 12_345; i++) b.push(i);
    expect(b.batches).toBeGreaterThanOrEqual(10);
    expect(b.batches).toBeLessThan(20);
    expect(b.batches * b.batchSize).toBeLessThanOrEqual(12_345);
    // Batches of consecutive integers: batch k's mean is known.
    const ci = b.interval();
    const size = b.batchSize;
    let m = 0;
    for (let k = 0; k < b.batches; k++) m += k * size + (size - 1) / 2;
    expect(ci.mean).toBeCloseTo(m / b.batches, 9);
  });

  it('covers the mean of a correlated series where the naive interval does not', () => {
    const streams = new RandomStreams(4);
    let batchCovered = 0;
    let naiveCovered = 0;
    const reps = 200;
    for (let r = 0; r < reps; r++) {
      const b = new BatchMeans(20, 100);
      const naive = new RunningStats();
      ar1(streams.stream(`test/ar1/${r}`), 20_100, (x) => {
        b.push(x);
        naive.push(x);
      });
      const ci = b.interval(0.95);
      if (ci.lower <= 10 && 10 <= ci.upper) batchCovered++;
      const ni = confidenceInterval(naive, 0.95);
      if (ni.lower <= 10 && 10 <= ni.upper) naiveCovered++;
    }
    expect(batchCovered / reps).toBeGreaterThan(0.9);
    expect(batchCovered / reps).toBeLessThanOrEqual(0.99);
    expect(naiveCovered / reps).toBeLessThan(0.7);
  });
});

describe('percentiles', () => {
  it('exact percentiles interpolate between order statistics', () => {
    expect(percentile([3, 1, 2, 4], 0.5)).toBe(2.5);
    expect(percentile([3, 1, 2, 4], 0)).toBe(1);
    expect(percentile([3, 1, 2, 4], 1)).toBe(4);
    expect(percentile([10, 20, 30, 40, 50], 0.9)).toBeCloseTo(46, 12);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('the histogram is within its relative error of the exact quantile (property)', () => {
    const value = fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e7, noNaN: true }));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 400 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, p) => {
        const h = new LogHistogram({ relativeError: 0.01 });
        xs.forEach((x) => h.push(x));
        const sorted = Float64Array.from(xs).sort();
        const exact = nearestRankOfSorted(sorted, p);
        const got = h.quantile(p);
        if (exact === 0) expect(got).toBe(0);
        else expect(Math.abs(got - exact)).toBeLessThanOrEqual(exact * 0.01 * (1 + 1e-9));
      }),
      { seed: 5, numRuns: 500 },
    );
  });

  it('p50, p95, p99 of a million exponential values within 0.5% of the sorted truth, in 39 kB', () => {
    const rng = new RandomStreams(6).stream('test/hist');
    const h = new LogHistogram();
    const xs = new Float64Array(1_000_000);
    for (let i = 0; i < xs.length; i++) {
      xs[i] = rng.exponential(0.01);
      h.push(xs[i]);
    }
    xs.sort();
    for (const p of [0.5, 0.95, 0.99]) {
      const exact = nearestRankOfSorted(xs, p);
      expect(Math.abs(h.quantile(p) / exact - 1)).toBeLessThanOrEqual(0.005 * (1 + 1e-9));
      // And the theoretical quantile -ln(1-p)/rate is close as well.
      expect(Math.abs(h.quantile(p) / (-Math.log(1 - p) / 0.01) - 1)).toBeLessThan(0.02);
    }
    expect(h.bucketCount * 8).toBeLessThan(40_000);
    expect(h.quantile(0)).toBe(xs[0]);
    expect(h.quantile(1)).toBe(xs[xs.length - 1]);
  });

  it('values above the range are answered by the largest seen; negatives are refused', () => {
    const h = new LogHistogram({ maxValue: 100 });
    for (const x of [1, 2, 500, 800]) h.push(x);
    expect(h.quantile(1)).toBe(800);
    expect(h.quantile(0.75)).toBe(800);
    expect(() => h.push(-1)).toThrow(RangeError);
  });

  it('merging histograms equals one histogram of everything', () => {
    const a = new LogHistogram();
    const b = new LogHistogram();
    const all = new LogHistogram();
    const rng = new RandomStreams(8).stream('test/merge');
    for (let i = 0; i < 5000; i++) {
      const x = rng.logNormal(0, 2);
      (i % 3 === 0 ? a : b).push(x);
      all.push(x);
    }
    a.merge(b);
    for (const p of [0.1, 0.5, 0.9, 0.99]) expect(a.quantile(p)).toBe(all.quantile(p));
  });
});

describe("Jain's fairness index", () => {
  it('is 1 for equal shares and 1/n for one-hot', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.double({ min: 1e-3, max: 1e6, noNaN: true }), (n, x) => {
        expect(jainIndex(new Array(n).fill(x))).toBeCloseTo(1, 12);
        const one = new Array(n).fill(0);
        one[n - 1] = x;
        expect(jainIndex(one)).toBeCloseTo(1 / n, 12);
      }),
      { seed: 9 },
    );
    expect(jainIndex([0, 0, 0])).toBe(1);
    // k of n equal, the rest zero: k / n.
    expect(jainIndex([2, 2, 0, 0, 0])).toBeCloseTo(2 / 5, 12);
  });

  it('lies in [1/n, 1]', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }), (xs) => {
        const j = jainIndex(xs);
        expect(j).toBeLessThanOrEqual(1 + 1e-12);
        expect(j).toBeGreaterThanOrEqual(1 / xs.length - 1e-12);
      }),
      { seed: 10 },
    );
  });
});

describe('pairedDifferenceInterval and empiricalCdf', () => {
  it('equals the Student-t interval of the differences (t.test of 1,2,1,3,2: 0.76115 to 2.83885)', () => {
    // a - b = [1, 2, 1, 3, 2]: mean 1.8, s^2 = 0.7, t_{0.975,4} = 2.776445
    const ci = pairedDifferenceInterval([5, 7, 6, 9, 8], [4, 5, 5, 6, 6]);
    expect(ci.mean).toBeCloseTo(1.8, 12);
    expect(ci.n).toBe(5);
    expect(ci.halfWidth).toBeCloseTo(2.776445 * Math.sqrt(0.7 / 5), 6);
    expect(ci.lower).toBeCloseTo(0.76115, 5);
    expect(ci.upper).toBeCloseTo(2.83885, 5);
  });

  it('is narrower than unpaired intervals when the pairs share their noise', () => {
    const noise = [3, -1, 4, -1, 5, -9, 2, 6];
    const a = noise.map((z, i) => 10 + z + 0.1 * (i % 3));
    const b = noise.map((z) => 9 + z);
    const paired = pairedDifferenceInterval(a, b);
    expect(paired.halfWidth).toBeLessThan(meanConfidenceInterval(a).halfWidth / 10);
  });

  it('rejects samples of different lengths', () => {
    expect(() => pairedDifferenceInterval([1, 2], [1])).toThrow(/equal lengths/);
  });

  it('empirical CDF: steps at distinct values, last at 1, NaN left out', () => {
    expect(empiricalCdf([3, 1, 2, 2, NaN])).toEqual([
      { value: 1, fraction: 0.25 },
      { value: 2, fraction: 0.75 },
      { value: 3, fraction: 1 },
    ]);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (xs) => {
        const cdf = empiricalCdf(xs);
        expect(cdf[cdf.length - 1].fraction).toBe(1);
        for (const p of cdf) expect(p.fraction).toBeCloseTo(xs.filter((x) => x <= p.value).length / xs.length, 12);
      }),
      { seed: 7, numRuns: 100 },
    );
  });
});
