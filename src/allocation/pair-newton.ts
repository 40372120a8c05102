/**
 * Newton's method for a server's share problem in which each user has two
 * variables: one of its own, x_i in a box [lo_i, hi_i], and a share y_i of
 * the server's budget (sum y_i = total), each user's cost phi_i(x_i, y_i)
 * convex near the solution. Used for the uplink (x = power, y = band;
 * fixed-association-uplink.ts) and for the compute part (x = alpha, y =
 * GPU frequency; fixed-association-polish.ts).
 *
 * Unknowns: every x_i and y_i and the multiplier lambda. The conditions
 * are phi_x(x_i, y_i) = 0 (or x_i on a bound it presses against),
 * phi_y(x_i, y_i) = lambda and sum y_i = total. Linearised, with x
 * eliminated user by user (Schur complement S_i = phi_yy − phi_xy²/phi_xx,
 * phi_yy for a user whose x is on a bound):
 *   dy_i = (lambda' − rho_i)/S_i, rho_i = phi_y − phi_xy·phi_x/phi_xx,
 *   lambda' = (sum rho_i/S_i − (sum y_i − total)) / sum 1/S_i,
 *   dx_i = −(phi_x + phi_xy·dy_i)/phi_xx,
 * one derivative evaluation per user per step, where a nested method (a
 * root in y per user per trial multiplier, a root in x inside each trial
 * y) spends dozens. Each step requires the reduced Hessian to be positive
 * on sum dy = 0 (every S_i positive, or one negative and sum 1/S_i
 * negative), so the point reached is a strict local minimum; a step that would shrink a share below a tenth is
 * shortened. When the iteration fails (a curvature that is not positive
 * and finite, a share pushed to an end, 50 steps), the variables are
 * restored and NaN returned: the caller then keeps its own method.
 */

/** Writes [phi_x, phi_xx, phi_y, phi_yy, phi_xy] of user n at (x, y) into d. */
export type PairDerivatives = (n: number, x: number, y: number, d: Float64Array) => void;

let scratch = new Float64Array(8 * 64);
const d = new Float64Array(5);

/** Converged when a full step moves no share and no free x by more than this, relatively. */
const STEP_TOLERANCE = 1e-12;

export function pairShareNewton(
  ids: readonly number[],
  total: number,
  pMin: Float64Array,
  pMax: Float64Array,
  p: Float64Array,
  b: Float64Array,
  derivatives: PairDerivatives,
): number {
  const count = ids.length;
  if (count === 0) return NaN;
  if (scratch.length < 8 * count) scratch = new Float64Array(16 * count);
  // scratch rows: start x, start y, rho, S, phi_x, phi_xy, phi_xx (0 when x is held); below p is x and b is y
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
    let negative = 0;
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
      if (!(s !== 0 && Math.abs(s) < Infinity && Math.abs(rho) < Infinity)) return restore(ids, p, b, count);
      if (s < 0) negative++;
      scratch[RHO + k] = rho;
      scratch[S + k] = s;
      scratch[FP + k] = fp;
      scratch[FPB + k] = fpb;
      sumInv += 1 / s;
      sumRatio += rho / s;
    }
    // The server's cost is at a strict minimum along sum y = total when
    // every S_i is positive, or when one is negative and sum 1/S_i < 0
    // (the reduced Hessian diag(S) restricted to sum dy = 0); otherwise
    // Newton would head for a saddle.
    if (negative > 1 || (negative === 1 && !(sumInv < 0))) return restore(ids, p, b, count);
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
      if (!(nb > 0 && nb <= total)) return restore(ids, p, b, count);
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
