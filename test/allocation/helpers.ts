import { capablePhone, paperInstance } from '../helpers/instances.js';
import type { Snapshot } from '../../src/allocation/types.js';
import { referenceScales } from '../../src/allocation/weights.js';

/**
 * A small instance on which the split is a real trade-off: phones with
 * about 1 TFLOPS against a weak, shared server, weights (as multiples of the
 * reference scales) that let stability hold alpha back. Everyone on one
 * server unless `servers` > 1.
 */
export function tradeoffInstance(o: {
  users: number;
  servers?: number;
  seed?: number;
  includeAirtime?: boolean;
  serverCores?: number;
  time?: number;
  energy?: number;
  stability?: number;
}): Snapshot {
  const base = {
    users: o.users,
    servers: o.servers ?? 1,
    seed: o.seed ?? 3,
    includeAirtime: o.includeAirtime ?? false,
    user: capablePhone,
    server: { cores: o.serverCores ?? 256, flopsPerCycle: 2, maxFreqHz: 1.5e9 },
  };
  const sc = referenceScales(paperInstance(base));
  return paperInstance({
    ...base,
    rawWeights: true,
    weights: { time: (o.time ?? 1) / sc.time, energy: (o.energy ?? 0.05) / sc.energy, stability: (o.stability ?? 0.3) / sc.stability },
  });
}
