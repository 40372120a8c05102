import { gainOf } from './candidates.js';
import { uplinkRateBps } from '../radio/fdma-rate.js';
import type { Stream } from '../engine/random.js';
import { airtimeWeight, deviceTerms, edgeTerms, perLayer, stabilityTerm, uplinkWeight } from './objective.js';
import { lpSolver } from './lp-solver.js';
import type { Decision, Snapshot } from './types.js';

/**
 * The association step of the paper's algorithm (Liu and Zhao, MobiHoc
 * 2024, section 4.2; docs/model.md, "The association step"): with the
 * split, powers and device frequencies held, choose each user's server.
 *
 * The step works on linear per-pair costs c_nm (`associationProblem`):
 * minimise Σ c_nm·chi_nm subject to Σ_m chi_nm = 1 for every user and
 * Σ_n chi_nm ≤ U_m for every server. The paper relaxes chi to [0, 1], adds
 * the exact concave penalty ρ·Σ chi(1 − chi) and runs the concave-convex
 * procedure (`cccpAssociation`): linearise the penalty at the current
 * point, solve the linear programme (HiGHS), repeat. The same linear problem
 * with chi binary, solved exactly as a MILP by HiGHS, is the reference
 * (`milpAssociation`).
 */

/** The linear association problem. */
export interface AssociationProblem {
  users: number;
  servers: number;
  /** c_nm at index n·servers + m. */
  cost: Float64Array;
  /** U_m: the most users server m may hold. */
  capacity: Int32Array;
}

export interface AssociationProblemOptions {
  /**
   * How many users a server may gain in one step beyond those it holds
   * (default 1): U_m = K_m + extraUsers. The costs of a newcomer are those
   * of the share among K_m + 1 users, exact when a server gains one user.
   */
  extraUsers?: number;
}

/**
 * The per-pair costs and capacities around a decision (docs/model.md,
 * "The association step"). c_nm is user n's weighted cost, with its alpha,
 * power and device frequency held, when it sits on server m with an equal
 * share of m's bandwidth and GPU among the users m would then hold: its
 * K_m current users if n is already one of them, K_m + 1 otherwise. A user
 * at alpha = Y sends nothing and costs the same on every server.
 */
export function associationProblem(snapshot: Snapshot, decision: Decision, options: AssociationProblemOptions = {}): AssociationProblem {
  const N = snapshot.users.length;
  const M = snapshot.servers.length;
  const extra = options.extraUsers ?? 1;
  if (!(Number.isInteger(extra) && extra >= 1)) throw new RangeError(`extraUsers must be a whole number >= 1, got ${extra}`);
  const count = sendersPerServer(snapshot, decision);
  const cost = new Float64Array(N * M);
  for (let n = 0; n < N; n++) {
    const device = deviceCost(snapshot, decision, n);
    for (let m = 0; m < M; m++) cost[n * M + m] = device + edgeCost(snapshot, decision, count, n, m);
  }
  return { users: N, servers: M, cost, capacity: associationCapacity(decision, count, snapshot.layers, extra) };
}

/** K_m: the users of a decision that send to server m (alpha < Y). */
export function sendersPerServer(snapshot: Snapshot, decision: Decision): Int32Array {
  const count = new Int32Array(snapshot.servers.length);
  for (const d of decision.users) if (d.alpha < snapshot.layers) count[d.server]++;
  return count;
}

/**
 * U_m = K_m + extra + (users at alpha = Y): such a user holds no share and
 * may sit anywhere, so the capacities never force a sender out.
 */
export function associationCapacity(decision: Decision, count: Int32Array, layers: number, extra: number): Int32Array {
  const localOnly = decision.users.filter((d) => d.alpha >= layers).length;
  return Int32Array.from(count, (k) => k + extra + localOnly);
}

/** The part of c_nm that does not depend on the server: device compute and stability. */
export function deviceCost(snapshot: Snapshot, decision: Decision, n: number): number {
  const d = decision.users[n];
  const dev = deviceTerms(snapshot, n);
  return d.alpha * perLayer(dev.aU, dev.bU, d.freqHz) + stabilityTerm(dev.stab, d.alpha, snapshot.layers);
}

