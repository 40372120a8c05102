import gammaCdf from '@stdlib/stats-base-dists-gamma-cdf';
import j0 from '@stdlib/math-base-special-besselj0';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/engine/input-error.js';
import { RandomStreams, Stream } from '../../src/engine/random.js';
import {
  BlockFadingProcess,
  type FadingLaw,
  GaussMarkovFadingProcess,
  LawFading,
  SumOfSinusoidsFadingProcess,
} from '../../src/radio/fading.js';
import { NakagamiLaw } from '../../src/radio/nakagami-fading.js';
import { RayleighLaw } from '../../src/radio/rayleigh-fading.js';
import { createFading, type FadingConfig } from '../../src/radio/registry.js';
import { RicianLaw } from '../../src/radio/rician-fading.js';
import { ksCritical1pct, ksStatistic, mean } from '../helpers/stats.js';

/** First zero of J0: samples this Doppler phase apart are uncorrelated. */
const J0_ZERO = 2.404825557695773;
const FD = 10;
const DT_INDEPENDENT = J0_ZERO / (2 * Math.PI * FD);

/** n powers of one link, drawn independently in the given correlation mode. */
function powers(law: FadingLaw, mode: 'block' | 'gauss-markov', n: number, seed = 1): number[] {
  const stream = new Stream(seed, 'test/fading');
  const out: number[] = [];
  if (mode === 'block') {
    const p = new BlockFadingProcess(law, 0.001, stream);
    for (let k = 0; k < n; k++) out.push(p.power(k * 0.001 + 0.0005));
  } else {
    // Stepping by a zero of J0 makes consecutive samples uncorrelated, and
    // for Gaussian components uncorrelated is independent.
    const p = new GaussMarkovFadingProcess(law, 2e9, FD, stream);
    for (let k = 0; k < n; k++) out.push(p.power(k * DT_INDEPENDENT, 0));
  }
  return out;
}

