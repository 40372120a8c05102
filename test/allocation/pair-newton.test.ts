import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestPower } from '../../src/allocation/blocks.js';
import { buildProblem, rate, transmitting } from '../../src/allocation/fixed-association-problem.js';
import { normaliseShares, startingPoint } from '../../src/allocation/fixed-association-start.js';
import { solveTrueUplink } from '../../src/allocation/fixed-association-uplink.js';
import { pairShareNewton } from '../../src/allocation/pair-newton.js';
import { increasingRoot, jointShareNewton, shareOut, type Sample } from '../../src/allocation/roots.js';
import { paperInstance } from '../helpers/instances.js';

/**
 * The Newton iterations that replaced nested root finding in the
 * fixed-association solver, each against an independent reference: the
 * bracketed multiplier search (`shareOut` with a root per claimant) and a
 * brute-force scan of the uplink split.
 */

// phi_i(x) = k_i·(a_i/x + b_i·x²): the shape of a server's GPU cost per user.
const costs = fc.array(fc.record({ k: fc.double({ min: 0.5, max: 20, noNaN: true }), a: fc.double({ min: 1e-3, max: 1e3, noNaN: true }), b: fc.double({ min: 1e-3, max: 1e3, noNaN: true }), start: fc.double({ min: 0.05, max: 1, noNaN: true }) }), { minLength: 2, maxLength: 12 });

describe('jointShareNewton', () => {
  it('reaches the stationary point, at no higher cost than the bracketed multiplier search (property, 300 random servers)', () => {
    let solved = 0;
    fc.assert(
      fc.property(costs, fc.double({ min: 0.5, max: 50, noNaN: true }), (cs, total) => {
        const ids = cs.map((_, i) => i);
        const d = (i: number, x: number, o: Sample): void => {
          o.f = cs[i].k * (-cs[i].a / (x * x) + 2 * cs[i].b * x);
          o.df = cs[i].k * ((2 * cs[i].a) / (x * x * x) + 2 * cs[i].b);
        };
        const startSum = cs.reduce((s, c) => s + c.start, 0);
        const joint = Float64Array.from(cs, (c) => (c.start / startSum) * total);
        const out: Sample = { f: 0, df: 0 };
        const lambda = jointShareNewton(ids, total, joint, d, out);
        // The reference: lambda bracketed, each share a safeguarded root.
        const ref = new Float64Array(cs.length).fill(total / cs.length);
        shareOut(ids, total, ref, (i, x) => (d(i, x, out), out.f), (i, l, guess, slope) => {
          const x = increasingRoot((xx, o) => (d(i, xx, o), (o.f -= l)), total * 1e-30, total, guess, out);
          d(i, x, out);
          slope.f = 1 / out.df;
          return x;
        });
        if (Number.isNaN(lambda)) return; // fell back: the caller then runs the reference itself
        solved++;
        expect(Math.abs(joint.reduce((s, x) => s + x, 0) - total)).toBeLessThanOrEqual(1e-12 * total);
        // Stationary: every marginal cost equals lambda (the reference
        // stops earlier, its multiplier bracketed to ~1e-8).
        for (const i of ids) {
          d(i, joint[i], out);
          expect(Math.abs(out.f - lambda)).toBeLessThanOrEqual(1e-9 * Math.abs(lambda) + 1e-12);
        }
        const phi = (x: Float64Array): number => cs.reduce((s, c, i) => s + c.k * (c.a / x[i] + c.b * x[i] * x[i]), 0);
        // and no costlier than the reference's shares (the shares themselves
        // may differ where a cost is flat and they hardly matter).
        expect(phi(joint)).toBeLessThanOrEqual(phi(ref) * (1 + 1e-12));
      }),
      { numRuns: 300, seed: 11 },
    );
    expect(solved).toBeGreaterThan(270); // not blind: Newton itself answered nearly every case
  });

  it('gives up and restores the shares where a cost is not convex', () => {
    const x = Float64Array.from([0.3, 0.7]);
    const concave = (_i: number, xi: number, o: Sample): void => {
      o.f = -2 * xi;
      o.df = -2;
    };
    expect(jointShareNewton([0, 1], 1, x, concave, { f: 0, df: 0 })).toBeNaN();
    expect(Array.from(x)).toEqual([0.3, 0.7]);
  });
});

describe('pairShareNewton', () => {
  it('refuses a saddle: two users with negative reduced curvature', () => {
    // phi(x, y) = x² − y² per user: S = −2 at both, no minimum along sum y = 1.
    const p = Float64Array.from([0.5, 0.5]);
    const b = Float64Array.from([0.4, 0.6]);
    const lo = Float64Array.from([0, 0]);
    const hi = Float64Array.from([1, 1]);
    const lambda = pairShareNewton([0, 1], 1, lo, hi, p, b, (_n, x, y, d) => {
      d[0] = 2 * x;
      d[1] = 2;
      d[2] = -2 * y;
      d[3] = -2;
      d[4] = 0;
    });
    expect(lambda).toBeNaN();
    expect(Array.from(b)).toEqual([0.4, 0.6]);
  });
});

describe('the uplink solved on the true objective', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`2 users on one server (seed ${seed}): the cost of a brute-force scan of the band split, to 1e-9`, () => {
      const s = paperInstance({ users: 2, servers: 1, seed, includeAirtime: true });
      const P = buildProblem(s, [0, 0], 1e-3);
      const x = startingPoint(P, s, {});
      const users = transmitting(P, x);
      normaliseShares(P, x, users);
      expect(solveTrueUplink(P, x, users)[0]).toBe(1);
      const cost = (n: number, p: number, b: number): number => (P.bits[n] * (P.we * p + P.tAir)) / rate(P, n, p, b);
      const total = P.serverBand[0];
      const newton = cost(0, x.p[0], x.b[0]) + cost(1, x.p[1], x.b[1]);
      expect(x.b[0] + x.b[1]).toBeCloseTo(total, 0);
      const split = (f: number): number => {
        const b0 = f * total;
        const b1 = total - b0;
        const p0 = bestPower(P.snrPerW[0], b0, P.we, P.tAir, P.pMin[0], P.pMax[0], P.pMax[0]);
        const p1 = bestPower(P.snrPerW[1], b1, P.we, P.tAir, P.pMin[1], P.pMax[1], P.pMax[1]);
        return cost(0, p0, b0) + cost(1, p1, b1);
      };
      // A fine scan, then golden section around its best cell.
      let best = 0.5;
      for (let k = 1; k < 2000; k++) if (split(k / 2000) < split(best)) best = k / 2000;
      let lo = Math.max(1e-9, best - 1 / 2000);
      let hi = Math.min(1 - 1e-9, best + 1 / 2000);
      const g = (Math.sqrt(5) - 1) / 2;
      for (let k = 0; k < 100; k++) {
        const a = hi - g * (hi - lo);
        const c = lo + g * (hi - lo);
        if (split(a) < split(c)) hi = c;
        else lo = a;
      }
      const scanned = split((lo + hi) / 2);
      expect(newton).toBeLessThanOrEqual(scanned * (1 + 1e-9));
      expect(Math.abs(x.b[0] / total - (lo + hi) / 2)).toBeLessThan(1e-5);
    });
  }
});