/** The part of c_nm that depends on the server: edge compute and uplink at an equal share among m's holders. */
export function edgeCost(snapshot: Snapshot, decision: Decision, count: Int32Array, n: number, m: number): number {
  const d = decision.users[n];
  const Y = snapshot.layers;
  if (d.alpha >= Y) return 0;
  const s = snapshot.servers[m];
  const holders = d.server === m ? count[m] : count[m] + 1;
  const e = edgeTerms(snapshot, n, m);
  const r = uplinkRateBps(s.bandwidthHz / holders, gainOf(snapshot, n, m), d.txPowerW, snapshot.noiseWPerHz);
  return (Y - d.alpha) * perLayer(e.aE, e.bE, s.maxFreqHz / holders) + uplinkWeight(snapshot.users[n].activationBits, snapshot.weights.energy, d.txPowerW, airtimeWeight(snapshot)) / r;
}

/** Σ c_nm over an integral association (server index per user). */
export function linearCost(problem: AssociationProblem, association: readonly number[]): number {
  let c = 0;
  for (let n = 0; n < problem.users; n++) c += problem.cost[n * problem.servers + association[n]];
  return c;
}

/** Whether an integral association respects every capacity. */
export function withinCapacity(problem: AssociationProblem, association: readonly number[]): boolean {
  const held = new Int32Array(problem.servers);
  for (const m of association) held[m]++;
  return held.every((k, m) => k <= problem.capacity[m]);
}

/** The penalised objective Σ c·chi + ρ·Σ chi(1 − chi) of a relaxed point. */
export function penalisedObjective(problem: AssociationProblem, chi: ArrayLike<number>, penalty: number): number {
  let f = 0;
  for (let j = 0; j < problem.cost.length; j++) f += problem.cost[j] * chi[j] + penalty * chi[j] * (1 - chi[j]);
  return f;
}

export interface CccpOptions {
  /** The penalty ρ; default `penaltyScale` times the mean over users of the gap between their two cheapest servers. */
  penalty?: number;
  /** See `penalty` (default 0.01). */
  penaltyScale?: number;
  /** Starting points (default 4): the current association, the proportional point, then random integral ones. */
  starts?: number;
  /** Stop when a step lowers the penalised objective by less than this, relatively (default 1e-12). */
  tolerance?: number;
  /** Safety net on the steps of one run (default 100). */
  maxSteps?: number;
}

/** One run of the concave-convex procedure from one starting point. */
export interface CccpRun {
  /** Which starting point: `current`, `proportional` or `random-<k>`. */
  start: string;
  /** The penalised objective at the start and after each step. */
  objective: number[];
  /** The integral association reached. */
  association: number[];
  /** Its linear cost Σ c_nm. */
  linearCost: number;
  /** Whether the last LP point was integral (otherwise it was rounded, see `cccpAssociation`). */
  integral: boolean;
}

export interface CccpResult {
  /** The best integral association over the runs (lowest linear cost; the earliest run on ties). */
  association: number[];
  linearCost: number;
  penalty: number;
  runs: CccpRun[];
}

/** Column layout: chi_nm is column n·M + m; rows: one per user (= 1), one per server (≤ U_m). */
function modelData(problem: AssociationProblem, cost: Float64Array, integer: boolean) {
  const highs = lpSolver();
  const { users: N, servers: M } = problem;
  const nc = N * M;
  const starts = new Int32Array(nc + 1);
  const indices = new Int32Array(2 * nc);
  for (let j = 0; j < nc; j++) {
    starts[j] = 2 * j;
    indices[2 * j] = Math.floor(j / M);
    indices[2 * j + 1] = N + (j % M);
  }
  starts[nc] = 2 * nc;
  const rowLower = new Float64Array(N + M).fill(-highs.infinity);
  const rowUpper = new Float64Array(N + M);
  for (let n = 0; n < N; n++) rowLower[n] = rowUpper[n] = 1;
  for (let m = 0; m < M; m++) rowUpper[N + m] = problem.capacity[m];
  return {
    numCols: nc,
    numRows: N + M,
    colCost: cost,
    colLower: new Float64Array(nc),
    colUpper: new Float64Array(nc).fill(1),
    rowLower,
    rowUpper,
    matrix: { format: 'csc' as const, numRows: N + M, numCols: nc, starts, indices, values: new Float64Array(2 * nc).fill(1) },
    ...(integer ? { integrality: new Int32Array(nc).fill(highs.constants.variableType.integer) } : {}),
  };
}

