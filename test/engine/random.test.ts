import { describe, expect, it } from 'vitest';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import gammaCdf from '@stdlib/stats-base-dists-gamma-cdf';
import { RandomStreams, Stream } from '../../src/engine/random.js';
import { ksCritical1pct, ksStatistic, mean, variance } from '../helpers/stats.js';

const N = 40_000;

function sample(f: (s: Stream) => number, name = 'test', n = N): number[] {
  const s = new RandomStreams(20261125).stream(name);
  return Array.from({ length: n }, () => f(s));
}

/** Modified Bessel I0 by the trapezoid rule on its integral form (spectrally accurate). */
function besselI0(z: number): number {
  const k = 200;
  let sum = 0;
  for (let i = 0; i < k; i++) sum += Math.exp(z * Math.cos(((i + 0.5) * Math.PI) / k));
  return sum / k;
}

/** Rician CDF: its density integrated once on a fine grid (trapezoid rule), then interpolated. */
function ricianCdf(nu: number, sigma: number): (x: number) => number {
  const pdf = (r: number): number =>
    (r / sigma ** 2) * Math.exp(-(r * r + nu * nu) / (2 * sigma ** 2)) * besselI0((r * nu) / sigma ** 2);
  const top = nu + 12 * sigma;
  const m = 20_000;
  const h = top / m;
  const table = new Float64Array(m + 1);
  let prev = pdf(0);
  for (let i = 1; i <= m; i++) {
    const cur = pdf(i * h);
    table[i] = table[i - 1] + (h * (prev + cur)) / 2;
    prev = cur;
  }
  return (x) => {
    if (x <= 0) return 0;
    if (x >= top) return 1;
    const i = Math.floor(x / h);
    const f = x / h - i;
    return table[i] * (1 - f) + table[i + 1] * f;
  };
}

