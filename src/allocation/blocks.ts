import { newRateSample, rateDerivatives } from '../radio/fdma-rate.js';
import { deviceTerms, perLayerCurvature, perLayerSlope, stabilityTerm } from './objective.js';
import { increasingRoot, shareOutByDerivative, type Sample } from './roots.js';
import type { Snapshot } from './types.js';

/**
 * Exact minimisers of single blocks of the true objective (docs/model.md,
 * section 2), each with every other variable held: the building blocks of
 * the `alternating` baseline (block-coordinate descent), `alpha-only`,
 * `exhaustive` and the per-pair costs of the association step. Unlike the
 * paper's P4 these work on the objective itself, not on its quadratic
 * transform.
 *
 * Per layer, user n on server m costs A_n(f) = aU/f + bU·f² on the device
 * and B_nm(F) = aE/F + bE·F² at the edge; its uplink costs
 * s·(w_e·p + t)/r(p, b) with t = w_t when airtime is in the objective.
 */

/**
 * f_n minimising A_n, which is also the exact block optimum of the true
 * objective because alpha_n·A_n(f) is least where A_n is: the cube root of
 * aU/(2 bU), within [floor·f_max, f_max] (f_max when w_e = 0, the floor
 * when w_t = 0).
 */
export function bestDeviceFreq(snapshot: Snapshot, n: number, floorFraction: number): number {
  const { aU, bU } = deviceTerms(snapshot, n);
  const fMax = snapshot.users[n].maxFreqHz;
  if (bU === 0) return fMax;
  return Math.min(fMax, Math.max(floorFraction * fMax, Math.cbrt(aU / (2 * bU))));
}

/**
 * The integer alpha in [lo, hi] (default [1, Y − 1]; a user's limits,
 * src/allocation/split-limits.ts) minimising alpha·A + (Y − alpha)·B +
 * stab/(1 − alpha/Y) for given per-layer costs A (device) and B (edge):
 * every value is tried, so it is exact whatever the shape (the lowest
 * alpha wins a tie).
 */
export function bestIntegerAlpha(Y: number, devicePerLayer: number, edgePerLayer: number, stab: number, lo = 1, hi = Y - 1): number {
  let best = lo;
  let bestCost = Infinity;
  for (let a = lo; a <= hi; a++) {
    const c = a * devicePerLayer + (Y - a) * edgePerLayer + stabilityTerm(stab, a, Y);
    if (c < bestCost) {
      bestCost = c;
      best = a;
    }
  }
  return best;
}

/**
 * Shares a server's GPU frequency `total` among `ids` to minimise
 * Σ k_i·(aE_i/F_i + bE_i·F_i²) subject to Σ F_i = total, with k_i = Y − alpha_i
 * > 0 (the true edge cost with alpha held): convex and separable, one
 * multiplier (`shareOut`). Arrays are indexed by user; the shares are
 * written into F.
 */
export function shareGpuExact(
  ids: readonly number[],
  total: number,
  k: ArrayLike<number>,
  aE: ArrayLike<number>,
  bE: ArrayLike<number>,
  F: Float64Array,
): void {
  if (ids.length === 0) return;
  for (const i of ids) if (!(F[i] > 0 && F[i] <= total)) F[i] = total / ids.length;
  let flat = true;
  for (const i of ids) if (k[i] * (aE[i] + bE[i]) !== 0) flat = false;
  if (flat) {
    for (const i of ids) F[i] = total / ids.length;
    return;
  }
  shareOutByDerivative(ids, total, F, (i, x, o) => {
    o.f = k[i] * perLayerSlope(aE[i], bE[i], x);
    o.df = k[i] * perLayerCurvature(aE[i], bE[i], x);
  });
}

/**
 * The power in [pMin, pMax] minimising (w_e·p + t)/r(p, b) at a fixed
 * bandwidth b (c = g/N0). Its derivative has the sign of
 * w_e·r − (w_e·p + t)·r_p, which increases in p because r is concave; with
 * t = 0 it is positive (r(p) > p·r_p for a concave r with r(0) = 0), so the
 * answer is pMin.
 */
export function bestPower(c: number, b: number, we: number, t: number, pMin: number, pMax: number, guess: number): number {
  if (t === 0) return pMin;
  if (we === 0) return pMax;
  const s = newRateSample();
  const out: Sample = { f: 0, df: 0 };
  return increasingRoot(
    (p: number, o: Sample) => {
      rateDerivatives(c, p, b, s);
      const scale = 1 / s.r;
      o.f = (we * s.r - (we * p + t) * s.rp) * scale;
      o.df = -(we * p + t) * s.rpp * scale;
    },
    pMin,
    pMax,
    guess,
    out,
  );
}

/**
 * Shares a server's bandwidth `total` among `ids` to minimise
 * Σ w_i/r_i(b_i) at fixed powers, w_i = s_i·(w_e·p_i + t): 1/r is convex
 * and decreasing in b (r concave, increasing, positive), so one multiplier
 * (`shareOut`). `c[i]` = g_i/N0, arrays indexed by user; shares written into b.
 */
export function shareBandExact(
  ids: readonly number[],
  total: number,
  weight: ArrayLike<number>,
  c: ArrayLike<number>,
  p: ArrayLike<number>,
  b: Float64Array,
): void {
  if (ids.length === 0) return;
  for (const i of ids) if (!(b[i] > 0 && b[i] <= total)) b[i] = total / ids.length;
  let flat = true;
  for (const i of ids) if (weight[i] !== 0) flat = false;
  if (flat) {
    for (const i of ids) b[i] = total / ids.length;
    return;
  }
  const s = newRateSample();
  const derivatives = (i: number, x: number, o: Sample): void => {
    rateDerivatives(c[i], p[i], x, s);
    const r2 = s.r * s.r;
    o.f = (-weight[i] * s.rb) / r2;
    o.df = weight[i] * ((2 * s.rb * s.rb) / (r2 * s.r) - s.rbb / r2);
  };
  shareOutByDerivative(ids, total, b, derivatives);
}
