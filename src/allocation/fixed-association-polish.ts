import { A, B, stability, type Point, type Problem } from './fixed-association-problem.js';
import { perLayerCurvature, perLayerSlope } from './objective.js';
import { pairShareNewton } from './pair-newton.js';
import { computeStepForServer, type Aux, type Multipliers } from './fixed-association-p4.js';

/**
 * Speeds up the end of the fixed-association alternation (fixed-association.ts)
 * without moving its limit.
 *
 * With the uplink solved (fixed-association-uplink.ts) what is left of the
 * true objective falls apart by server: its senders' cost
 * c(alpha, F) = alpha·A + (Y − alpha)·B(F) + w_s·stab/(1 − alpha/Y) with
 * sum F = F^max. The alternation minorises-majorises it through the
 * quadratic transform and contracts only linearly (at city scale dozens of
 * alternations for the last digits). Once it has come close (the objective
 * changing by less than POLISH_AT relatively) each server's point is
 * polished, after every alternation until it succeeds, by Newton's method on that server's stationarity conditions
 * (pair-newton.ts: alpha in its range, F a share of F^max), which converges
 * quadratically to the stationary point the alternation is approaching.
 * A server's polish is kept only if Newton converged to a strict minimum
 * (positive reduced curvature at every user) and the server's cost did not
 * rise; otherwise its point is restored. The alternation then goes on as
 * before, and stops by its own tolerance.
 */

/** Relative change of the objective below which the alternation's point is polished. */
export const POLISH_AT = 1e-4;

/** Newton's method on one server's compute part, with what it needs prepared once per solve. */
export class ComputePolish {
  private readonly hi: Float64Array;
  private readonly savedAlpha: number[] = [];
  private readonly savedF: number[] = [];
  private readonly derivatives: (n: number, alpha: number, F: number, d: Float64Array) => void;

  constructor(
    private readonly P: Problem,
    private readonly x: Point,
  ) {
    const Y = P.Y;
    // alpha's range in the relaxation, as the alternation's alpha block has it
    this.hi = Float64Array.from(P.alphaHi, (h, n) => (P.alphaHiBinds[n] ? h : Y * (1 - 1e-12)));
    this.derivatives = (n, alpha, F, d) => {
      const keep = 1 - alpha / Y;
      const c = P.ws * P.stab[n];
      const slope = perLayerSlope(P.aE[n], P.bE[n], F);
      d[0] = A(P, n, x.f[n]) - B(P, n, F) + c / (Y * keep * keep);
      d[1] = (2 * c) / (Y * Y * keep * keep * keep);
      d[2] = (Y - alpha) * slope;
      d[3] = (Y - alpha) * perLayerCurvature(P.aE[n], P.bE[n], F);
      d[4] = -slope;
    };
  }

  /**
   * Polishes server m's senders `ids`; returns whether the polish was kept
   * (Newton converged to a strict local minimum and the server's cost did
   * not rise). Otherwise alpha and F are as they were. With w_s = 0 alpha's
   * cost is linear, with no curvature to take a Newton step with: never kept.
   */
  server(ids: readonly number[], m: number): boolean {
    const { P, x } = this;
    if (P.ws === 0 || ids.length === 0) return false;
    const savedAlpha = this.savedAlpha;
    const savedF = this.savedF;
    savedAlpha.length = 0;
    savedF.length = 0;
    for (const n of ids) {
      savedAlpha.push(x.alpha[n]);
      savedF.push(x.F[n]);
    }
    const before = serverCost(P, x, ids);
    const lambda = pairShareNewton(ids, P.serverFreq[m], P.alphaLo, this.hi, x.alpha, x.F, this.derivatives);
    if (!(lambda === lambda)) return false;
    if (serverCost(P, x, ids) <= before) return true;
    ids.forEach((n, k) => {
      x.alpha[n] = savedAlpha[k];
      x.F[n] = savedF[k];
    });
    return false;
  }

  /**
   * Polishes every server not yet marked in `settled`, marking those that
   * keep it; returns how many did. Far from the limit Newton may fail where
   * it succeeds later, so the alternation calls this after each step once
   * it is close.
   */
  all(users: number[][], settled: Uint8Array): number {
    let kept = 0;
    for (let m = 0; m < users.length; m++) {
      if (settled[m] === 1 || !this.server(users[m], m)) continue;
      settled[m] = 1;
      kept++;
    }
    return kept;
  }
}

/** The compute part of the true objective for one server's senders. */
function serverCost(P: Problem, x: Point, ids: readonly number[]): number {
  let h = 0;
  for (const n of ids) h += x.alpha[n] * A(P, n, x.f[n]) + stability(P, n, x.alpha[n]) + (P.Y - x.alpha[n]) * B(P, n, x.F[n]);
  return h;
}

/**
 * Runs the alternation's compute blocks on each server not yet settled
 * (and whose uplink is solved), alone, until its cost changes by at most
 * `limit`, trying the Newton polish after each step: the same iteration
 * the whole alternation would run for it (servers are independent here)
 * without repeating every other server's work. A server whose alternation
 * crawls (a flat valley of the nonconvex alpha-F coupling) is thereby
 * finished at the cost of its own handful of users.
 */
export function finishServers(
  P: Problem,
  x: Point,
  polish: ComputePolish,
  aux: Aux,
  users: number[][],
  settled: Uint8Array,
  uplinkSolved: Uint8Array,
  lambdas: Multipliers,
  limit: number,
  maxSteps: number,
): void {
  for (let m = 0; m < users.length; m++) {
    const ids = users[m];
    if (ids.length === 0 || settled[m] === 1 || uplinkSolved[m] !== 1) continue;
    let h = serverCost(P, x, ids);
    for (let step = 0; step < maxSteps; step++) {
      computeStepForServer(P, x, aux, ids, m, lambdas);
      const next = serverCost(P, x, ids);
      const change = Math.abs(next - h);
      h = next;
      if (polish.server(ids, m)) {
        settled[m] = 1;
        break;
      }
      if (!(change > limit)) break;
    }
  }
}
