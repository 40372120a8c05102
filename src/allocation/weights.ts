import { candidateAt, candidateCount, candidateGainAt } from './candidates.js';
import { evaluate } from './objective.js';
import type { Decision, Snapshot, Weights } from './types.js';

/**
 * Weight normalisation (docs/model.md, "Weights"; the paper sets its weights
 * "to 1 after normalisation" without saying how). Delay, energy and
 * stability have different units and magnitudes, so a raw weight is divided
 * by a reference scale of its term, measured on a fixed reference
 * allocation of the same snapshot:
 *
 * - every user on its strongest-gain server, alpha = 1,
 * - full transmit power and full device frequency,
 * - each server's bandwidth and GPU frequency split equally among its users.
 *
 * scale_time is the total compute delay of that allocation (plus its total
 * uplink airtime when the snapshot puts airtime in the objective),
 * scale_energy its total energy and scale_stability its total stability
 * bound; the normalised weight is raw / scale. With raw weights (1, 1, 1)
 * each term of the reference allocation then contributes 1, which is what
 * "equal priority" means here. The scales depend on the snapshot only, never
 * on the decision being judged.
 */
export function normaliseWeights(snapshot: Snapshot, raw: Weights): Weights {
  const scales = referenceScales(snapshot);
  return {
    time: raw.time / scales.time,
    energy: raw.energy / scales.energy,
    stability: raw.stability / scales.stability,
  };
}

/** A reference scale that is 0 or not finite: the weights cannot be normalised. */
export class WeightScaleError extends RangeError {}

/** The reference scales of `normaliseWeights`. */
export function referenceScales(snapshot: Snapshot): Weights {
  const totals = evaluate(snapshot, referenceAllocation(snapshot)).totals;
  const scales = {
    time: totals.computeDelayS + (snapshot.includeAirtime ? totals.airtimeS : 0),
    energy: totals.energyJ,
    stability: totals.stability,
  };
  for (const [term, value] of Object.entries(scales)) {
    if (!(value > 0 && Number.isFinite(value))) {
      throw new WeightScaleError(`the reference allocation's ${term} scale is ${value}; weights cannot be normalised`);
    }
  }
  return scales;
}

/** Index of user n's strongest-gain server (the lowest index on ties). */
export function strongestServer(snapshot: Snapshot, n: number): number {
  // Candidates come in ascending order, so the first maximum is the lowest index.
  let best = candidateAt(snapshot, n, 0);
  let bestGain = candidateGainAt(snapshot, n, 0);
  const count = candidateCount(snapshot, n);
  for (let j = 1; j < count; j++) {
    const g = candidateGainAt(snapshot, n, j);
    if (g > bestGain) {
      bestGain = g;
      best = candidateAt(snapshot, n, j);
    }
  }
  return best;
}

/** The fixed reference allocation described at `normaliseWeights`. */
export function referenceAllocation(snapshot: Snapshot): Decision {
  const server = snapshot.users.map((_, n) => strongestServer(snapshot, n));
  const count = new Array<number>(snapshot.servers.length).fill(0);
  for (const m of server) count[m]++;
  return {
    users: snapshot.users.map((u, n) => {
      const s = snapshot.servers[server[n]];
      return {
        alpha: 1,
        server: server[n],
        txPowerW: u.maxTxPowerW,
        bandwidthHz: s.bandwidthHz / count[server[n]],
        freqHz: u.maxFreqHz,
        serverFreqHz: s.maxFreqHz / count[server[n]],
      };
    }),
  };
}
