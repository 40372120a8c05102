import { solveDeviceFreq } from './fixed-association-p4.js';
import type { Point, Problem } from './fixed-association-problem.js';
import type { Decision, Snapshot } from './types.js';

/**
 * The starting point of the fixed-association solver: a warm start's alpha,
 * powers and shares where they fit the association, even shares otherwise,
 * made to add up to each server's budgets.
 */

/** What the starting point reads of the solver's options. */
export interface StartOptions {
  warmStart?: Decision;
  fixedAlpha?: readonly number[];
  localOnlyUsers?: readonly number[];
}

export function startingPoint(P: Problem, snapshot: Snapshot, options: StartOptions): Point {
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
    x.alpha[n] = options.fixedAlpha?.[n] ?? (held(options, n) ? P.Y : clamp(w?.alpha ?? (1 + P.Y) / 2, P.alphaLo[n], P.alphaHi[n]));
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

function held(options: StartOptions, n: number): boolean {
  return options.localOnlyUsers?.includes(n) ?? false;
}

export function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function positiveOr(v: number | undefined, fallback: number): number {
  return v !== undefined && v > 0 && Number.isFinite(v) ? v : fallback;
}

/** Makes each server's shares add up to its budget (a warm start may not). */
export function normaliseShares(P: Problem, x: Point, users: number[][]): void {
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
