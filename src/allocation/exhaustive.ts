import { gainOf } from './candidates.js';
import { uplinkRateBps } from '../radio/fdma-rate.js';
import { bestDeviceFreq, bestPower, shareBandExact, shareGpuExact } from './blocks.js';
import { DEFAULT_FLOOR_FRACTION, solveFixedAssociation } from './fixed-association.js';
import { airtimeWeight, deviceTerms, edgeTerms, evaluate, perLayer, stabilityTerm, uplinkWeight } from './objective.js';
import type { AllocatorOptions } from './outer-loop.js';
import { alphaBounds, siteMemoryBytes } from './split-limits.js';
import type { Allocator, Decision, Snapshot } from './types.js';

/**
 * The exact optimum of the paper's problem P2 for tiny instances, by
 * enumeration (docs/model.md, "Exhaustive search"): every integer split in
 * {1..Y} for every user and every association, with the continuous part
 * solved exactly for each. A user at alpha = Y trains on its device alone:
 * it sends nothing and holds no share of its server.
 *
 * With alpha and the association fixed the problem separates by server, and
 * within a server the device frequencies (closed form), the uplink (powers
 * and bandwidths; it does not depend on alpha) and the GPU shares (one
 * multiplier) are independent blocks, each convex and solved exactly. So the
 * cost of "the users S on server m" is computed once per (m, S) by trying
 * every split of S, and the best association is assembled from these by
 * dynamic programming over subsets, which visits every association exactly
 * as a plain enumeration would. That is M·(Y+1)^N split evaluations in all
 * (M·Y^N when w_s > 0, where alpha = Y has an infinite cost and is skipped);
 * larger instances are refused.
 *
 * The uplink block is exact for the paper's objective (power at its floor,
 * then a convex bandwidth split). With airtime in the objective the powers
 * and bandwidths are found by exact block descent over the two, a
 * stationary point of that block.
 */

export const DEFAULT_EXHAUSTIVE_LIMIT = 2_000_000;

export interface ExhaustiveResult {
  decision: Decision;
  objective: number;
  /** Split evaluations made (M·(Y+1)^N, or M·Y^N when w_s > 0). */
  evaluations: number;
}

/**
 * The largest split each user can take: Y where its stability term is 0
 * (w_s = 0), else Y − 1, since alpha = Y has an infinite stability bound.
 */
function largestSplits(snapshot: Snapshot): number[] {
  return snapshot.users.map((_, n) => Math.min(alphaBounds(snapshot, n).hi, deviceTerms(snapshot, n).stab === 0 ? snapshot.layers : snapshot.layers - 1));
}

/** The number of split evaluations `exhaustiveSearch` needs: M·Π(1 + largest split) (Σ over subsets S of Π over S of the splits, per server). */
export function exhaustiveEvaluations(snapshot: Snapshot): number {
  return snapshot.servers.length * largestSplits(snapshot).reduce((a, c) => a * (1 + c), 1);
}

