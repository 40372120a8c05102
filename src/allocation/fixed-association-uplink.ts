import { newRateSample, rateDerivatives, type RateSample } from '../radio/fdma-rate.js';
import { bestPower } from './blocks.js';
import type { Point, Problem } from './fixed-association-problem.js';
import { pairShareNewton } from './pair-newton.js';

/**
 * The uplink part of the fixed-association problem solved on the true
 * objective, once, before the alternation (fixed-association.ts).
 *
 * The true uplink cost of a server, sum over its senders of
 * h(p, b) = s·(w_e·p + t)/r(p, b) with sum b = b^max, involves no alpha, no
 * frequency and no other server: the alternation's uplink block (P4's
 * quadratic transform of s·p·(1/r), auxiliaries v) is a minorise-majorise
 * iteration on this problem alone, and its limit is a stationary point of
 * it. At city scale with ten users per server that iteration contracts by
 * about 0.4 per alternation, so it drives the number of alternations and
 * spends most of their time. Here the same stationary point is found
 * directly: Newton's method on the server's conditions h_p = 0 (or p on a
 * bound), h_b = lambda, sum b = b^max (pair-newton.ts). It is accepted only
 * where every user's reduced curvature h_bb − h_pb²/h_pp is positive, so
 * the point is a strict minimum of the server's uplink cost; where not, or
 * where Newton fails to converge, the server keeps the alternation's block.
 * At the accepted point P4's uplink block leaves p and b where they are
 * (the closed-form v makes the transform tight there and the point
 * stationary), so the alternation carries on with the other blocks alone.
 */

/**
 * Derivatives of user n's true uplink cost h = N/r, N = s·(w_e·p + t):
 * [h_p, h_pp, h_b, h_bb, h_pb] into d.
 */
function trueUplinkDerivatives(P: Problem, n: number, p: number, b: number, d: Float64Array, rs: RateSample): void {
  const s = P.bits[n];
  const sw = s * P.we;
  const N = s * (P.we * p + P.tAir);
  rateDerivatives(P.snrPerW[n], p, b, rs);
  const { r, rp, rb, rpp, rbb, rpb } = rs;
  const r2 = r * r;
  const r3 = r2 * r;
  d[0] = sw / r - (N * rp) / r2;
  d[1] = (-2 * sw * rp) / r2 - (N * rpp) / r2 + (2 * N * rp * rp) / r3;
  d[2] = (-N * rb) / r2;
  d[3] = (-N * rbb) / r2 + (2 * N * rb * rb) / r3;
  d[4] = (-sw * rb) / r2 - (N * rpb) / r2 + (2 * N * rp * rb) / r3;
}

/**
 * Sets the powers and bands of every server whose uplink problem is solved
 * directly; returns 1 per such server, 0 where the alternation's block must
 * carry on.
 */
export function solveTrueUplink(P: Problem, x: Point, users: number[][]): Uint8Array {
  const exact = new Uint8Array(users.length);
  if (P.we === 0 && P.tAir === 0) return exact; // no uplink cost: the alternation leaves p and b alone
  const rs = newRateSample();
  const derivatives = (n: number, p: number, b: number, d: Float64Array): void => trueUplinkDerivatives(P, n, p, b, d, rs);
  for (let m = 0; m < users.length; m++) {
    const ids = users[m];
    if (ids.length === 0) continue;
    const total = P.serverBand[m];
    if (ids.length === 1) {
      x.b[ids[0]] = total;
    } else {
      // Newton starts from each power's optimum for its current band, where
      // the reduced curvature is g''(b) of the partial minimum over p.
      for (const n of ids) x.p[n] = bestPower(P.snrPerW[n], x.b[n], P.we, P.tAir, P.pMin[n], P.pMax[n], x.p[n]);
      const lambda = pairShareNewton(ids, total, P.pMin, P.pMax, x.p, x.b, derivatives);
      if (!(lambda === lambda)) continue;
    }
    // p must fit the final (rescaled) bands exactly.
    for (const n of ids) x.p[n] = bestPower(P.snrPerW[n], x.b[n], P.we, P.tAir, P.pMin[n], P.pMax[n], x.p[n]);
    exact[m] = 1;
  }
  return exact;
}