function checkFeasibleProblem(problem: AssociationProblem): void {
  let room = 0;
  for (const u of problem.capacity) room += u;
  if (room < problem.users) throw new RangeError(`the servers hold at most ${room} users, fewer than the ${problem.users} to place`);
  for (const c of problem.cost) if (!Number.isFinite(c)) throw new RangeError(`association cost ${c} is not finite`);
}

const INTEGRAL_TOL = 1e-7;

function isIntegral(chi: ArrayLike<number>): boolean {
  for (let j = 0; j < chi.length; j++) if (Math.min(chi[j], Math.abs(1 - chi[j])) > INTEGRAL_TOL) return false;
  return true;
}

function toAssociation(chi: ArrayLike<number>, N: number, M: number): number[] {
  const a: number[] = [];
  for (let n = 0; n < N; n++) {
    let best = 0;
    for (let m = 1; m < M; m++) if (chi[n * M + m] > chi[n * M + best]) best = m;
    a.push(best);
  }
  return a;
}

function indicator(association: readonly number[], M: number): Float64Array {
  const chi = new Float64Array(association.length * M);
  association.forEach((m, n) => (chi[n * M + m] = 1));
  return chi;
}

/** A random integral association within the capacities: users in random order, each on a random server with room. */
function randomStart(problem: AssociationProblem, stream: Stream): number[] {
  const { users: N, servers: M } = problem;
  const room = Int32Array.from(problem.capacity);
  const a = new Array<number>(N).fill(0);
  for (const n of stream.shuffle(Array.from({ length: N }, (_, n) => n))) {
    const open: number[] = [];
    for (let m = 0; m < M; m++) if (room[m] > 0) open.push(m);
    const m = stream.choice(open);
    a[n] = m;
    room[m]--;
  }
  return a;
}

/**
 * The default penalty: `scale` times the mean, over users, of the gap
 * between their two cheapest servers. On this problem any ρ > 0 is exact
 * (the penalised objective is strictly concave, so its minima over the
 * polytope are vertices, and the vertices are integral); what ρ changes is
 * how far a run strays from its start: from an integral point a user moves
 * only if that saves more than 2ρ. A small ρ lets a run follow every
 * worthwhile move.
 */
export function defaultPenalty(problem: AssociationProblem, scale = 0.01): number {
  const { users: N, servers: M } = problem;
  let gap = 0;
  let level = 0;
  for (let n = 0; n < N; n++) {
    let lo = Infinity;
    let next = Infinity;
    for (let m = 0; m < M; m++) {
      const c = problem.cost[n * M + m];
      if (c < lo) {
        next = lo;
        lo = c;
      } else if (c < next) next = c;
    }
    if (Number.isFinite(next)) gap += next - lo;
    level += Math.abs(lo);
  }
  const rho = (scale * gap) / N;
  // One server, or all alike for every user: any positive penalty does; keep it on the costs' scale.
  return rho > 0 ? rho : (scale * Math.max(level, 1e-300)) / N;
}

/**
 * The concave-convex procedure on the penalised relaxation, from several
 * feasible starting points: the current association, the proportional point
 * chi_nm = U_m/Σ U, and `starts − 2` random integral associations drawn from
 * `stream`. Each run solves LPs (HiGHS dual simplex, warm-started from the
 * previous basis) until the penalised objective stops falling; the best
 * integral end point is kept.
 *
 * Each LP minimises the majorant Σ (c + ρ(1 − 2 chi^k))·chi of the penalised
 * objective, which touches it at chi^k, so the penalised objective never
 * increases. The constraint matrix (one equality per user, one capacity per
 * server) is that of a transportation problem, totally unimodular, so every
 * simplex vertex is integral and the relaxation's optimum is the MILP's
 * (docs/model.md). Should a run end on a fractional point anyway, it is
 * rounded to the nearest vertex by one more LP (maximise Σ chi^k·chi).
 */
