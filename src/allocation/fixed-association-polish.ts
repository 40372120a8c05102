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

/**
 * Polishes the alpha and F of every server not yet marked in `settled`,
 * marking those that keep the polish; returns how many did. Far from the
 * limit Newton may fail where it succeeds later, so the alternation calls
 * this after each step once it is close.
 */
export function polishCompute(P: Problem, x: Point, users: number[][], settled: Uint8Array): number {
  if (P.ws === 0) return 0; // alpha's cost is then linear: no curvature to take a Newton step with
  const N = P.N;
  const lo = P.alphaLo;
  const hi = new Float64Array(N);
  for (let n = 0; n < N; n++) hi[n] = P.alphaHiBinds[n] ? P.alphaHi[n] : P.Y * (1 - 1e-12);
  const Y = P.Y;
  const derivatives = (n: number, alpha: number, F: number, d: Float64Array): void => {
    const keep = 1 - alpha / Y;
    const c = P.ws * P.stab[n];
    const slope = perLayerSlope(P.aE[n], P.bE[n], F);
    d[0] = A(P, n, x.f[n]) - B(P, n, F) + c / (Y * keep * keep);
    d[1] = (2 * c) / (Y * Y * keep * keep * keep);
    d[2] = (Y - alpha) * slope;
    d[3] = (Y - alpha) * perLayerCurvature(P.aE[n], P.bE[n], F);
    d[4] = -slope;
  };
  const savedAlpha: number[] = [];
  const savedF: number[] = [];
  let kept = 0;
  for (let m = 0; m < users.length; m++) {
    const ids = users[m];
    if (ids.length === 0 || settled[m] === 1) continue;
    savedAlpha.length = 0;
    savedF.length = 0;
    for (const n of ids) {
      savedAlpha.push(x.alpha[n]);
      savedF.push(x.F[n]);
    }
    const before = serverCost(P, x, ids);
    const lambda = pairShareNewton(ids, P.serverFreq[m], lo, hi, x.alpha, x.F, derivatives);
    if (!(lambda === lambda)) continue;
    if (serverCost(P, x, ids) <= before) {
      kept++;
      settled[m] = 1;
      continue;
    }
    ids.forEach((n, k) => {
      x.alpha[n] = savedAlpha[k];
      x.F[n] = savedF[k];
    });
  }
  return kept;
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
  aux: Aux,
  users: number[][],
  settled: Uint8Array,
  uplinkSolved: Uint8Array,
  lambdas: Multipliers,
  limit: number,
  maxSteps: number,
): void {
  const one = new Uint8Array(users.length);
  for (let m = 0; m < users.length; m++) {
    const ids = users[m];
    if (ids.length === 0 || settled[m] === 1 || uplinkSolved[m] !== 1) continue;
    let h = serverCost(P, x, ids);
    for (let step = 0; step < maxSteps; step++) {
      computeStepForServer(P, x, aux, ids, m, lambdas);
      const next = serverCost(P, x, ids);
      const change = Math.abs(next - h);
      h = next;
      one.fill(1);
      one[m] = 0;
      if (polishCompute(P, x, users, one) > 0) {
        settled[m] = 1;
        break;
      }
      if (!(change > limit)) break;
    }
  }
}