function twoSampleKs(a: number[], b: number[]): number {
  const x = a.slice().sort((p, q) => p - q);
  const y = b.slice().sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    if (x[i] <= y[j]) i++;
    else j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

const N = 40_000;
const modes = ['block', 'gauss-markov'] as const;

describe('fading laws: mean power 1 and the right distribution', () => {
  for (const mode of modes) {
    it(`Rayleigh (${mode}): envelope passes KS, mean power 1`, () => {
      const p = powers(new RayleighLaw(), mode, N);
      expect(Math.abs(mean(p) - 1)).toBeLessThan(4 / Math.sqrt(N));
      const r = p.map(Math.sqrt);
      expect(ksStatistic(r, (x) => 1 - Math.exp(-x * x))).toBeLessThan(ksCritical1pct(N));
    });

    for (const k of [0.5, 3, 10]) {
      it(`Rician K=${k} (${mode}): E[R^2] = 1, E[R^4] = (K^2+4K+2)/(K+1)^2`, () => {
        const p = powers(new RicianLaw(k), mode, N, 2);
        const m2 = mean(p);
        const m4 = mean(p.map((x) => x * x));
        const e4 = (k * k + 4 * k + 2) / ((k + 1) * (k + 1));
        // Var(P) = e4 - 1, so the standard error of m2 is sqrt((e4 - 1)/N).
        expect(Math.abs(m2 - 1)).toBeLessThan(4 * Math.sqrt((e4 - 1) / N));
        expect(Math.abs(m4 - e4) / e4).toBeLessThan(0.03);
      });
    }

    for (const m of [0.5, 2, 3.5]) {
      it(`Nakagami m=${m} (${mode}): power Gamma(m, 1/m) by KS, E[R^4] = (m+1)/m`, () => {
        const p = powers(new NakagamiLaw(m), mode, N, 3);
        expect(Math.abs(mean(p) - 1)).toBeLessThan(4 * Math.sqrt(1 / m / N));
        expect(Math.abs(mean(p.map((x) => x * x)) - (m + 1) / m) / ((m + 1) / m)).toBeLessThan(0.04);
        expect(ksStatistic(p, (x) => gammaCdf(x, m, m))).toBeLessThan(ksCritical1pct(N));
      });
    }
  }

  it('block Nakagami takes any m >= 1/2; Gauss-Markov needs a multiple of 1/2', () => {
    const p = powers(new NakagamiLaw(0.7), 'block', N, 4);
    expect(ksStatistic(p, (x) => gammaCdf(x, 0.7, 0.7))).toBeLessThan(ksCritical1pct(N));
    const streams = new RandomStreams(1);
    expect(() =>
      createFading({ model: 'nakagami', m: 0.7, correlation: { type: 'gauss-markov', dopplerHz: 5 } }, streams),
    ).toThrow(/radio\.fading\.m: .*multiple of 1\/2/);
    expect(() => createFading({ model: 'rician', kFactor: 1, extra: 1 } as never, streams)).toThrow(InputError);
  });

  it('no fading is power 1', () => {
    const f = createFading({ model: 'none' }, new RandomStreams(1)).link(0, 0);
    expect(f.power(3, 10)).toBe(1);
  });
});

describe('Gauss-Markov time correlation', () => {
  /** x(0) and x(dt) of the first real component over many independent links. */
  function componentPairs(dtS: number, links: number, travelled?: (t: number) => number, fixedDoppler: number | null = FD) {
    const a: number[] = [];
    const b: number[] = [];
    const pa: number[] = [];
    const pb: number[] = [];
    for (let l = 0; l < links; l++) {
      const p = new GaussMarkovFadingProcess(new RayleighLaw(), 2e9, fixedDoppler ?? undefined, new Stream(5, `test/gm/${l}`));
      pa.push(p.power(0, travelled?.(0) ?? 0));
      a.push(p.components[0]);
      pb.push(p.power(dtS, travelled?.(dtS) ?? 0));
      b.push(p.components[0]);
    }
    return { a, b, pa, pb };
  }
  const corr = (a: number[], b: number[]) => {
    const ma = mean(a);
    const mb = mean(b);
    let s = 0;
    let sa = 0;
    let sb = 0;
    for (let i = 0; i < a.length; i++) {
      s += (a[i] - ma) * (b[i] - mb);
      sa += (a[i] - ma) ** 2;
      sb += (b[i] - mb) ** 2;
    }
    return s / Math.sqrt(sa * sb);
  };

  for (const dt of [0.002, 0.01, 0.025, 0.05, 0.08]) {
    it(`the correlation over dt = ${dt} s is J0(2 pi fD dt) (fD = ${FD} Hz)`, () => {
      const links = 6000;
      const { a, b, pa, pb } = componentPairs(dt, links);
      const rho = j0(2 * Math.PI * FD * dt);
      expect(Math.abs(corr(a, b) - rho)).toBeLessThan(4 / Math.sqrt(links));
      // For Rayleigh the power correlation is |rho|^2.
      expect(Math.abs(corr(pa, pb) - rho * rho)).toBeLessThan(5 / Math.sqrt(links));
    });
  }

  it('without a fixed Doppler the phase follows the distance travelled: J0(2 pi dd / lambda)', () => {
    const speed = 15;
    const dt = 0.01;
    const { a, b } = componentPairs(dt, 6000, (t) => speed * t, null);
    const lambda = 299792458 / 2e9;
    expect(Math.abs(corr(a, b) - j0((2 * Math.PI * speed * dt) / lambda))).toBeLessThan(4 / Math.sqrt(6000));
  });

  it('jumping straight to t gives the same law as stepping there', () => {
    const law = new RicianLaw(2);
    const jumped: number[] = [];
    const stepped: number[] = [];
    for (let l = 0; l < 3000; l++) {
      const j = new GaussMarkovFadingProcess(law, 2e9, FD, new Stream(9, `test/jump/${l}`));
      j.power(0, 0);
      jumped.push(j.power(0.3, 0));
      const s = new GaussMarkovFadingProcess(law, 2e9, FD, new Stream(10, `test/step/${l}`));
      for (let k = 0; k <= 300; k++) s.power(k * 0.001, 0);
      stepped.push(s.power(0.3, 0));
    }
    // Two-sample KS at 1%: 1.628 sqrt(2/n).
    expect(twoSampleKs(jumped, stepped)).toBeLessThan(1.628 * Math.sqrt(2 / 3000));
    expect(Math.abs(mean(jumped) - mean(stepped))).toBeLessThan(0.08);
  });

  it('rejects a query earlier than the last and repeats the value at the same time', () => {
    const p = new GaussMarkovFadingProcess(new RayleighLaw(), 2e9, FD, new Stream(1, 'x'));
    const v = p.power(1, 0);
    expect(p.power(1, 0)).toBe(v);
    expect(() => p.power(0.5, 0)).toThrow(RangeError);
  });
});

describe('block fading', () => {
  it('is constant within a block and the same whatever the query order', () => {
    const cfg: FadingConfig = { model: 'rayleigh', correlation: { type: 'block', coherenceTimeS: 0.1 } };
    const a = createFading(cfg, new RandomStreams(3)).link(2, 1);
    const b = createFading(cfg, new RandomStreams(3)).link(2, 1);
    const times = [0.05, 0.15, 7.33, 0.12, 1e6, 0.01];
    const va = times.map((t) => a.power(t, 0));
    const vb = [...times].reverse().map((t) => b.power(t, 0)).reverse();
    expect(va).toEqual(vb);
    expect(va[1]).toBe(va[3]);
    expect(va[0]).toBe(va[5]);
    expect(va[0]).not.toBe(va[1]);
  });

  it('draws from the stream fading/u<n>/s<m>', () => {
    const streams = new RandomStreams(3);
    const f = createFading({ model: 'rician', kFactor: 2 }, streams);
    expect(f).toBeInstanceOf(LawFading);
    f.link(4, 2).power(0, 0);
    expect(streams.names()).toEqual(['fading/u4/s2']);
  });
});

describe('sum-of-sinusoids time correlation', () => {
  const make = (l: number, K = 32, law: FadingLaw = new RayleighLaw()) =>
    new SumOfSinusoidsFadingProcess(law, 2e9, FD, K, new Stream(11, `test/sos/${l}`));

  it('the correlation of a component over links is J0(2 pi fD dt) at several lags', () => {
    const links = 8000;
    for (const dt of [0.005, 0.02, 0.04, 0.1]) {
      const a: number[] = [];
      const b: number[] = [];
      for (let l = 0; l < links; l++) {
        const p = make(l);
        p.power(1.3);
        a.push(p.components[0]);
        p.power(1.3 + dt);
        b.push(p.components[0]);
      }
      let s = 0;
      for (let i = 0; i < links; i++) s += a[i] * b[i];
      // Components have mean 0 and variance 1 over links.
      expect(Math.abs(s / links - j0(2 * Math.PI * FD * dt))).toBeLessThan(4 / Math.sqrt(links));
    }
  });

  it('mean power 1 and a near-Rayleigh envelope with 32 sinusoids', () => {
    const p: number[] = [];
    for (let l = 0; l < 4000; l++) {
      const f = make(l);
      for (let k = 0; k < 10; k++) p.push(f.power(k * DT_INDEPENDENT * 3));
    }
    expect(Math.abs(mean(p) - 1)).toBeLessThan(0.03);
    // The marginal is Gaussian only as K grows; with K = 32 the envelope is
    // within a KS distance of 0.01 of Rayleigh (0.006 measured on 40,000).
    expect(ksStatistic(p.map(Math.sqrt), (x) => 1 - Math.exp(-x * x))).toBeLessThan(0.01);
  });

  it('the value at t does not depend on which other times were queried, nor their order', () => {
    const times = [0.7, 0.01, 3.2, 0.7, 1.5, 0];
    const once = times.map((t) => make(3).power(t));
    const p = make(3);
    const inOrder = times.map((t) => p.power(t));
    expect(inOrder).toEqual(once);
    const q = make(3);
    for (let t = 0; t < 2; t += 0.0007) q.power(t);
    expect(q.power(0.7)).toBe(once[0]);
  });

  it('is chosen by name; Nakagami needs a multiple of 1/2', () => {
    const streams = new RandomStreams(1);
    const f = createFading({ model: 'rician', kFactor: 3, correlation: { type: 'sum-of-sinusoids', dopplerHz: 5, sinusoids: 16 } }, streams);
    expect(f.link(0, 0).power(1, 0)).toBeGreaterThan(0);
    expect(() =>
      createFading({ model: 'nakagami', m: 0.7, correlation: { type: 'sum-of-sinusoids', dopplerHz: 5 } }, streams),
    ).toThrow(/radio\.fading\.m: .*multiple of 1\/2/);
  });
});
