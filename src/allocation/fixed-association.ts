import { newRateSample, rateAtSnrBps, rateDerivatives, type RateSample } from '../radio/fdma-rate.js';
import { deviceTerms, edgeTerms, perLayer, perLayerCurvature, perLayerSlope } from './objective.js';
import { increasingRoot, shareOutByDerivative, type Sample } from './roots.js';
import type { Decision, Snapshot } from './types.js';

/**
 * The paper's allocator for a fixed association (Liu and Zhao, MobiHoc 2024,
 * section 4.1; docs/model.md, "Solving P3 for a fixed association").
 *
 * The relaxed problem P3 (alpha real in [1, Y)) is not convex because alpha
 * multiplies functions of the frequencies and s·p multiplies 1/r. Each
 * product x·y of positive factors is replaced by min_t x²t + y²/(4t)
 * (quadratic transform); with the auxiliaries t fixed the surrogate P4 is
 * convex and separates into one-dimensional and one-multiplier problems that
 * are solved here exactly, without a general-purpose solver:
 *
 * - alpha_n: convex on [1, Y), safeguarded Newton on its derivative;
 * - f_n: the minimiser of A(f_n), in closed form;
 * - f_nm: one multiplier per server, each user's stationarity inverted by
 *   safeguarded Newton;
 * - (p_n, b_nm): one multiplier per server; each user's two-variable convex
 *   problem solved as nested one-dimensional convex problems (b outside,
 *   p inside, envelope theorem for the outer derivative).
 *
 * Auxiliaries and P4 alternate until the true objective changes by less than
 * the tolerance (relative). Alpha is then rounded and improved by a local
 * search over neighbouring integers on the true objective.
 */

export interface FixedAssociationOptions {
  /** Stop when the true objective changes by less than this, relatively (default 1e-9). */
  tolerance?: number;
  /** Safety net on the number of alternations (default 10,000); the tolerance normally stops first. */
  maxIterations?: number;
  /** Starting point (its alpha, powers and shares); ignored where it does not fit. */
  warmStart?: Decision;
  /**
   * Hold alpha at these values (one per user, each in [1, Y]); used by
   * baselines such as edge-only (all 1), local-only (all Y) and
   * resource-only. A user at alpha = Y sends nothing and holds no share of
   * its server.
   */
  fixedAlpha?: readonly number[];
  /**
   * Users held at alpha = Y (training everything on the device) while the
   * others' alpha is optimised; set by the solver's own search over
   * alpha = Y (see `solveFixedAssociation`).
   */
  localOnlyUsers?: readonly number[];
  /**
   * Lowest transmit power and device frequency the solver sets, as a
   * fraction of their maxima (default 1e-3). It only binds where the
   * objective has no minimiser: without airtime in the objective the uplink
   * energy s·p/r falls as p → 0 (towards s·N0·ln2/g), and with w_t = 0 the
   * device energy falls as f_n → 0 (docs/model.md).
   */
  floorFraction?: number;
  /** Run the local search over neighbouring integer alphas (default true). */
  localSearch?: boolean;
}

/** The surrogate before and after one P4 step, for convergence checks. */
export interface SurrogateStep {
  /** K at the closed-form auxiliaries and the current point: equals the true objective there. */
  before: number;
  /** K at the same auxiliaries and the P4 minimiser. */
  after: number;
}

export interface RelaxedSolution {
  /** Real alpha in [1, Y) at convergence of the alternation. */
  alpha: number[];
  txPowerW: number[];
  bandwidthHz: number[];
  freqHz: number[];
  serverFreqHz: number[];
  /** True objective of the relaxed point. */
  objective: number;
}

export interface FixedAssociationResult {
  /** The integral decision. */
  decision: Decision;
  /** True objective before the first step and after each alternation. */
  trace: number[];
  /** The surrogate around each P4 step. */
  surrogate: SurrogateStep[];
  relaxed: RelaxedSolution;
  /** Alternations run. */
  iterations: number;
  /** True objective with alpha simply rounded (shares re-solved). */
  roundedObjective: number;
  /** True objective of `decision`. */
  objective: number;
}

/** The transmit-power floor as a fraction of each user's maximum, unless an allocator option sets it. */
export const DEFAULT_FLOOR_FRACTION = 1e-3;
const DEFAULTS = { tolerance: 1e-9, maxIterations: 10_000, floorFraction: DEFAULT_FLOOR_FRACTION };

