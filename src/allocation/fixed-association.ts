import { closedFormAux, p4Step, shareServerFreq, surrogate, trueFreqMarginal, type Aux, type Multipliers } from './fixed-association-p4.js';
import { integerLocalSearch } from './fixed-association-integer.js';
import { buildProblem, sends, transmitting, trueObjective, type Point, type Problem } from './fixed-association-problem.js';
import { clamp, normaliseShares, startingPoint } from './fixed-association-start.js';
import { mayTrainLocally } from './split-limits.js';
import { solveTrueUplink } from './fixed-association-uplink.js';
import { ComputePolish, finishServers, POLISH_AT } from './fixed-association-polish.js';
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
 *
 * The same limit, reached faster at city scale (docs/model.md, "At city
 * scale"): the uplink, which P4 minorises-majorises on its own, is solved
 * once on the true objective before the alternation
 * (fixed-association-uplink.ts); once the alternation is close, each
 * server's alpha and GPU shares are polished by Newton and a server still
 * crawling finishes its alternation alone (fixed-association-polish.ts).
 *
 * The pieces: fixed-association-problem.ts (the problem and its true
 * objective), fixed-association-p4.ts (the surrogate and its blocks),
 * fixed-association-uplink.ts and fixed-association-polish.ts (above),
 * fixed-association-start.ts (starting point and warm start) and
 * fixed-association-integer.ts (the integer local search).
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
  const candidates = snapshot.weights.stability === 0 ? snapshot.users.flatMap((_, n) => (mayTrainLocally(snapshot, n) ? [n] : [])) : [];
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
  const uplinkSolved = solveTrueUplink(P, x, users);
  const aux: Aux = { z: new Float64Array(P.N), v: new Float64Array(P.N), q: new Float64Array(P.N) };
  const M = snapshot.servers.length;
  const lambdas: Multipliers = { freq: new Float64Array(M).fill(NaN), band: new Float64Array(M).fill(NaN) };

  let h = trueObjective(P, x);
  const trace = [h];
  const steps: SurrogateStep[] = [];
  let iterations = 0;
  const settled = new Uint8Array(M);
  const polish = new ComputePolish(P, x);
  while (iterations < maxIterations) {
    closedFormAux(P, x, aux);
    const before = surrogate(P, x, aux);
    p4Step(P, x, aux, users, fixed !== undefined, lambdas, uplinkSolved);
    const after = surrogate(P, x, aux);
    let next = trueObjective(P, x);
    if (fixed === undefined && !(Math.abs(next - h) > POLISH_AT * Math.abs(next))) {
      polish.all(users, settled);
      finishServers(P, x, polish, aux, users, settled, uplinkSolved, lambdas, (tolerance * Math.abs(next)) / M, maxIterations);
      next = trueObjective(P, x);
    }
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
    for (let n = 0; n < P.N; n++) if (x.alpha[n] < P.Y) x.alpha[n] = clamp(Math.round(x.alpha[n]), P.alphaLo[n], P.alphaHi[n]);
    lambdas.freq.fill(NaN);
    shareServerFreq(P, x, trueFreqMarginal(P, x), users, lambdas.freq);
    roundedObjective = trueObjective(P, x);
    if (options.localSearch ?? true) integerLocalSearch(P, x, users, lambdas.freq);
  }
  const objective = trueObjective(P, x);
  return { decision: toDecision(P, x), trace, surrogate: steps, relaxed, iterations, roundedObjective, objective };
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
