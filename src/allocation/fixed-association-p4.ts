import { newRateSample, rateDerivatives, type RateSample } from '../radio/fdma-rate.js';
import { perLayer, perLayerCurvature, perLayerSlope } from './objective.js';
import { A, B, rate, sends, stability, type Point, type Problem } from './fixed-association-problem.js';
import { increasingRoot, shareOutByDerivative, type Sample } from './roots.js';
import { pairShareNewton } from './pair-newton.js';

/**
 * The surrogate P4 of the fixed-association problem (quadratic transform,
 * see fixed-association.ts) and its blocks, each minimised exactly with the
 * auxiliaries held.
 */

/** Auxiliaries of the quadratic transform, in closed form. */
export interface Aux {
  z: Float64Array;
  v: Float64Array;
  q: Float64Array;
}

export function closedFormAux(P: Problem, x: Point, aux: Aux): void {
  for (let n = 0; n < P.N; n++) {
    const alpha = x.alpha[n];
    aux.z[n] = A(P, n, x.f[n]) / (2 * alpha);
    if (sends(P, x, n)) {
      aux.q[n] = B(P, n, x.F[n]) / (2 * (P.Y - alpha));
      aux.v[n] = 1 / (2 * P.bits[n] * x.p[n] * rate(P, n, x.p[n], x.b[n]));
    } else {
      aux.q[n] = 0;
      aux.v[n] = 0;
    }
  }
}

/** x²t + y²/(4t), the transform of x·y; 0 when y = 0 (then t = 0 too). */
function transformed(x: number, y: number, t: number): number {
  return y === 0 ? 0 : x * x * t + (y * y) / (4 * t);
}

/** The surrogate K of P4. */
export function surrogate(P: Problem, x: Point, aux: Aux): number {
  let k = 0;
  for (let n = 0; n < P.N; n++) {
    const alpha = x.alpha[n];
    k += transformed(alpha, A(P, n, x.f[n]), aux.z[n]) + stability(P, n, alpha);
    if (sends(P, x, n)) {
      const r = rate(P, n, x.p[n], x.b[n]);
      k += transformed(P.Y - alpha, B(P, n, x.F[n]), aux.q[n]);
      if (P.we !== 0) k += P.we * transformed(P.bits[n] * x.p[n], 1 / r, aux.v[n]);
      k += (P.tAir * P.bits[n]) / r;
    }
  }
  return k;
}

// ---------------------------------------------------------------------------
// P4 blocks

/** alpha_n: minimise alpha²z + (Y−alpha)²q + w_s·c/(1 − alpha/Y) on [1, Y). */
function solveAlpha(P: Problem, n: number, z: number, q: number, guess: number, out: Sample): number {
  const Y = P.Y;
  const c = P.ws * P.stab[n];
  const derivative = (a: number, o: Sample): void => {
    const keep = 1 - a / Y;
    o.f = 2 * a * z - 2 * (Y - a) * q + c / (Y * keep * keep);
    o.df = 2 * z + 2 * q + (2 * c) / (Y * Y * keep * keep * keep);
  };
  const lo = P.alphaLo[n];
  derivative(lo, out);
  if (out.f >= 0) return lo;
  // alphaMax below Y (the phone's memory) ends the range where it binds.
  if (P.alphaHiBinds[n]) {
    const hi = P.alphaHi[n];
    derivative(hi, out);
    if (out.f <= 0) return hi;
    return increasingRoot(derivative, lo, hi, Math.min(hi, Math.max(lo, guess)), out);
  }
  // The derivative is +∞ at Y when w_s > 0 and 2Yz > 0 otherwise, so the
  // root lies below Y.
  return increasingRoot(derivative, lo, Y * (1 - 1e-12), guess, out);
}

/** f_n: argmin A(f) = (w_t/(2 w_e kappa1))^(1/3), within [f_min, f_max]. */
export function solveDeviceFreq(P: Problem, n: number): number {
  if (P.bU[n] === 0) return P.fMax[n];
  const f = Math.cbrt(P.aU[n] / (2 * P.bU[n]));
  return Math.min(P.fMax[n], Math.max(P.fMin[n], f));
}

