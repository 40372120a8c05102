import { gainOf } from './candidates.js';
import { rateAtSnrBps } from '../radio/fdma-rate.js';
import { alphaBounds, sendingAlphaMax } from './split-limits.js';
import { airtimeWeight, deviceTerms, edgeTerms, perLayer, uplinkWeight } from './objective.js';
import type { Snapshot } from './types.js';

/**
 * The fixed-association problem as the solver sees it (see
 * fixed-association.ts): every user's costs precomputed with the weights
 * folded in, the continuous variables, and the true objective of a point.
 */

/**
 * Everything about one user that the solver needs, precomputed, with the
 * weights folded in: A(f) = aU/f + bU·f², B(F) = aE/F + bE·F².
 */
export interface Problem {
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
  /** Each user's least alpha (the privacy floor; 1 in the paper). */
  alphaLo: Float64Array;
  /** Each user's largest alpha while it sends: min(alphaMax, Y − 1). */
  alphaHi: Float64Array;
  /** Whether the relaxation's upper end is alphaMax (< Y) rather than the open bound Y. */
  alphaHiBinds: Uint8Array;
}

/** The continuous variables. */
export interface Point {
  alpha: Float64Array;
  f: Float64Array;
  F: Float64Array;
  p: Float64Array;
  b: Float64Array;
}

export function buildProblem(snapshot: Snapshot, association: readonly number[], floor: number): Problem {
  const N = snapshot.users.length;
  const M = snapshot.servers.length;
  const w = snapshot.weights;
  const P: Problem = {
    N,
    Y: snapshot.layers,
    wt: w.time,
    we: w.energy,
    ws: w.stability,
    tAir: airtimeWeight(snapshot),
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
    alphaLo: Float64Array.from(snapshot.users, (_, n) => alphaBounds(snapshot, n).lo),
    alphaHi: Float64Array.from(snapshot.users, (_, n) => sendingAlphaMax(snapshot, n)),
    alphaHiBinds: Uint8Array.from(snapshot.users, (_, n) => (alphaBounds(snapshot, n).hi < snapshot.layers ? 1 : 0)),
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
    P.snrPerW[n] = gainOf(snapshot, n, m) / snapshot.noiseWPerHz;
    P.pMax[n] = u.maxTxPowerW;
    P.pMin[n] = floor * u.maxTxPowerW;
    P.fMax[n] = u.maxFreqHz;
    P.fMin[n] = floor * u.maxFreqHz;
  }
  return P;
}

export function rate(P: Problem, n: number, p: number, b: number): number {
  return rateAtSnrBps(b, (P.snrPerW[n] * p) / b);
}

export const A = (P: Problem, n: number, f: number): number => perLayer(P.aU[n], P.bU[n], f);
export const B = (P: Problem, n: number, F: number): number => perLayer(P.aE[n], P.bE[n], F);
export const stability = (P: Problem, n: number, alpha: number): number =>
  P.ws === 0 ? 0 : alpha >= P.Y ? Infinity : (P.ws * P.stab[n]) / (1 - alpha / P.Y);

/** Whether user n trains any layer at the edge (and so transmits). */
export const sends = (P: Problem, x: Point, n: number): boolean => x.alpha[n] < P.Y;

/** The true objective of a point (alpha may be real). */
export function trueObjective(P: Problem, x: Point): number {
  let h = 0;
  for (let n = 0; n < P.N; n++) h += userObjective(P, x, n);
  return h;
}

function userObjective(P: Problem, x: Point, n: number): number {
  const alpha = x.alpha[n];
  let h = alpha * A(P, n, x.f[n]) + stability(P, n, alpha);
  if (sends(P, x, n)) {
    const r = rate(P, n, x.p[n], x.b[n]);
    h += (P.Y - alpha) * B(P, n, x.F[n]) + uplinkWeight(P.bits[n], P.we, x.p[n], P.tAir) / r;
  }
  return h;
}

/** The transmitting users of each server. */
export function transmitting(P: Problem, x: Point): number[][] {
  const users: number[][] = P.members.map(() => []);
  for (let n = 0; n < P.N; n++) if (sends(P, x, n)) users[P.server[n]].push(n);
  return users;
}