/**
 * Everything about one user that the solver needs, precomputed, with the
 * weights folded in: A(f) = aU/f + bU·f², B(F) = aE/F + bE·F².
 */
interface Problem {
  N: number;
  Y: number;
  wt: number;
  we: number;
  ws: number;
  /** w_t if the airtime is in the objective, else 0. */
  tAir: number;
  aU: Float64Array;
  bU: Float64Array;
  aE: Float64Array;
  bE: Float64Array;
  /** 2L²/k_n. */
  stab: Float64Array;
  bits: Float64Array;
  /** g/N0 (Hz/W): SNR per W per Hz of bandwidth. */
  snrPerW: Float64Array;
  pMin: Float64Array;
  pMax: Float64Array;
  fMin: Float64Array;
  fMax: Float64Array;
  server: Int32Array;
  /** Users of each server. */
  members: number[][];
  serverFreq: Float64Array;
  serverBand: Float64Array;
}

/** The continuous variables. */
interface Point {
  alpha: Float64Array;
  f: Float64Array;
  F: Float64Array;
  p: Float64Array;
  b: Float64Array;
}

function checkAssociation(snapshot: Snapshot, association: readonly number[]): void {
  if (association.length !== snapshot.users.length) {
    throw new RangeError(`association has ${association.length} entries for ${snapshot.users.length} users`);
  }
  association.forEach((m, n) => {
    if (!Number.isInteger(m) || m < 0 || m >= snapshot.servers.length) {
      throw new RangeError(`association[${n}] = ${m} is not a server index in [0, ${snapshot.servers.length - 1}]`);
    }
  });
}

function buildProblem(snapshot: Snapshot, association: readonly number[], floor: number): Problem {
  const N = snapshot.users.length;
  const M = snapshot.servers.length;
  const w = snapshot.weights;
  const P: Problem = {
    N,
    Y: snapshot.layers,
    wt: w.time,
    we: w.energy,
    ws: w.stability,
    tAir: snapshot.includeAirtime ? w.time : 0,
    aU: new Float64Array(N),
    bU: new Float64Array(N),
    aE: new Float64Array(N),
    bE: new Float64Array(N),
    stab: new Float64Array(N),
    bits: new Float64Array(N),
    snrPerW: new Float64Array(N),
    pMin: new Float64Array(N),
    pMax: new Float64Array(N),
    fMin: new Float64Array(N),
    fMax: new Float64Array(N),
    server: Int32Array.from(association),
    members: Array.from({ length: M }, () => []),
    serverFreq: Float64Array.from(snapshot.servers, (s) => s.maxFreqHz),
    serverBand: Float64Array.from(snapshot.servers, (s) => s.bandwidthHz),
  };
  for (let n = 0; n < N; n++) {
    const u = snapshot.users[n];
    const m = association[n];
    const device = deviceTerms(snapshot, n);
    const edge = edgeTerms(snapshot, n, m);
    P.aU[n] = device.aU;
    P.bU[n] = device.bU;
    P.aE[n] = edge.aE;
    P.bE[n] = edge.bE;
    // Unweighted (w_s multiplies it in `stability`), unlike `deviceTerms`:
    // the two orders of operations round differently and the decisions
    // depend on each.
    P.stab[n] = (2 * snapshot.lipschitz * snapshot.lipschitz) / u.samples;
    P.bits[n] = u.activationBits;
    P.snrPerW[n] = snapshot.gains[n][m] / snapshot.noiseWPerHz;
    P.pMax[n] = u.maxTxPowerW;
    P.pMin[n] = floor * u.maxTxPowerW;
    P.fMax[n] = u.maxFreqHz;
    P.fMin[n] = floor * u.maxFreqHz;
  }
  return P;
}

function rate(P: Problem, n: number, p: number, b: number): number {
  return rateAtSnrBps(b, (P.snrPerW[n] * p) / b);
}

const A = (P: Problem, n: number, f: number): number => perLayer(P.aU[n], P.bU[n], f);
const B = (P: Problem, n: number, F: number): number => perLayer(P.aE[n], P.bE[n], F);
const stability = (P: Problem, n: number, alpha: number): number =>
  P.ws === 0 ? 0 : alpha >= P.Y ? Infinity : (P.ws * P.stab[n]) / (1 - alpha / P.Y);

