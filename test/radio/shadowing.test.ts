import { describe, expect, it } from 'vitest';
import { RandomStreams, Stream } from '../../src/engine/random.js';
import { GudmundsonProcess } from '../../src/radio/log-normal-shadowing.js';
import { createShadowing } from '../../src/radio/registry.js';
import { mean, variance } from '../helpers/stats.js';

const corr = (a: number[], b: number[]) => {
  const ma = mean(a);
  const mb = mean(b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - ma) * (b[i] - mb);
  return s / (a.length - 1) / Math.sqrt(variance(a) * variance(b));
};

describe('Gudmundson log-normal shadowing', () => {
  const sigma = 8;
  const dCorr = 50;
  const links = 6000;

  for (const dd of [5, 25, 50, 120]) {
    it(`correlation at ${dd} m is exp(-${dd}/${dCorr}), in one jump and in ten steps`, () => {
      const a: number[] = [];
      const jump: number[] = [];
      const a2: number[] = [];
      const steps: number[] = [];
      for (let l = 0; l < links; l++) {
        const p = new GudmundsonProcess(sigma, dCorr, new Stream(1, `test/sh/${l}`));
        a.push(p.valueDb(100));
        jump.push(p.valueDb(100 + dd));
        const q = new GudmundsonProcess(sigma, dCorr, new Stream(2, `test/sh/${l}`));
        a2.push(q.valueDb(0));
        for (let k = 1; k < 10; k++) q.valueDb((k * dd) / 10);
        steps.push(q.valueDb(dd));
      }
      const rho = Math.exp(-dd / dCorr);
      expect(Math.abs(corr(a, jump) - rho)).toBeLessThan(4 / Math.sqrt(links));
      // The exponential is the one correlation that is Markov: steps compose.
      expect(Math.abs(corr(a2, steps) - rho)).toBeLessThan(4 / Math.sqrt(links));
      expect(Math.sqrt(variance(jump)) / sigma).toBeCloseTo(1, 1);
      expect(Math.abs(mean(jump))).toBeLessThan((4 * sigma) / Math.sqrt(links));
    });
  }

  it('stands still when the user does, and refuses to go back', () => {
    const p = new GudmundsonProcess(sigma, dCorr, new Stream(1, 'x'));
    const v = p.valueDb(10);
    expect(p.valueDb(10)).toBe(v);
    expect(() => p.valueDb(9)).toThrow(RangeError);
  });

  it('is built by name and draws from shadowing/u<n>/s<m>', () => {
    const streams = new RandomStreams(2);
    const s = createShadowing({ model: 'log-normal', sigmaDb: 4 }, streams);
    s.link(3, 1).valueDb(0);
    expect(streams.names()).toEqual(['shadowing/u3/s1']);
    expect(createShadowing({ model: 'none' }, streams).link(0, 0).valueDb(5)).toBe(0);
    expect(() => createShadowing({ model: 'log-normal', sigmaDb: -1 }, streams)).toThrow(/radio\.shadowing\.sigmaDb/);
  });

  it('inter-site correlation r: links of one user correlate by r, keep sigma and the Gudmundson law', () => {
    const r = 0.5;
    const users = 6000;
    const s1: number[] = [];
    const s2: number[] = [];
    const later: number[] = [];
    const streams = new RandomStreams(9);
    const sh = createShadowing({ model: 'log-normal', sigmaDb: sigma, decorrelationDistanceM: dCorr, interSiteCorrelation: r }, streams);
    for (let u = 0; u < users; u++) {
      const a = sh.link(u, 0);
      const b = sh.link(u, 1);
      s1.push(a.valueDb(0));
      s2.push(b.valueDb(0));
      later.push(a.valueDb(dCorr));
    }
    const tol = 4 / Math.sqrt(users);
    expect(Math.abs(corr(s1, s2) - r)).toBeLessThan(tol);
    expect(Math.abs(corr(s1, later) - Math.exp(-1))).toBeLessThan(tol);
    expect(Math.sqrt(variance(s1)) / sigma).toBeCloseTo(1, 1);
    expect(streams.names()).toContain('shadowing/u0');
    expect(() => createShadowing({ model: 'log-normal', sigmaDb: 4, interSiteCorrelation: 1.5 }, streams)).toThrow(
      /radio\.shadowing\.interSiteCorrelation/,
    );
  });

  it('sum of sinusoids: correlation exp(-dd/dCorr) over links, sigma kept, pure in distance', () => {
    const links = 8000;
    const sh = createShadowing({ model: 'log-normal', sigmaDb: sigma, decorrelationDistanceM: dCorr, sinusoids: 32 }, new RandomStreams(4));
    const procs = Array.from({ length: links }, (_, l) => sh.link(l, 0));
    const a = procs.map((p) => p.valueDb(300));
    for (const dd of [5, 25, 50, 120]) {
      const b = procs.map((p) => p.valueDb(300 + dd));
      expect(Math.abs(corr(a, b) - Math.exp(-dd / dCorr))).toBeLessThan(4 / Math.sqrt(links));
    }
    expect(Math.sqrt(variance(a)) / sigma).toBeCloseTo(1, 1);
    // Going back is allowed and gives the same value: nothing depends on the query history.
    expect(procs[7].valueDb(300)).toBe(a[7]);
  });
});
