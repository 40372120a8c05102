import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { createShadowing } from '../../src/radio/registry.js';
import { siteCorrelationMatrix } from '../../src/radio/site-correlation.js';

const sites = [
  { xM: 0, yM: 0 },
  { xM: 100, yM: 0 },
  { xM: 300, yM: 0 },
  { xM: 0, yM: 250 },
];

describe('shadowing correlated across sites by distance', () => {
  it("the sample correlation of a user's links matches exp(-d_ij / distance), and each link keeps sigma", () => {
    const sigmaDb = 8;
    const distanceM = 200;
    const users = 20_000;
    const shadowing = createShadowing({ model: 'log-normal', sigmaDb, siteCorrelationDistanceM: distanceM }, new RandomStreams(7), 'radio.shadowing', undefined, sites);
    const M = sites.length;
    const x = Array.from({ length: M }, () => new Float64Array(users));
    for (let n = 0; n < users; n++) for (let m = 0; m < M; m++) x[m][n] = shadowing.link(n, m).valueDb(0);
    const mean = x.map((v) => v.reduce((a, b) => a + b, 0) / users);
    const cov = (i: number, j: number): number => {
      let s = 0;
      for (let n = 0; n < users; n++) s += (x[i][n] - mean[i]) * (x[j][n] - mean[j]);
      return s / (users - 1);
    };
    const target = siteCorrelationMatrix(sites, distanceM);
    // Standard error of a sample correlation is at most 1/sqrt(N) = 0.007; allow 4 of them.
    for (let i = 0; i < M; i++) {
      expect(Math.abs(Math.sqrt(cov(i, i)) - sigmaDb) / sigmaDb).toBeLessThan(0.03);
      for (let j = 0; j < i; j++) expect(Math.abs(cov(i, j) / Math.sqrt(cov(i, i) * cov(j, j)) - target[i][j])).toBeLessThan(4 / Math.sqrt(users));
    }
  });

  it('along the path each link still decorrelates as Gudmundson: exp(-dd / dCorr)', () => {
    const shadowing = createShadowing({ model: 'log-normal', sigmaDb: 1, decorrelationDistanceM: 50, siteCorrelationDistanceM: 200 }, new RandomStreams(3), 'radio.shadowing', undefined, sites);
    const users = 20_000;
    let s01 = 0;
    for (let n = 0; n < users; n++) {
      const p = shadowing.link(n, 2);
      s01 += p.valueDb(0) * p.valueDb(50);
    }
    expect(Math.abs(s01 / users - Math.exp(-1))).toBeLessThan(4 / Math.sqrt(users));
  });

  it('two sites at one place, or both correlation options, are refused in one line', () => {
    const twin = [sites[0], sites[0]];
    expect(() => createShadowing({ model: 'log-normal', sigmaDb: 8, siteCorrelationDistanceM: 100 }, new RandomStreams(1), 'radio.shadowing', 't.json', twin)).toThrow(/not positive definite/);
    expect(() => createShadowing({ model: 'log-normal', sigmaDb: 8, interSiteCorrelation: 0.5, siteCorrelationDistanceM: 100 }, new RandomStreams(1), 'radio.shadowing', 't.json', sites)).toThrow(/not both/);
  });
});
