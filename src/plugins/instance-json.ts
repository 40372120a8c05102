import type { Snapshot } from '../allocation/types.js';

/**
 * The instance in the shape of the reference vectors: enough to recompute
 * the objective without mecsim. `mecsim solve --json` writes it as
 * `instance`, and an external policy receives it as `snapshot`, so a
 * policy can be developed against saved solve output.
 */
export function instanceJson(s: Snapshot): object {
  return {
    layers: s.layers,
    batch: s.batch,
    hidden: s.hidden,
    bitsPerValue: s.bitsPerValue,
    lipschitz: s.lipschitz,
    noiseWPerHz: s.noiseWPerHz,
    weights: s.weights,
    includeAirtime: s.includeAirtime,
    users: s.users.map((u, n) => ({ ...u, gains: s.gains[n] })),
    servers: s.servers,
  };
}