/**
 * Shares each server's GPU frequency among its transmitting users to
 * minimise the sum of c_n(F_n), where c_n'(F) = marginal(n, F) increases.
 * `lambdas` holds each server's multiplier: the warm start in, the solution out.
 */
export function shareServerFreq(
  P: Problem,
  x: Point,
  marginal: (n: number, F: number, out: Sample) => void,
  users: number[][],
  lambdas: Float64Array,
): void {
  for (let m = 0; m < users.length; m++) {
    if (users[m].length > 0) lambdas[m] = shareOutByDerivative(users[m], P.serverFreq[m], x.F, marginal, lambdas[m]);
  }
}

/** Marginal of B(F)²/(4q) in P4: B·B'/(2q). */
function p4FreqMarginal(P: Problem, q: Float64Array): (n: number, F: number, out: Sample) => void {
  return (n, F, out) => {
    const a = P.aE[n];
    const b = P.bE[n];
    const val = perLayer(a, b, F);
    const d1 = perLayerSlope(a, b, F);
    const d2 = perLayerCurvature(a, b, F);
    out.f = (val * d1) / (2 * q[n]);
    out.df = (d1 * d1 + val * d2) / (2 * q[n]);
  };
}

/** Marginal of the true edge cost (Y − alpha)·B(F), for alpha held fixed. */
export function trueFreqMarginal(P: Problem, x: Point): (n: number, F: number, out: Sample) => void {
  return (n, F, out) => {
    const k = P.Y - x.alpha[n];
    out.f = k * perLayerSlope(P.aE[n], P.bE[n], F);
    out.df = k * perLayerCurvature(P.aE[n], P.bE[n], F);
  };
}

/**
 * Derivatives of user n's uplink part of P4,
 *   phi(p, b) = w_e[(s p)² v + 1/(4 r² v)] + t·s/r,
 * with t = w_t when airtime is in the objective. Writes
 * [phi_p, phi_pp, phi_b, phi_bb, phi_pb] into `d`. r(p, b) =
 * b·log2(1 + c p/b) is jointly concave, so phi is jointly convex.
 */
function uplinkDerivatives(P: Problem, n: number, v: number, p: number, b: number, d: Float64Array, rs: RateSample): void {
  const W = P.we;
  const T = P.tAir;
  const s = P.bits[n];
  rateDerivatives(P.snrPerW[n], p, b, rs);
  const { r, rp, rb, rpp, rbb, rpb } = rs;
  const r2 = r * r;
  const r3 = r2 * r;
  const wv = W === 0 ? 0 : W / v;
  const q1 = -wv / (2 * r3) - (T * s) / r2;
  const q2 = (3 * wv) / (2 * r3 * r) + (2 * T * s) / r3;
  const ps = 2 * W * v * s * s;
  d[0] = ps * p + q1 * rp;
  d[1] = ps + q2 * rp * rp + q1 * rpp;
  d[2] = q1 * rb;
  d[3] = q2 * rb * rb + q1 * rbb;
  d[4] = q2 * rp * rb + q1 * rpb;
}

/**
 * Powers and bandwidths of every server's transmitting users: one
 * multiplier per server on sum b = b^max. For a multiplier lambda each
 * user minimises phi(p, b) − lambda·b: the outer problem in b is convex
 * (partial minimum of a jointly convex function), its derivative is phi_b at
 * the inner minimiser p*(b) (envelope theorem) and its curvature the Schur
 * complement phi_bb − phi_pb²/phi_pp (phi_bb when p* sits on a bound).
 */
