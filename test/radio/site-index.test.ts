import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SiteIndex } from '../../src/radio/site-index.js';

/** The k nearest by brute force: sort every site by (distance², index). */
function bruteNearest(sites: { xM: number; yM: number }[], x: number, y: number, k: number): number[] {
  return sites
    .map((s, i) => ({ i, d2: (s.xM - x) ** 2 + (s.yM - y) ** 2 }))
    .sort((a, b) => a.d2 - b.d2 || a.i - b.i)
    .slice(0, k)
    .map((e) => e.i)
    .sort((a, b) => a - b);
}

const site = fc.record({ xM: fc.integer({ min: 0, max: 5000 }), yM: fc.integer({ min: 0, max: 3000 }) });

describe('SiteIndex.nearest', () => {
  it('equals the brute-force k nearest, ties to the lower index, for points inside and outside the sites', () => {
    fc.assert(
      fc.property(
        fc.array(site, { minLength: 1, maxLength: 300 }),
        fc.integer({ min: -2000, max: 7000 }),
        fc.integer({ min: -2000, max: 5000 }),
        fc.integer({ min: 1, max: 40 }),
        (sites, x, y, k) => {
          expect(new SiteIndex(sites).nearest(x, y, k)).toEqual(bruteNearest(sites, x, y, k));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('returns every site when k is at least their number', () => {
    const sites = [{ xM: 0, yM: 0 }, { xM: 10, yM: 0 }, { xM: 5, yM: 5 }];
    expect(new SiteIndex(sites).nearest(100, 100, 3)).toEqual([0, 1, 2]);
  });
});