/** Whether user n trains any layer at the edge (and so transmits). */
const sends = (P: Problem, x: Point, n: number): boolean => x.alpha[n] < P.Y;

/** The true objective of a point (alpha may be real). */
function trueObjective(P: Problem, x: Point): number {
  let h = 0;
  for (let n = 0; n < P.N; n++) h += userObjective(P, x, n);
  return h;
}

function userObjective(P: Problem, x: Point, n: number): number {
  const alpha = x.alpha[n];
  let h = alpha * A(P, n, x.f[n]) + stability(P, n, alpha);
  if (sends(P, x, n)) {
    const r = rate(P, n, x.p[n], x.b[n]);
    h += (P.Y - alpha) * B(P, n, x.F[n]) + (P.bits[n] * (P.we * x.p[n] + P.tAir)) / r;
  }
  return h;
}

/** Auxiliaries of the quadratic transform, in closed form. */
interface Aux {
  z: Float64Array;
  v: Float64Array;
  q: Float64Array;
}

function closedFormAux(P: Problem, x: Point, aux: Aux): void {
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
function surrogate(P: Problem, x: Point, aux: Aux): number {
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
  derivative(1, out);
  if (out.f >= 0) return 1;
  // The derivative is +∞ at Y when w_s > 0 and 2Yz > 0 otherwise, so the
  // root lies below Y.
  return increasingRoot(derivative, 1, Y * (1 - 1e-12), guess, out);
}

/** f_n: argmin A(f) = (w_t/(2 w_e kappa1))^(1/3), within [f_min, f_max]. */
function solveDeviceFreq(P: Problem, n: number): number {
  if (P.bU[n] === 0) return P.fMax[n];
  const f = Math.cbrt(P.aU[n] / (2 * P.bU[n]));
  return Math.min(P.fMax[n], Math.max(P.fMin[n], f));
}

/**
 * Shares each server's GPU frequency among its transmitting users to
 * minimise the sum of c_n(F_n), where c_n'(F) = marginal(n, F) increases.
 * `lambdas` holds each server's multiplier: the warm start in, the solution out.
 */
function shareServerFreq(
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
function trueFreqMarginal(P: Problem, x: Point): (n: number, F: number, out: Sample) => void {
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
function shareUplink(P: Problem, x: Point, v: Float64Array, users: number[][], lambdas: Float64Array): void {
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
  for (let m = 0; m < users.length; m++) {
    const ids = users[m];
    if (ids.length === 0) continue;
    lambdas[m] = shareOutByDerivative(ids, P.serverBand[m], x.b, outer, lambdas[m]);
    // The final rescaling moved b by a rounding error; p must fit the final b.
    for (const n of ids) innerPower(n, x.b[n]);
  }
}

// ---------------------------------------------------------------------------
// The solver

function transmitting(P: Problem, x: Point): number[][] {
  const users: number[][] = P.members.map(() => []);
  for (let n = 0; n < P.N; n++) if (sends(P, x, n)) users[P.server[n]].push(n);
  return users;
}

function startingPoint(P: Problem, snapshot: Snapshot, options: FixedAssociationOptions): Point {
  const N = P.N;
  const x: Point = {
    alpha: new Float64Array(N),
    f: new Float64Array(N),
    F: new Float64Array(N),
    p: new Float64Array(N),
    b: new Float64Array(N),
  };
  const warm = options.warmStart?.users;
  const counts = new Int32Array(snapshot.servers.length);
  for (let n = 0; n < N; n++) counts[P.server[n]]++;
  for (let n = 0; n < N; n++) {
    const m = P.server[n];
    const w = warm !== undefined && warm.length === N && warm[n].server === m ? warm[n] : undefined;
    x.alpha[n] = options.fixedAlpha?.[n] ?? (held(options, n) ? P.Y : clamp(w?.alpha ?? (1 + P.Y) / 2, 1, P.Y - 1));
    x.f[n] = solveDeviceFreq(P, n);
    // Without airtime the objective rises with p at every bandwidth
    // (energy per bit grows with SNR per hertz), so p = p_min is optimal and
    // starting there spares the alternation a sublinear crawl towards it.
    x.p[n] = P.tAir === 0 ? P.pMin[n] : clamp(w?.txPowerW ?? P.pMax[n], P.pMin[n], P.pMax[n]);
    x.F[n] = positiveOr(w?.serverFreqHz, P.serverFreq[m] / counts[m]);
    x.b[n] = positiveOr(w?.bandwidthHz, P.serverBand[m] / counts[m]);
  }
  return x;
}

function held(options: FixedAssociationOptions, n: number): boolean {
  return options.localOnlyUsers?.includes(n) ?? false;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function positiveOr(v: number | undefined, fallback: number): number {
  return v !== undefined && v > 0 && Number.isFinite(v) ? v : fallback;
}

/** Makes each server's shares add up to its budget (a warm start may not). */
function normaliseShares(P: Problem, x: Point, users: number[][]): void {
  for (let m = 0; m < users.length; m++) {
    let sF = 0;
    let sB = 0;
    for (const n of users[m]) {
      sF += x.F[n];
      sB += x.b[n];
    }
    for (const n of users[m]) {
      x.F[n] *= P.serverFreq[m] / sF;
      x.b[n] *= P.serverBand[m] / sB;
    }
  }
}

/** One P4 step: every block minimised exactly with the auxiliaries fixed. */
/** Each server's last multipliers, the warm start of the next step. */
interface Multipliers {
  freq: Float64Array;
  band: Float64Array;
}

function p4Step(P: Problem, x: Point, aux: Aux, users: number[][], alphaFixed: boolean, lambdas: Multipliers): void {
  const out: Sample = { f: 0, df: 0 };
  for (let n = 0; n < P.N; n++) {
    // A user at alpha = Y is held there (it is not in `users`).
    if (!alphaFixed && x.alpha[n] < P.Y) x.alpha[n] = solveAlpha(P, n, aux.z[n], aux.q[n], x.alpha[n], out);
    x.f[n] = solveDeviceFreq(P, n);
  }
  if (P.wt !== 0 || P.we !== 0) shareServerFreq(P, x, p4FreqMarginal(P, aux.q), users, lambdas.freq);
  if (P.we !== 0 || P.tAir !== 0) shareUplink(P, x, aux.v, users, lambdas.band);
}

/**
 * Solves the paper's problem for the association `association` (server
 * index per user): the quadratic-transform alternation on the relaxed
 * problem, then integer alpha by rounding and a local search.
 */
export function solveFixedAssociation(
  snapshot: Snapshot,
  association: readonly number[],
  options: FixedAssociationOptions = {},
): FixedAssociationResult {
  let best = solveOnce(snapshot, association, options);
  if (options.fixedAlpha !== undefined || options.localOnlyUsers !== undefined) return best;
  // alpha = Y is finite only when the stability term is 0 (w_s = 0):
  // the relaxation works on [1, Y) and cannot reach it, so each such user is
  // tried at alpha = Y in turn, keeping every move that lowers the objective.
  const candidates = snapshot.weights.stability === 0 ? snapshot.users.map((_, n) => n) : [];
  const local: number[] = [];
  for (const n of candidates) {
    if (best.decision.users[n].alpha === snapshot.layers) continue;
    const trial = solveOnce(snapshot, association, { ...options, warmStart: best.decision, localOnlyUsers: [...local, n] });
    if (trial.objective < best.objective) {
      best = trial;
      local.push(n);
    }
  }
  return best;
}

function solveOnce(snapshot: Snapshot, association: readonly number[], options: FixedAssociationOptions): FixedAssociationResult {
  checkAssociation(snapshot, association);
  const tolerance = options.tolerance ?? DEFAULTS.tolerance;
  const maxIterations = options.maxIterations ?? DEFAULTS.maxIterations;
  const floor = options.floorFraction ?? DEFAULTS.floorFraction;
  if (!(tolerance >= 0)) throw new RangeError(`tolerance must be >= 0, got ${tolerance}`);
  if (!(floor > 0 && floor <= 1)) throw new RangeError(`floorFraction must be in (0, 1], got ${floor}`);
  const P = buildProblem(snapshot, association, floor);
  const fixed = options.fixedAlpha;
  if (fixed !== undefined) {
    if (fixed.length !== P.N) throw new RangeError(`fixedAlpha has ${fixed.length} entries for ${P.N} users`);
    fixed.forEach((a, n) => {
      if (!(a >= 1 && a <= P.Y)) throw new RangeError(`fixedAlpha[${n}] = ${a} is outside [1, ${P.Y}]`);
    });
  }
  const x = startingPoint(P, snapshot, options);
  const users = transmitting(P, x);
  normaliseShares(P, x, users);
  const aux: Aux = { z: new Float64Array(P.N), v: new Float64Array(P.N), q: new Float64Array(P.N) };
  const M = snapshot.servers.length;
  const lambdas: Multipliers = { freq: new Float64Array(M).fill(NaN), band: new Float64Array(M).fill(NaN) };

  let h = trueObjective(P, x);
  const trace = [h];
  const steps: SurrogateStep[] = [];
  let iterations = 0;
  while (iterations < maxIterations) {
    closedFormAux(P, x, aux);
    const before = surrogate(P, x, aux);
    p4Step(P, x, aux, users, fixed !== undefined, lambdas);
    const after = surrogate(P, x, aux);
    const next = trueObjective(P, x);
    steps.push({ before, after });
    trace.push(next);
    iterations++;
    const change = Math.abs(next - h);
    h = next;
    if (!(change > tolerance * Math.abs(h))) break;
  }
  const relaxed: RelaxedSolution = {
    alpha: Array.from(x.alpha),
    txPowerW: Array.from(x.p),
    bandwidthHz: Array.from(x.b),
    freqHz: Array.from(x.f),
    serverFreqHz: Array.from(x.F),
    objective: h,
  };

  let roundedObjective = h;
  if (fixed === undefined) {
    for (let n = 0; n < P.N; n++) if (x.alpha[n] < P.Y) x.alpha[n] = clamp(Math.round(x.alpha[n]), 1, P.Y - 1);
    lambdas.freq.fill(NaN);
    shareServerFreq(P, x, trueFreqMarginal(P, x), users, lambdas.freq);
    roundedObjective = trueObjective(P, x);
    if (options.localSearch ?? true) integerLocalSearch(P, x, users, lambdas.freq);
  }
  const objective = trueObjective(P, x);
  return { decision: toDecision(P, x), trace, surrogate: steps, relaxed, iterations, roundedObjective, objective };
}

/**
 * Moves single users' alpha by ±1 while that lowers the true objective. With
 * alpha fixed the rest of the problem is convex and only the GPU shares of
 * the user's server depend on alpha (powers, bandwidths and device
 * frequencies do not), so each trial re-solves that server's shares exactly.
 */
function integerLocalSearch(P: Problem, x: Point, users: number[][], lambdas: Float64Array): void {
  const marginal = trueFreqMarginal(P, x);
  const serverCost = (m: number): number => {
    let c = 0;
    for (const n of users[m]) c += (P.Y - x.alpha[n]) * B(P, n, x.F[n]);
    return c;
  };
  const alphaCost = (n: number): number => x.alpha[n] * A(P, n, x.f[n]) + stability(P, n, x.alpha[n]);
  const saved = new Float64Array(P.N);
  // Each accepted move lowers the objective, so the search ends; the pass cap
  // is a safety net.
  for (let pass = 0; pass < 100 * P.Y; pass++) {
    let improved = false;
    for (let n = 0; n < P.N; n++) {
      const m = P.server[n];
      const ids = users[m];
      if (x.alpha[n] >= P.Y) continue;
      for (const step of [-1, 1]) {
        const old = x.alpha[n];
        const cand = old + step;
        if (cand < 1 || cand > P.Y - 1) continue;
        const before = serverCost(m) + alphaCost(n);
        for (const k of ids) saved[k] = x.F[k];
        x.alpha[n] = cand;
        shareOutByDerivative(ids, P.serverFreq[m], x.F, marginal, lambdas[m]);
        const after = serverCost(m) + alphaCost(n);
        if (after < before - 1e-15 * Math.abs(before)) {
          improved = true;
        } else {
          x.alpha[n] = old;
          for (const k of ids) x.F[k] = saved[k];
        }
      }
    }
    if (!improved) break;
  }
}

function toDecision(P: Problem, x: Point): Decision {
  const users = [];
  for (let n = 0; n < P.N; n++) {
    const on = sends(P, x, n);
    users.push({
      alpha: x.alpha[n],
      server: P.server[n],
      txPowerW: on ? x.p[n] : P.pMax[n],
      bandwidthHz: on ? x.b[n] : 0,
      freqHz: x.f[n],
      serverFreqHz: on ? x.F[n] : 0,
    });
  }
  return { users };
}
