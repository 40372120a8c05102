import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fdmaRateBps, newRateSample, rateDerivatives, rho, uplinkRateBps } from '../../src/radio/fdma-rate.js';

/** Central differences of r(p, b) = b·log2(1 + c·p/b), the independent check of the closed forms. */
function numeric(c: number, p: number, b: number) {
  const r = (pp: number, bb: number): number => (bb * Math.log1p((c * pp) / bb)) / Math.LN2;
  const hp = p * 1e-4;
  const hb = b * 1e-4;
  return {
    rp: (r(p + hp, b) - r(p - hp, b)) / (2 * hp),
    rb: (r(p, b + hb) - r(p, b - hb)) / (2 * hb),
    rpp: (r(p + hp, b) - 2 * r(p, b) + r(p - hp, b)) / (hp * hp),
    rbb: (r(p, b + hb) - 2 * r(p, b) + r(p, b - hb)) / (hb * hb),
    rpb: (r(p + hp, b + hb) - r(p + hp, b - hb) - r(p - hp, b + hb) + r(p - hp, b - hb)) / (4 * hp * hb),
  };
}

const near = (x: number, y: number, rel: number): boolean => Math.abs(x - y) <= rel * Math.max(Math.abs(x), Math.abs(y), 1e-300);

describe('the FDMA rate', () => {
  it('has the same value in the run form and the allocators form, with the same argument order', () => {
    // log2(1 + x) loses about eps/x of its relative precision at low SNR x,
    // log1p does not: the two agree to 1e-9 down to an SNR of 1e-6.
    fc.assert(
      fc.property(fc.double({ min: 1e3, max: 1e8, noNaN: true }), fc.double({ min: 1e-14, max: 1e-6, noNaN: true }), fc.double({ min: 1e-3, max: 2, noNaN: true }), (b, g, p) => {
        return near(fdmaRateBps(b, g, p, 4e-21), uplinkRateBps(b, g, p, 4e-21), 1e-9);
      }),
    );
    expect(uplinkRateBps(0, 1e-10, 1, 1e-17)).toBe(0);
    expect(uplinkRateBps(1e6, 1e-10, 1, 1e-17)).toBeCloseTo(1e6 * Math.log2(11), 6);
  });

  it('has the derivatives of central differences over SNRs from 1e-3 to 1e3', () => {
    fc.assert(
      fc.property(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: 1e4, max: 1e7, noNaN: true }), (logSnr, b) => {
        const p = 0.5;
        const c = (10 ** logSnr * b) / p;
        const o = newRateSample();
        rateDerivatives(c, p, b, o);
        const d = numeric(c, p, b);
        expect(near(o.r, uplinkRateBps(b, c, p, 1), 1e-12)).toBe(true);
        // Second differences carry a truncation error of order h² relative.
        for (const k of ['rp', 'rb'] as const) expect(near(o[k], d[k], 1e-6), `${k}: ${o[k]} vs ${d[k]}`).toBe(true);
        for (const k of ['rpp', 'rbb', 'rpb'] as const) expect(near(o[k], d[k], 1e-3), `${k}: ${o[k]} vs ${d[k]}`).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('takes rho from its series below 1e-3 without a jump at the switch', () => {
    const direct = (g: number): number => Math.log1p(g) - g / (1 + g);
    expect(near(rho(1e-3 * (1 - 1e-12)), direct(1e-3), 1e-9)).toBe(true);
    // The series keeps full relative precision where the difference cancels: rho ≈ g²/2.
    expect(near(rho(1e-9), 5e-19, 1e-8)).toBe(true);
  });
});