describe('named streams', () => {
  it('give the same sequence for the same seed and name', () => {
    const a = new RandomStreams(7).stream('fading/u1/s2');
    const b = new RandomStreams(7).stream('fading/u1/s2');
    for (let i = 0; i < 1000; i++) expect(a.next()).toBe(b.next());
  });

  it('differ across names and across seeds', () => {
    const a = new RandomStreams(7).stream('x');
    const b = new RandomStreams(7).stream('y');
    const c = new RandomStreams(8).stream('x');
    const xs = [a.next(), b.next(), c.next()];
    expect(new Set(xs).size).toBe(3);
  });

  it('do not depend on which other streams exist or were drawn from', () => {
    const alone = new RandomStreams(3);
    const crowded = new RandomStreams(3);
    for (let i = 0; i < 10; i++) crowded.stream(`other/${i}`).normal();
    crowded.stream('mobility/u0').next();
    const s1 = alone.stream('fading/u4/s0');
    const s2 = crowded.stream('fading/u4/s0');
    for (let i = 0; i < 500; i++) expect(s2.normal()).toBe(s1.normal());
  });

  it('return the same stream object for the same name and list the names', () => {
    const rs = new RandomStreams(1);
    expect(rs.stream('b')).toBe(rs.stream('b'));
    rs.stream('a');
    expect(rs.names()).toEqual(['a', 'b']);
    expect(rs.fresh('b')).not.toBe(rs.stream('b'));
  });

  it('draw uniforms in [0, 1)', () => {
    const xs = sample((s) => s.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(ksStatistic(xs, (x) => x)).toBeLessThan(ksCritical1pct(N));
  });
});

describe('distributions match their theory', () => {
  it('uniform(a, b)', () => {
    const xs = sample((s) => s.uniform(-2, 3));
    expect(mean(xs)).toBeCloseTo(0.5, 1);
    expect(variance(xs)).toBeCloseTo(25 / 12, 1);
    expect(ksStatistic(xs, (x) => (x + 2) / 5)).toBeLessThan(ksCritical1pct(N));
  });

  it('integer(lo, hi) is uniform over the inclusive range', () => {
    const xs = sample((s) => s.integer(3, 8));
    const counts = new Map<number, number>();
    for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([3, 4, 5, 6, 7, 8]);
    // Pearson chi-square with 5 degrees of freedom; 15.09 is the 1% point.
    const expected = N / 6;
    let chi2 = 0;
    for (const c of counts.values()) chi2 += (c - expected) ** 2 / expected;
    expect(chi2).toBeLessThan(15.09);
  });

  it('exponential(rate)', () => {
    const rate = 2.5;
    const xs = sample((s) => s.exponential(rate));
    expect(mean(xs)).toBeCloseTo(1 / rate, 2);
    expect(variance(xs)).toBeCloseTo(1 / rate ** 2, 2);
    expect(ksStatistic(xs, (x) => 1 - Math.exp(-rate * x))).toBeLessThan(ksCritical1pct(N));
  });

  it('normal(mean, sd)', () => {
    const xs = sample((s) => s.normal(1.5, 2));
    expect(mean(xs)).toBeCloseTo(1.5, 1);
    expect(variance(xs) / 4).toBeCloseTo(1, 1);
    expect(ksStatistic(xs, (x) => normalCdf(x, 1.5, 2))).toBeLessThan(ksCritical1pct(N));
  });

  it('logNormal(mu, sigma)', () => {
    const mu = 0.3;
    const sigma = 0.5;
    const xs = sample((s) => s.logNormal(mu, sigma));
    const m = Math.exp(mu + sigma ** 2 / 2);
    const v = (Math.exp(sigma ** 2) - 1) * Math.exp(2 * mu + sigma ** 2);
    expect(mean(xs) / m).toBeCloseTo(1, 2);
    expect(variance(xs) / v).toBeCloseTo(1, 1);
    expect(ksStatistic(xs, (x) => normalCdf(Math.log(x), mu, sigma))).toBeLessThan(ksCritical1pct(N));
  });

  for (const shape of [0.4, 1, 2.5, 9]) {
    it(`gamma(shape ${shape}, scale 1.7)`, () => {
      const scale = 1.7;
      const xs = sample((s) => s.gamma(shape, scale), `gamma/${shape}`);
      expect(mean(xs) / (shape * scale)).toBeCloseTo(1, 1);
      expect(variance(xs) / (shape * scale * scale)).toBeCloseTo(1, 1);
      // stdlib parametrises the gamma by shape and rate.
      expect(ksStatistic(xs, (x) => gammaCdf(x, shape, 1 / scale))).toBeLessThan(ksCritical1pct(N));
    });
  }

  it('rayleigh(sigma)', () => {
    const sigma = 0.8;
    const xs = sample((s) => s.rayleigh(sigma));
    expect(mean(xs)).toBeCloseTo(sigma * Math.sqrt(Math.PI / 2), 2);
    expect(variance(xs)).toBeCloseTo(((4 - Math.PI) / 2) * sigma ** 2, 2);
    expect(ksStatistic(xs, (x) => 1 - Math.exp(-(x * x) / (2 * sigma * sigma)))).toBeLessThan(ksCritical1pct(N));
  });

  it('rician(nu, sigma)', () => {
    const nu = 1.2;
    const sigma = 0.6;
    const xs = sample((s) => s.rician(nu, sigma), 'rician', 20_000);
    // E[R^2] = nu^2 + 2 sigma^2 and E[R^4] = nu^4 + 8 nu^2 sigma^2 + 8 sigma^4.
    expect(mean(xs.map((x) => x * x))).toBeCloseTo(nu ** 2 + 2 * sigma ** 2, 1);
    const m4 = nu ** 4 + 8 * nu ** 2 * sigma ** 2 + 8 * sigma ** 4;
    expect(mean(xs.map((x) => x ** 4)) / m4).toBeCloseTo(1, 1);
    expect(ksStatistic(xs, ricianCdf(nu, sigma))).toBeLessThan(ksCritical1pct(20_000));
  });

  for (const lambda of [0.3, 4, 37.5, 1200]) {
    it(`poisson(${lambda})`, () => {
      const xs = sample((s) => s.poisson(lambda), `poisson/${lambda}`);
      expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
      // The sample mean's standard error is sqrt(lambda/N); allow 4 of them.
      expect(Math.abs(mean(xs) - lambda)).toBeLessThan(4 * Math.sqrt(lambda / N));
      expect(variance(xs) / lambda).toBeCloseTo(1, 1);
    });
  }

  it('choice picks uniformly and shuffle permutes', () => {
    const items = ['a', 'b', 'c', 'd'];
    const xs = sample((s) => items.indexOf(s.choice(items)));
    expect(mean(xs)).toBeCloseTo(1.5, 1);
    const s = new RandomStreams(5).stream('shuffle');
    const firsts = new Map<string, number>();
    for (let i = 0; i < 8000; i++) {
      const p = s.shuffle(items);
      expect(p.slice().sort()).toEqual(items);
      firsts.set(p[0], (firsts.get(p[0]) ?? 0) + 1);
    }
    for (const c of firsts.values()) expect(c / 8000).toBeCloseTo(0.25, 1);
  });

  it('dirichletFlat lies on the simplex with mean 1/n', () => {
    const s = new RandomStreams(5).stream('dirichlet');
    const n = 5;
    const acc = new Array(n).fill(0);
    for (let i = 0; i < 5000; i++) {
      const x = s.dirichletFlat(n);
      expect(x.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      x.forEach((v, j) => (acc[j] += v / 5000));
    }
    for (const v of acc) expect(v).toBeCloseTo(1 / n, 2);
  });

  it('reject impossible parameters', () => {
    const s = new RandomStreams(1).stream('bad');
    expect(() => s.exponential(0)).toThrow(/rate/);
    expect(() => s.gamma(-1)).toThrow(/shape/);
    expect(() => s.poisson(-1)).toThrow(/mean/);
    expect(() => s.integer(5, 2)).toThrow(/lo <= hi/);
    expect(() => s.choice([])).toThrow(/empty/);
    expect(() => new RandomStreams(Number.NaN)).toThrow(/seed/);
  });
});
