/**
 * One-dimensional root finding for the allocator. Every problem the solver
 * meets reduces to the root of an increasing function (the derivative of a
 * convex one) on a bracket, and to sharing a budget among users with one
 * Lagrange multiplier. Both are tolerance-driven: the iteration caps below
 * are safety nets that a bracket halving at each step cannot reach before
 * double precision is exhausted.
 */

/** Value and slope of a function at a point, written by the callback. */
export interface Sample {
  f: number;
  df: number;
}

/**
 * The middle of a bracket: geometric when both ends have the same sign and
 * lie decades apart (so bisection moves through orders of magnitude as fast
 * as through digits), arithmetic otherwise.
 */
export function bracketMiddle(lo: number, hi: number): number {
  if (lo > 0 && hi > 4 * lo) return Math.sqrt(lo * hi);
  if (hi < 0 && lo < 4 * hi) return -Math.sqrt(lo * hi);
  return 0.5 * (lo + hi);
}

const SAFETY_STEPS = 400;

/**
 * Root of an increasing function on [lo, hi] by Newton's method safeguarded
 * with bisection. The ends are constraints, not a verified bracket: when a
 * Newton step would leave [lo, hi] on a side whose end has not been tried,
 * the end is tried, and if the function keeps its sign there the end is the
 * answer (the constrained minimiser of the convex function whose derivative
 * this is). Otherwise a step that leaves the bracket known to hold the root
 * is replaced by the bracket's middle. Stops when the bracket or the Newton
 * step is below `relTol` relative to x. On return `out` holds the function
 * at the last point evaluated.
 */
export function increasingRoot(
  fn: (x: number, out: Sample) => void,
  lo: number,
  hi: number,
  guess: number,
  out: Sample,
  relTol = 1e-14,
): number {
  let x = guess <= lo ? lo : guess >= hi ? hi : guess;
  if (!(x === x)) x = bracketMiddle(lo, hi);
  let loTried = false;
  let hiTried = false;
  for (let step = 0; step < SAFETY_STEPS; step++) {
    fn(x, out);
    const f = out.f;
    if (f === 0) return x;
    if (f < 0) {
      if (x >= hi) return hi;
      lo = x;
      loTried = true;
    } else if (f > 0) {
      if (x <= lo) return lo;
      hi = x;
      hiTried = true;
    } else {
      break; // NaN: keep the last point, the caller's guard decides
    }
    const scale = Math.max(Math.abs(lo), Math.abs(hi));
    if (hi - lo <= relTol * scale) return f < 0 ? hi : lo;
    let next = x - f / out.df;
    if (!(next > lo && next < hi)) {
      if (next >= hi && !hiTried) next = hi;
      else if (next <= lo && !loTried) next = lo;
      else next = bracketMiddle(lo, hi);
    } else if (Math.abs(next - x) <= relTol * Math.abs(x)) {
      return next;
    }
    x = next;
  }
  return x;
}

/**
 * Shares `total` among the claimants `ids` so that the sum of convex costs
 * phi_i(x_i) is least subject to sum x_i = total: finds the multiplier
 * lambda at which the stationary points x_i(lambda) (phi_i'(x_i) = lambda)
 * add up to `total`.
 *
 * - `marginal(i, x)`: phi_i'(x), increasing in x.
 * - `invert(i, lambda, guess)`: x_i(lambda) in (0, total], writing
 *   dx_i/dlambda into `slope.f`.
 *
 * The multiplier is bracketed without search: some x_i is at least the even
 * share and some at most, so lambda lies between the least and the greatest
 * marginal cost at the even share. Inside the bracket, Newton's method on
 * sum x_i(lambda) − total (slope from `slope`), safeguarded by bisection.
 * `lambdaGuess` (the multiplier of a similar earlier problem) is the first
 * trial when it lies in the bracket. The shares are finally rescaled to add up to `total` exactly. Writes the
 * shares into `x` (whose entries are the warm start) and returns lambda.
 */
export function shareOut(
  ids: ArrayLike<number>,
  total: number,
  x: Float64Array,
  marginal: (i: number, xi: number) => number,
  invert: (i: number, lambda: number, guess: number, slope: Sample) => number,
  lambdaGuess = NaN,
  relTol = 1e-13,
): number {
  const count = ids.length;
  if (count === 0) return 0;
  if (count === 1) {
    x[ids[0]] = total;
    return marginal(ids[0], total);
  }
  const even = total / count;
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < count; k++) {
    const m = marginal(ids[k], even);
    if (m < lo) lo = m;
    if (m > hi) hi = m;
  }
  if (!(lo < hi)) {
    // Equal marginal costs at the even share: it is optimal (or the costs
    // are flat, and any split is).
    for (let k = 0; k < count; k++) x[ids[k]] = even;
    return lo;
  }
  const slope: Sample = { f: 0, df: 0 };
  let lambda = lambdaGuess > lo && lambdaGuess < hi ? lambdaGuess : 0.5 * (lo + hi);
  let sum = 0;
  for (let step = 0; step < SAFETY_STEPS; step++) {
    sum = 0;
    let dSum = 0;
    for (let k = 0; k < count; k++) {
      const i = ids[k];
      const xi = invert(i, lambda, x[i], slope);
      x[i] = xi;
      sum += xi;
      dSum += slope.f;
    }
    const err = sum - total;
    if (Math.abs(err) <= relTol * total) break;
    if (err < 0) lo = lambda;
    else hi = lambda;
    if (hi - lo <= 1e-15 * Math.max(Math.abs(lo), Math.abs(hi))) break;
    let next = lambda - err / dSum;
    if (!(next > lo && next < hi)) next = bracketMiddle(lo, hi);
    lambda = next;
  }
  const fix = total / sum;
  for (let k = 0; k < count; k++) x[ids[k]] *= fix;
  return lambda;
}

