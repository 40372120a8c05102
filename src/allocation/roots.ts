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
