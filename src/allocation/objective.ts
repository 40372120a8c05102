import { gainOf } from './candidates.js';
import { flopsPerHz, layersEnergyJ, layersTimeS, psiFlops, stabilityBound, type Processor } from '../llm/cost.js';
import { uplinkRateBps } from '../radio/fdma-rate.js';
import type { Decision, Snapshot, UserParams } from './types.js';

/**
 * The paper's objective (Liu and Zhao, MobiHoc 2024, problem P2; model.md
 * sections 2–4) evaluated for one decision, term by term. Weights are taken
 * from the snapshot as they are (normalise them first with
 * `normaliseWeights`); uplink airtime is always reported and enters the
 * objective only when `snapshot.includeAirtime` is set (model.md 7.3).
 */

/** One user's share of the objective. All per training iteration, SI units. */
export interface UserCost {
  /** FLOPs to train one layer on one batch, psi(d_n). */
  psiFlops: number;
  /** Uplink rate r_nm in bit/s (0 for a user that sends nothing). */
  rateBps: number;
  /** alpha_n · T_n: device compute time (s). */
  localTimeS: number;
  /** alpha_n · E_n: device compute energy (J). */
  localEnergyJ: number;
  /** s_n / r_nm: uplink airtime (s); not part of the paper's objective. */
  airtimeS: number;
  /** s_n · p_n / r_nm: uplink energy (J). */
  txEnergyJ: number;
  /** (Y − alpha_n) · T_nm: edge compute time on the user's GPU share (s). */
  edgeTimeS: number;
  /** (Y − alpha_n) · E_nm: edge compute energy (J). */
  edgeEnergyJ: number;
  /** 2L² / (k_n (1 − alpha_n/Y)); infinite at alpha_n = Y. */
  stabilityBound: number;
  /** This user's weighted cost: its share of `total`. */
  weightedCost: number;
}

export interface ObjectiveTotals {
  /** Device compute + uplink + edge compute energy (J). */
  energyJ: number;
  /** Device + edge compute time, the delay the paper's objective weighs (s). */
  computeDelayS: number;
  /** Sum of the uplink airtimes (s). */
  airtimeS: number;
  /** Sum of the stability bounds. */
  stability: number;
  /** The objective: the three weighted terms added. */
  total: number;
}

export interface ObjectiveBreakdown {
  perUser: UserCost[];
  totals: ObjectiveTotals;
  /** The weighted terms: w_t·(delay [+ airtime]), w_e·energy, w_s·stability. */
  weighted: { time: number; energy: number; stability: number };
}

/** A weight times a term, with 0 · ∞ = 0: a term nobody cares about costs nothing. */
function weigh(weight: number, term: number): number {
  return weight === 0 ? 0 : weight * term;
}

/**
 * The objective of `decision` on `snapshot`, with every per-user term.
 * A user with alpha = Y (local-only) sends nothing: no airtime and no uplink
 * energy, and an infinite stability bound.
 */
export function evaluate(snapshot: Snapshot, decision: Decision): ObjectiveBreakdown {
  const { layers: Y, weights: w } = snapshot;
  const perUser: UserCost[] = [];
  const totals: ObjectiveTotals = { energyJ: 0, computeDelayS: 0, airtimeS: 0, stability: 0, total: 0 };
  const weighted = { time: 0, energy: 0, stability: 0 };
  for (let n = 0; n < snapshot.users.length; n++) {
    const u = snapshot.users[n];
    const x = decision.users[n];
    const srv = snapshot.servers[x.server];
    const psi = layerFlops(snapshot, u);
    const alpha = x.alpha;
    const localTimeS = layersTimeS(alpha, psi, x.freqHz, u);
    const localEnergyJ = layersEnergyJ(alpha, psi, x.freqHz, u);
    const edgeLayers = Y - alpha;
    const sends = edgeLayers > 0;
    const edgeTimeS = sends ? layersTimeS(edgeLayers, psi, x.serverFreqHz, srv) : 0;
    const edgeEnergyJ = sends ? layersEnergyJ(edgeLayers, psi, x.serverFreqHz, srv) : 0;
    const rateBps = sends ? uplinkRateBps(x.bandwidthHz, gainOf(snapshot, n, x.server), x.txPowerW, snapshot.noiseWPerHz) : 0;
    const airtimeS = sends ? u.activationBits / rateBps : 0;
    const txEnergyJ = sends ? (u.activationBits * x.txPowerW) / rateBps : 0;
    const stab = stabilityBound(snapshot.lipschitz, u.samples, alpha, Y);
    const delay = localTimeS + edgeTimeS + (snapshot.includeAirtime ? airtimeS : 0);
    const energy = localEnergyJ + txEnergyJ + edgeEnergyJ;
    const wt = weigh(w.time, delay);
    const we = weigh(w.energy, energy);
    const ws = weigh(w.stability, stab);
    const weightedCost = wt + we + ws;
    perUser.push({ psiFlops: psi, rateBps, localTimeS, localEnergyJ, airtimeS, txEnergyJ, edgeTimeS, edgeEnergyJ, stabilityBound: stab, weightedCost });
    totals.energyJ += energy;
    totals.computeDelayS += localTimeS + edgeTimeS;
    totals.airtimeS += airtimeS;
    totals.stability += stab;
    totals.total += weightedCost;
    weighted.time += wt;
    weighted.energy += we;
    weighted.stability += ws;
  }
  return { perUser, totals, weighted };
}

