import { trueFreqMarginal } from './fixed-association-p4.js';
import { A, B, stability, type Point, type Problem } from './fixed-association-problem.js';
import { shareOutByDerivative } from './roots.js';

/**
 * Moves single users' alpha by ±1 while that lowers the true objective. With
 * alpha fixed the rest of the problem is convex and only the GPU shares of
 * the user's server depend on alpha (powers, bandwidths and device
 * frequencies do not), so each trial re-solves that server's shares exactly.
 */
export function integerLocalSearch(P: Problem, x: Point, users: number[][], lambdas: Float64Array): void {
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
        if (cand < P.alphaLo[n] || cand > P.alphaHi[n]) continue;
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