function shareUplink(P: Problem, x: Point, v: Float64Array, users: number[][], lambdas: Float64Array, exact: Uint8Array | undefined): void {
  const d = new Float64Array(5);
  const rs = newRateSample();
  const pOut: Sample = { f: 0, df: 0 };
  let vn = 0;
  let bn = 0;
  let un = 0;
  const powerDerivative = (p: number, o: Sample): void => {
    uplinkDerivatives(P, un, vn, p, bn, d, rs);
    o.f = d[0];
    o.df = d[1];
  };
  /**
   * p*(b) for user n, started from its current power. Leaves d filled at
   * (p*, b) to within the root's tolerance; returns whether p* is interior.
   */
  const innerPower = (n: number, b: number): boolean => {
    un = n;
    vn = v[n];
    bn = b;
    const lo = P.pMin[n];
    const hi = P.pMax[n];
    const p = increasingRoot(powerDerivative, lo, hi, x.p[n], pOut);
    x.p[n] = p;
    return p > lo && p < hi;
  };
  /** G'(b) and G''(b) of the partial minimum over p. */
  const outer = (n: number, b: number, o: Sample): void => {
    const interior = innerPower(n, b);
    o.f = d[2];
    o.df = interior ? d[3] - (d[4] * d[4]) / d[1] : d[3];
  };
  const jointDerivatives = (n: number, p: number, b: number, out: Float64Array): void => uplinkDerivatives(P, n, v[n], p, b, out, rs);
  for (let m = 0; m < users.length; m++) {
    const ids = users[m];
    if (ids.length === 0 || exact?.[m] === 1) continue;
    const joint = pairShareNewton(ids, P.serverBand[m], P.pMin, P.pMax, x.p, x.b, jointDerivatives);
    lambdas[m] = joint === joint ? joint : shareOutByDerivative(ids, P.serverBand[m], x.b, outer, lambdas[m]);
    // The final rescaling moved b by a rounding error; p must fit the final b.
    for (const n of ids) innerPower(n, x.b[n]);
  }
}

/** Each server's last multipliers, the warm start of the next step. */
export interface Multipliers {
  freq: Float64Array;
  band: Float64Array;
}

/**
 * One P4 step: every block minimised exactly with the auxiliaries fixed;
 * servers marked in `uplinkSolved` keep their powers and bands (already at
 * the uplink optimum, fixed-association-uplink.ts).
 */
export function p4Step(P: Problem, x: Point, aux: Aux, users: number[][], alphaFixed: boolean, lambdas: Multipliers, uplinkSolved?: Uint8Array): void {
  const out: Sample = { f: 0, df: 0 };
  for (let n = 0; n < P.N; n++) {
    // A user at alpha = Y is held there (it is not in `users`).
    if (!alphaFixed && x.alpha[n] < P.Y) x.alpha[n] = solveAlpha(P, n, aux.z[n], aux.q[n], x.alpha[n], out);
    x.f[n] = solveDeviceFreq(P, n);
  }
  if (P.wt !== 0 || P.we !== 0) shareServerFreq(P, x, p4FreqMarginal(P, aux.q), users, lambdas.freq);
  if (P.we !== 0 || P.tAir !== 0) shareUplink(P, x, aux.v, users, lambdas.band, uplinkSolved);
}

/**
 * The compute blocks of one alternation (auxiliaries z and q, alpha, F) for
 * one server's senders alone: the same arithmetic as `closedFormAux` and
 * `p4Step` do for them, servers being independent once the uplink is
 * solved (fixed-association-uplink.ts).
 */
export function computeStepForServer(P: Problem, x: Point, aux: Aux, ids: number[], m: number, lambdas: Multipliers): void {
  const out: Sample = { f: 0, df: 0 };
  for (const n of ids) {
    aux.z[n] = A(P, n, x.f[n]) / (2 * x.alpha[n]);
    aux.q[n] = B(P, n, x.F[n]) / (2 * (P.Y - x.alpha[n]));
  }
  for (const n of ids) x.alpha[n] = solveAlpha(P, n, aux.z[n], aux.q[n], x.alpha[n], out);
  if (P.wt !== 0 || P.we !== 0) lambdas.freq[m] = shareOutByDerivative(ids, P.serverFreq[m], x.F, p4FreqMarginal(P, aux.q), lambdas.freq[m]);
}