export function cccpAssociation(problem: AssociationProblem, current: readonly number[], stream: Stream, options: CccpOptions = {}): CccpResult {
  checkFeasibleProblem(problem);
  const { users: N, servers: M } = problem;
  const penalty = options.penalty ?? defaultPenalty(problem, options.penaltyScale ?? 0.01);
  if (!(penalty >= 0 && Number.isFinite(penalty))) throw new RangeError(`penalty must be finite and >= 0, got ${penalty}`);
  const startCount = options.starts ?? 4;
  if (!(Number.isInteger(startCount) && startCount >= 1)) throw new RangeError(`starts must be a whole number >= 1, got ${startCount}`);
  const tolerance = options.tolerance ?? 1e-12;
  const maxSteps = options.maxSteps ?? 100;

  const startPoints: Array<{ name: string; chi: Float64Array }> = [];
  if (withinCapacity(problem, current)) startPoints.push({ name: 'current', chi: indicator(current, M) });
  if (startPoints.length < startCount) {
    let room = 0;
    for (const u of problem.capacity) room += u;
    const chi = new Float64Array(N * M);
    for (let n = 0; n < N; n++) for (let m = 0; m < M; m++) chi[n * M + m] = problem.capacity[m] / room;
    startPoints.push({ name: 'proportional', chi });
  }
  for (let k = 0; startPoints.length < startCount; k++) {
    startPoints.push({ name: `random-${k}`, chi: indicator(randomStart(problem, stream), M) });
  }

  const highs = lpSolver();
  const coef = Float64Array.from(problem.cost);
  const model = highs.createModel(modelData(problem, coef, false));
  const runs: CccpRun[] = [];
  const range = { kind: 'range' as const, from: 0, to: N * M - 1 };
  const solve = (costs: Float64Array): Float64Array => {
    model.changeColsCost(range, costs);
    model.run();
    const status = model.getModelStatus();
    if (status !== highs.constants.modelStatus.optimal) throw new Error(`HiGHS ended the association LP with status ${status}`);
    return model.getSolution().colValue;
  };
  // The procedure is deterministic from a point, so a run that reaches an
  // integral point an earlier run passed through would retrace that run:
  // it stops there and shares the earlier run's end. Starts often meet after
  // one step, which saves most of the LP solves.
  const ends = new Map<string, { chi: Float64Array; integral: boolean }>();
  try {
    model.options.set({ output_flag: false, solver: 'simplex' });
    for (const sp of startPoints) {
      let chi = sp.chi;
      let f = penalisedObjective(problem, chi, penalty);
      const objective = [f];
      const passed: string[] = [];
      let joined: { chi: Float64Array; integral: boolean } | undefined;
      for (let step = 0; step < maxSteps; step++) {
        if (isIntegral(chi)) {
          const key = toAssociation(chi, N, M).join(',');
          joined = ends.get(key);
          if (joined !== undefined) break;
          passed.push(key);
        }
        for (let j = 0; j < coef.length; j++) coef[j] = problem.cost[j] + penalty * (1 - 2 * chi[j]);
        const next = solve(coef);
        const fNext = penalisedObjective(problem, next, penalty);
        // A step that does not lower the objective is not taken: the LP
        // solution is optimal to HiGHS's tolerances only, and a tie must not
        // move the point.
        if (!(fNext < f)) break;
        objective.push(fNext);
        const gain = f - fNext;
        chi = next;
        f = fNext;
        if (gain <= tolerance * Math.max(1, Math.abs(f))) break;
      }
      let integral: boolean;
      if (joined !== undefined) {
        chi = joined.chi;
        integral = joined.integral;
      } else {
        integral = isIntegral(chi);
        if (!integral) {
          for (let j = 0; j < coef.length; j++) coef[j] = -chi[j];
          chi = solve(coef);
        }
      }
      for (const key of passed) ends.set(key, { chi, integral });
      const association = toAssociation(chi, N, M);
      runs.push({ start: sp.name, objective, association, linearCost: linearCost(problem, association), integral });
    }
  } finally {
    model.dispose();
  }
  let best = runs[0];
  for (const r of runs) if (r.linearCost < best.linearCost) best = r;
  return { association: best.association.slice(), linearCost: best.linearCost, penalty, runs };
}

/** The linear problem with binary chi, solved to optimality by HiGHS's MILP solver. */
export function milpAssociation(problem: AssociationProblem): { association: number[]; linearCost: number } {
  checkFeasibleProblem(problem);
  const highs = lpSolver();
  return highs.withModel(modelData(problem, Float64Array.from(problem.cost), true), (model) => {
    model.options.set({ output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0 });
    model.run();
    const status = model.getModelStatus();
    if (status !== highs.constants.modelStatus.optimal) throw new Error(`HiGHS ended the association MILP with status ${status}`);
    const association = toAssociation(model.getSolution().colValue, problem.users, problem.servers);
    return { association, linearCost: linearCost(problem, association) };
  });
}
