/**
 * The uplink block of P4 for one server (fixed-association-p4.ts,
 * `shareUplink`) by Newton's method on all its unknowns at once: each
 * user's power p_i and band b_i and the server's multiplier lambda. The
 * conditions are phi_p(p_i, b_i) = 0 (or p_i on a bound it presses
 * against), phi_b(p_i, b_i) = lambda and sum b_i = total. Linearised, with
 * the power eliminated user by user (Schur complement
 * S_i = phi_bb − phi_pb²/phi_pp, phi_bb for a user whose power is on a bound):
 *   db_i = (lambda' − rho_i)/S_i, rho_i = phi_b − phi_pb·phi_p/phi_pp,
 *   lambda' = (sum rho_i/S_i − (sum b_i − total)) / sum 1/S_i,
 *   dp_i = −(phi_p + phi_pb·db_i)/phi_pp,
 * one derivative evaluation per user per step, where the nested method
 * (a root in b per user per trial multiplier, a root in p inside each
 * trial b) spends dozens. phi is jointly convex, so the solution is the
 * nested method's; started from the last alternation's point the
 * iteration converges quadratically in a few steps. When it does not (a
 * curvature that is not positive and finite, a band pushed to an end, 50
 * steps), the point is restored and NaN returned: the caller then runs the
 * nested method.
 */

/** Writes [phi_p, phi_pp, phi_b, phi_bb, phi_pb] of user n at (p, b) into d. */
export type UplinkDerivatives = (n: number, p: number, b: number, d: Float64Array) => void;

let scratch = new Float64Array(8 * 64);
const d = new Float64Array(5);

/** Converged when a full step moves no band and no free power by more than this, relatively. */
const STEP_TOLERANCE = 1e-12;

export function jointUplinkNewton(
  ids: readonly number[],
  total: number,
  pMin: Float64Array,
  pMax: Float64Array,
  p: Float64Array,
  b: Float64Array,
  derivatives: UplinkDerivatives,
): number {
  const count = ids.length;
  if (count < 2) return NaN;
  if (scratch.length < 8 * count) scratch = new Float64Array(16 * count);
  // scratch rows: start p, start b, rho, S, phi_p, phi_pb, phi_pp (0 when the power is held)
  const P0 = 0;
  const B0 = count;
  const RHO = 2 * count;
  const S = 3 * count;
  const FP = 4 * count;
  const FPB = 5 * count;
  const FPP = 6 * count;
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const n = ids[k];
    if (!(b[n] > 0 && b[n] <= total && p[n] >= pMin[n] && p[n] <= pMax[n])) return NaN;
    scratch[P0 + k] = p[n];
    scratch[B0 + k] = b[n];
    sum += b[n];
  }
  for (let step = 0; step < 50; step++) {
    let sumInv = 0;
    let sumRatio = 0;
    for (let k = 0; k < count; k++) {
      const n = ids[k];
      derivatives(n, p[n], b[n], d);
      const fp = d[0];
      const fpp = d[1];
      const fb = d[2];
      const fbb = d[3];
      const fpb = d[4];
      const held = (p[n] <= pMin[n] && fp >= 0) || (p[n] >= pMax[n] && fp <= 0);
      let s;
      let rho;
      if (held) {
        s = fbb;
        rho = fb;
        scratch[FPP + k] = 0;
      } else {
        if (!(fpp > 0 && fpp < Infinity)) return restore(ids, p, b, count);
        s = fbb - (fpb * fpb) / fpp;
        rho = fb - (fpb * fp) / fpp;
        scratch[FPP + k] = fpp;
      }
      if (!(s > 0 && s < Infinity && Math.abs(rho) < Infinity)) return restore(ids, p, b, count);
      scratch[RHO + k] = rho;
      scratch[S + k] = s;
      scratch[FP + k] = fp;
      scratch[FPB + k] = fpb;
      sumInv += 1 / s;
      sumRatio += rho / s;
    }
    const lambda = (sumRatio - (sum - total)) / sumInv;
    let shorten = 1;
    for (let k = 0; k < count; k++) {
      const db = (lambda - scratch[RHO + k]) / scratch[S + k];
      const bk = b[ids[k]];
      if (db < -0.9 * bk) shorten = Math.min(shorten, (-0.9 * bk) / db);
    }
    let worst = 0;
    sum = 0;
    for (let k = 0; k < count; k++) {
      const n = ids[k];
      const db = (shorten * (lambda - scratch[RHO + k])) / scratch[S + k];
      const fpp = scratch[FPP + k];
      if (fpp > 0) {
        const dp = -(scratch[FP + k] + scratch[FPB + k] * db) / fpp;
        const next = Math.min(pMax[n], Math.max(pMin[n], p[n] + dp));
        const moved = Math.abs(next - p[n]) / p[n];
        if (moved > worst) worst = moved;
        p[n] = next;
      }
      const nb = b[n] + db;
      if (!(nb > 0 && nb < total)) return restore(ids, p, b, count);
      const moved = Math.abs(db) / b[n];
      if (moved > worst) worst = moved;
      b[n] = nb;
      sum += nb;
    }
    if (!(worst < Infinity)) return restore(ids, p, b, count);
    if (shorten === 1 && worst <= STEP_TOLERANCE) {
      const fix = total / sum;
      for (let k = 0; k < count; k++) b[ids[k]] *= fix;
      return lambda;
    }
  }
  return restore(ids, p, b, count);
}

function restore(ids: readonly number[], p: Float64Array, b: Float64Array, count: number): number {
  for (let k = 0; k < count; k++) {
    p[ids[k]] = scratch[k];
    b[ids[k]] = scratch[count + k];
  }
  return NaN;
}
