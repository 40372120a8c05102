import { gainOf } from './candidates.js';
import { bestDeviceFreq, bestIntegerAlpha, bestPower, shareBandExact, shareGpuExact } from './blocks.js';
import { DEFAULT_FLOOR_FRACTION } from './fixed-association.js';
import { airtimeWeight, deviceTerms, edgeTerms, evaluate, perLayer, uplinkWeight } from './objective.js';
import { alternateWithAssociation, cccpStep, type AllocatorOptions, type InnerSolver } from './outer-loop.js';
import { alphaBounds, sendingAlphaMax } from './split-limits.js';
import type { Allocator, Decision, Snapshot } from './types.js';

export interface BlockDescentResult {
  decision: Decision;
  objective: number;
  /** True objective at the start and after each sweep. */
  trace: number[];
  sweeps: number;
}

/**
 * The "commonly used" alternating optimisation (docs/model.md, section 6):
 * block-coordinate descent on the true objective over alpha, the device
 * frequencies, the GPU shares, the powers and the bandwidths, in that order,
 * each block minimised exactly with the others held (`blocks.ts`): integer
 * alpha per user by trying every value, f_n in closed form, each server's
 * GPU and bandwidth by one multiplier, each power by a safeguarded Newton
 * root. Starts from alpha = ceil(Y/2), full power and frequency and equal
 * shares; stops when a sweep lowers the objective by less than the
 * tolerance (relative). No block can raise the objective, so it never does.
 */
export function blockCoordinateDescent(snapshot: Snapshot, association: readonly number[], options: AllocatorOptions = {}): BlockDescentResult {
  const tolerance = options.tolerance ?? 1e-9;
  const maxSweeps = options.maxIterations ?? 10_000;
  const floor = options.floorFraction ?? DEFAULT_FLOOR_FRACTION;
  const N = snapshot.users.length;
  const M = snapshot.servers.length;
  const Y = snapshot.layers;
  const w = snapshot.weights;
  const tAir = airtimeWeight(snapshot);
  const members: number[][] = Array.from({ length: M }, () => []);
  association.forEach((m, n) => members[m].push(n));
  const dev = snapshot.users.map((_, n) => deviceTerms(snapshot, n));
  const edge = association.map((m, n) => edgeTerms(snapshot, n, m));
  const aE = Float64Array.from(edge, (e) => e.aE);
  const bE = Float64Array.from(edge, (e) => e.bE);
  const snr = Float64Array.from(association, (m, n) => gainOf(snapshot, n, m) / snapshot.noiseWPerHz);
  const alpha = Float64Array.from(snapshot.users, (_, n) => Math.min(sendingAlphaMax(snapshot, n), Math.max(alphaBounds(snapshot, n).lo, Math.ceil(Y / 2))));
  const f = Float64Array.from(snapshot.users, (u) => u.maxFreqHz);
  const p = Float64Array.from(snapshot.users, (u) => u.maxTxPowerW);
  const F = Float64Array.from(association, (m) => snapshot.servers[m].maxFreqHz / members[m].length);
  const b = Float64Array.from(association, (m) => snapshot.servers[m].bandwidthHz / members[m].length);
  const k = new Float64Array(N);
  const bandWeight = new Float64Array(N);
  const decision = (): Decision => ({
    users: association.map((m, n) => ({ alpha: alpha[n], server: m, txPowerW: p[n], bandwidthHz: b[n], freqHz: f[n], serverFreqHz: F[n] })),
  });
  let h = evaluate(snapshot, decision()).totals.total;
  const trace = [h];
  let sweeps = 0;
  while (sweeps < maxSweeps) {
    for (let n = 0; n < N; n++) {
      alpha[n] = bestIntegerAlpha(Y, perLayer(dev[n].aU, dev[n].bU, f[n]), perLayer(aE[n], bE[n], F[n]), dev[n].stab, alphaBounds(snapshot, n).lo, sendingAlphaMax(snapshot, n));
    }
    for (let n = 0; n < N; n++) f[n] = bestDeviceFreq(snapshot, n, floor);
    for (let n = 0; n < N; n++) k[n] = Y - alpha[n];
    for (let m = 0; m < M; m++) shareGpuExact(members[m], snapshot.servers[m].maxFreqHz, k, aE, bE, F);
    for (let n = 0; n < N; n++) {
      const u = snapshot.users[n];
      p[n] = bestPower(snr[n], b[n], w.energy, tAir, floor * u.maxTxPowerW, u.maxTxPowerW, p[n]);
      bandWeight[n] = uplinkWeight(u.activationBits, w.energy, p[n], tAir);
    }
    for (let m = 0; m < M; m++) shareBandExact(members[m], snapshot.servers[m].bandwidthHz, bandWeight, snr, p, b);
    sweeps++;
    const next = evaluate(snapshot, decision()).totals.total;
    trace.push(next);
    const gain = h - next;
    h = next;
    if (!(gain > tolerance * Math.abs(h))) break;
  }
  return { decision: decision(), objective: h, trace, sweeps };
}

export function alternatingAllocator(options: AllocatorOptions = {}): Allocator {
  return {
    name: 'alternating',
    decide(snapshot, context) {
      const inner: InnerSolver = (association) => {
        const r = blockCoordinateDescent(snapshot, association, options);
        return { decision: r.decision, objective: r.objective };
      };
      const r = alternateWithAssociation(snapshot, context, inner, cccpStep(context, 'alloc/alternating/cccp-starts', options), options);
      return { decision: r.decision, trace: r.trace };
    },
  };
}
