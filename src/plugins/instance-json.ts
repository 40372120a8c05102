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
    // At scale the gains are sparse: each user lists its candidate servers and the gains to those.
    users: s.users.map((u, n) =>
      s.candidates === undefined ? { ...u, gains: s.gains[n] } : { ...u, candidateServers: s.candidates.servers[n], candidateGains: s.candidates.gains[n] },
    ),
    servers: s.servers,
  };
}