// ---------------------------------------------------------------------------
// The same costs with the weights folded in, as the solvers use them: per
// layer, user n on server m costs A_n(f) = aU/f + bU·f² on the device and
// B_nm(F) = aE/F + bE·F² at the edge.

/** A_n(f) = aU/f + bU·f² and the stability coefficient of user n, weights folded in. */
export interface DeviceTerms {
  aU: number;
  bU: number;
  /** w_s·2L²/k_n: the weighted stability bound is stab/(1 − alpha/Y). */
  stab: number;
}

export function deviceTerms(snapshot: Snapshot, n: number): DeviceTerms {
  const u = snapshot.users[n];
  const w = snapshot.weights;
  const { a, b } = perLayerCoefficients(snapshot, n, u);
  return { aU: a, bU: b, stab: (w.stability * 2 * snapshot.lipschitz * snapshot.lipschitz) / u.samples };
}

/** B_nm(F) = aE/F + bE·F² of user n on server m, weights folded in. */
export interface EdgeTerms {
  aE: number;
  bE: number;
}

export function edgeTerms(snapshot: Snapshot, n: number, m: number): EdgeTerms {
  const { a, b } = perLayerCoefficients(snapshot, n, snapshot.servers[m]);
  return { aE: a, bE: b };
}

/**
 * w_t·psi/(C·D) and w_e·kappa·psi/(C·D): the weighted per-layer time and
 * energy of user n's layers on `processor` are a/f and b·f² at f Hz.
 */
function perLayerCoefficients(snapshot: Snapshot, n: number, processor: Processor): { a: number; b: number } {
  const w = snapshot.weights;
  const psi = layerFlops(snapshot, snapshot.users[n]);
  const c = flopsPerHz(processor);
  return { a: (w.time * psi) / c, b: (w.energy * processor.kappa * psi) / c };
}

/**
 * FLOPs of one layer of user n's iteration: the paper's psi(d_n) plus what
 * its LoRA adapters add (`loraFlopsPerLayer`, absent in the paper's setting,
 * where the sum is psi exactly). The one place the simulation and every
 * allocator read a layer's work from.
 */
export function layerFlops(llm: Pick<Snapshot, 'batch' | 'hidden'>, user: Pick<UserParams, 'tokens' | 'loraFlopsPerLayer'>): number {
  return psiFlops(llm.batch, user.tokens, llm.hidden) + (user.loraFlopsPerLayer ?? 0);
}

/** a/x + b·x²: the per-layer cost at frequency x from its coefficients. */
export const perLayer = (a: number, b: number, x: number): number => a / x + b * x * x;
/** d/dx of `perLayer`. */
export const perLayerSlope = (a: number, b: number, x: number): number => -a / (x * x) + 2 * b * x;
/** d²/dx² of `perLayer`. */
export const perLayerCurvature = (a: number, b: number, x: number): number => (2 * a) / (x * x * x) + 2 * b;

/** The weight of uplink airtime in the objective: w_t when airtime is counted (model.md 7.3), else 0. */
export function airtimeWeight(snapshot: Snapshot): number {
  return snapshot.includeAirtime ? snapshot.weights.time : 0;
}

/**
 * s·(w_e·p + t) for `bits` s sent at power p, with t the airtime weight:
 * the weighted uplink cost of a user is this over its rate.
 */
export function uplinkWeight(bits: number, we: number, txPowerW: number, tAir: number): number {
  return bits * (we * txPowerW + tAir);
}

/** Weighted stability term of one user; 0 when w_s = 0, ∞ at alpha = Y. */
export function stabilityTerm(stab: number, alpha: number, Y: number): number {
  if (stab === 0) return 0;
  return alpha >= Y ? Infinity : stab / (1 - alpha / Y);
}