export function exhaustiveSearch(snapshot: Snapshot, options: AllocatorOptions = {}): ExhaustiveResult {
  const N = snapshot.users.length;
  const M = snapshot.servers.length;
  const Y = snapshot.layers;
  const limit = options.exhaustiveLimit ?? DEFAULT_EXHAUSTIVE_LIMIT;
  const evaluations = exhaustiveEvaluations(snapshot);
  const largest = largestSplits(snapshot);
  if (!(evaluations <= limit) || N > 20) {
    const factors = largest.every((c) => c === largest[0]) ? `${largest[0] + 1}^${N}` : `Π(1 + largest split)`;
    throw new RangeError(
      `exhaustive search would need ${M}·${factors} = ${evaluations.toExponential(2)} split evaluations, above its limit of ${limit.toExponential(2)}; ` +
        'it is meant for tiny instances (for example 6 users, 3 servers, 8 layers); use proposed or milp-assoc instead',
    );
  }
  const floor = options.floorFraction ?? DEFAULT_FLOOR_FRACTION;
  const tAir = airtimeWeight(snapshot);
  const dev = snapshot.users.map((_, n) => deviceTerms(snapshot, n));
  const f = Float64Array.from(snapshot.users, (_, n) => bestDeviceFreq(snapshot, n, floor));
  const devicePerLayer = Float64Array.from(dev, (d, n) => perLayer(d.aU, d.bU, f[n]));
  const subsets = 1 << N;
  // cost[m][S] and the best split of S on m (alpha per user, by bit order).
  const cost: Float64Array[] = [];
  const bestAlpha: Int32Array[][] = [];
  const aE = new Float64Array(N);
  const bE = new Float64Array(N);
  const snr = new Float64Array(N);
  const k = new Float64Array(N);
  const F = new Float64Array(N);
  const p = new Float64Array(N);
  const b = new Float64Array(N);
  const weight = new Float64Array(N);
  for (let m = 0; m < M; m++) {
    const s = snapshot.servers[m];
    const costM = new Float64Array(subsets);
    const alphaM: Int32Array[] = [new Int32Array(0)];
    for (let n = 0; n < N; n++) {
      const e = edgeTerms(snapshot, n, m);
      aE[n] = e.aE;
      bE[n] = e.bE;
      snr[n] = gainOf(snapshot, n, m) / snapshot.noiseWPerHz;
    }
    // The uplink cost of every set of senders first: a user at alpha = Y
    // sends nothing, so a split's uplink cost is that of its senders.
    const uplinkM = new Float64Array(subsets);
    for (let S = 1; S < subsets; S++) {
      const ids: number[] = [];
      for (let n = 0; n < N; n++) if (S & (1 << n)) ids.push(n);
      uplinkM[S] = uplinkCost(snapshot, ids, m, snr, p, b, weight, floor, tAir);
    }
    for (let S = 1; S < subsets; S++) {
      const ids: number[] = [];
      for (let n = 0; n < N; n++) if (S & (1 << n)) ids.push(n);
      // Odometer over the splits of the users of S, each in 1..Y (constraint 9a;
      // Y only where it is finite).
      // Each user from its privacy floor (1 in the paper) up; a split whose
      // site memory (docs/device-limits.md) overflows is skipped.
      const smallest = ids.map((n) => alphaBounds(snapshot, n).lo);
      const split = Int32Array.from(smallest);
      const memoryCap = s.memoryBytes;
      let best = Infinity;
      let bestSplit = split.slice();
      const senders: number[] = [];
      for (;;) {
        let c = 0;
        let sendMask = 0;
        const fits = memoryCap === undefined || siteMemoryBytes(snapshot, ids, split) <= memoryCap;
        senders.length = 0;
        ids.forEach((n, i) => {
          k[n] = Y - split[i];
          c += split[i] * devicePerLayer[n] + stabilityTerm(dev[n].stab, split[i], Y);
          if (k[n] > 0) {
            senders.push(n);
            sendMask |= 1 << n;
          }
        });
        shareGpuExact(senders, s.maxFreqHz, k, aE, bE, F);
        for (const n of senders) c += k[n] * perLayer(aE[n], bE[n], F[n]);
        c += uplinkM[sendMask];
        if (fits && c < best) {
          best = c;
          bestSplit = split.slice();
        }
        let i = 0;
        while (i < ids.length && split[i] >= largest[ids[i]]) {
          split[i] = smallest[i];
          i++;
        }
        if (i === ids.length) break;
        split[i]++;
      }
      costM[S] = best;
      alphaM.push(bestSplit);
    }
    cost.push(costM);
    bestAlpha.push(alphaM);
  }
  // table[j][T]: least cost of placing the users of T on servers 0..j.
  const table: Float64Array[] = [];
  const choice: Int32Array[] = [];
  for (let j = 0; j < M; j++) {
    const t = new Float64Array(subsets).fill(Infinity);
    const c = new Int32Array(subsets);
    for (let T = 0; T < subsets; T++) {
      // S runs over every subset of T (S = T first, the empty set last).
      for (let S = T; ; S = (S - 1) & T) {
        const rest = T ^ S;
        const before = j === 0 ? (rest === 0 ? 0 : Infinity) : table[j - 1][rest];
        const v = before + (S === 0 ? 0 : cost[j][S]);
        if (v < t[T]) {
          t[T] = v;
          c[T] = S;
        }
        if (S === 0) break;
      }
    }
    table.push(t);
    choice.push(c);
  }
  if (!Number.isFinite(table[M - 1][subsets - 1]) && snapshot.servers.some((s) => s.memoryBytes !== undefined)) {
    throw new RangeError("no association and split fit the sites' memory");
  }
  const association = new Array<number>(N).fill(0);
  const alpha = new Array<number>(N).fill(1);
  let T = subsets - 1;
  for (let j = M - 1; j >= 0; j--) {
    const S = choice[j][T];
    const split = bestAlpha[j][S];
    let i = 0;
    for (let n = 0; n < N; n++) {
      if (S & (1 << n)) {
        association[n] = j;
        alpha[n] = split[i++];
      }
    }
    T ^= S;
  }
  // The continuous part at the optimum, by the exact solver with alpha held.
  const r = solveFixedAssociation(snapshot, association, { ...options, fixedAlpha: alpha, warmStart: undefined });
  return { decision: r.decision, objective: evaluate(snapshot, r.decision).totals.total, evaluations };
}

/** The least uplink cost Σ s(w_e p + t)/r of the users `ids` on server m. */
function uplinkCost(
  snapshot: Snapshot,
  ids: number[],
  m: number,
  snr: Float64Array,
  p: Float64Array,
  b: Float64Array,
  weight: Float64Array,
  floor: number,
  tAir: number,
): number {
  const w = snapshot.weights;
  const s = snapshot.servers[m];
  if (w.energy === 0 && tAir === 0) return 0;
  for (const n of ids) {
    p[n] = snapshot.users[n].maxTxPowerW;
    b[n] = s.bandwidthHz / ids.length;
  }
  const total = (): number => {
    let c = 0;
    for (const n of ids) c += weight[n] / uplinkRateBps(b[n], gainOf(snapshot, n, m), p[n], snapshot.noiseWPerHz);
    return c;
  };
  let h = Infinity;
  for (let sweep = 0; sweep < 10_000; sweep++) {
    for (const n of ids) {
      const u = snapshot.users[n];
      p[n] = bestPower(snr[n], b[n], w.energy, tAir, floor * u.maxTxPowerW, u.maxTxPowerW, p[n]);
      weight[n] = uplinkWeight(u.activationBits, w.energy, p[n], tAir);
    }
    shareBandExact(ids, s.bandwidthHz, weight, snr, p, b);
    const next = total();
    // Without airtime the powers sit at their floor whatever the shares: one sweep is exact.
    if (tAir === 0 || !(h - next > 1e-13 * Math.abs(next))) return next;
    h = next;
  }
  return h;
}

export function exhaustiveAllocator(options: AllocatorOptions = {}): Allocator {
  return {
    name: 'exhaustive',
    decide(snapshot) {
      const r = exhaustiveSearch(snapshot, options);
      return { decision: r.decision, trace: [r.objective] };
    },
  };
}