/**
 * `shareOut` for costs given by their derivatives: `derivative(i, x, out)`
 * writes phi_i'(x) into `out.f` and phi_i''(x) into `out.df`. Each
 * x_i(lambda) is the root of phi_i'(x) = lambda on (0, total], found by
 * `increasingRoot`, and dx_i/dlambda = 1/phi_i''(x_i).
 */
export function shareOutByDerivative(
  ids: ArrayLike<number>,
  total: number,
  x: Float64Array,
  derivative: (i: number, xi: number, out: Sample) => void,
  lambdaGuess = NaN,
): number {
  const out: Sample = { f: 0, df: 0 };
  const joint = jointShareNewton(ids, total, x, derivative, out);
  if (joint === joint) return joint;
  let level = 0;
  let who = 0;
  const shifted = (xi: number, o: Sample): void => {
    derivative(who, xi, o);
    o.f -= level;
  };
  const marginal = (i: number, xi: number): number => {
    derivative(i, xi, out);
    return out.f;
  };
  const invert = (i: number, lambda: number, guess: number, slope: Sample): number => {
    who = i;
    level = lambda;
    const xi = increasingRoot(shifted, total * 1e-30, total, guess, out);
    derivative(i, xi, out);
    slope.f = out.df > 0 && Number.isFinite(out.df) ? 1 / out.df : 0;
    return xi;
  };
  return shareOut(ids, total, x, marginal, invert, lambdaGuess);
}

/** Scratch for `jointShareNewton`: the starting shares (to restore), then each claimant's phi' and phi''. */
let scratch = new Float64Array(192);

/**
 * The same sharing problem by Newton's method on all its unknowns at once
 * (the shares and the multiplier): the stationarity conditions
 * phi_i'(x_i) = lambda and sum x_i = total, linearised, give
 *   dx_i = (lambda' − phi_i'(x_i)) / phi_i''(x_i),
 *   lambda' = (sum phi_i'/phi_i'' − (sum x_i − total)) / sum 1/phi_i'',
 * one evaluation per claimant per step instead of a root per claimant per
 * trial multiplier. Started from the entries of `x` (the last solution, in
 * the solver's alternation), it converges quadratically in a few steps. A
 * step that would shrink a share below a tenth is shortened. The costs
 * being strictly convex, the solution is the one `shareOut` brackets; when
 * this iteration does not reach it (a curvature that is not positive and
 * finite, a share pushed to an end, no convergence in 50 steps) `x` is
 * restored and NaN returned, and the caller falls back to the bracketed
 * method. Converged when a full step moves no share by more than 1e-12 of
 * itself (the error left is then of the order of its square); the shares
 * are then rescaled to add up to `total` exactly.
 */
export function jointShareNewton(
  ids: ArrayLike<number>,
  total: number,
  x: Float64Array,
  derivative: (i: number, xi: number, out: Sample) => void,
  out: Sample,
): number {
  const count = ids.length;
  if (count < 2) return NaN;
  if (scratch.length < 3 * count) scratch = new Float64Array(6 * count);
  const start = scratch;
  const d1 = count;
  const d2 = 2 * count;
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const xi = x[ids[k]];
    if (!(xi > 0 && xi <= total)) return NaN;
    start[k] = xi;
    sum += xi;
  }
  for (let step = 0; step < 50; step++) {
    let sumInv = 0;
    let sumRatio = 0;
    for (let k = 0; k < count; k++) {
      derivative(ids[k], x[ids[k]], out);
      if (!(out.df > 0 && out.df < Infinity && Math.abs(out.f) < Infinity)) return restore(ids, x, count);
      scratch[d1 + k] = out.f;
      scratch[d2 + k] = out.df;
      sumInv += 1 / out.df;
      sumRatio += out.f / out.df;
    }
    const lambda = (sumRatio - (sum - total)) / sumInv;
    let worst = 0;
    let shorten = 1;
    for (let k = 0; k < count; k++) {
      const xi = x[ids[k]];
      const dx = (lambda - scratch[d1 + k]) / scratch[d2 + k];
      if (dx < -0.9 * xi) shorten = Math.min(shorten, (-0.9 * xi) / dx);
      const rel = Math.abs(dx) / xi;
      if (rel > worst) worst = rel;
    }
    sum = 0;
    for (let k = 0; k < count; k++) {
      const i = ids[k];
      const xi = x[i] + (shorten * (lambda - scratch[d1 + k])) / scratch[d2 + k];
      if (!(xi > 0 && xi < total)) return restore(ids, x, count);
      x[i] = xi;
      sum += xi;
    }
    if (!(worst < Infinity)) return restore(ids, x, count);
    if (shorten === 1 && worst <= 1e-12) {
      const fix = total / sum;
      for (let k = 0; k < count; k++) x[ids[k]] *= fix;
      return lambda;
    }
  }
  return restore(ids, x, count);
}

function restore(ids: ArrayLike<number>, x: Float64Array, count: number): number {
  for (let k = 0; k < count; k++) x[ids[k]] = scratch[k];
  return NaN;
}
