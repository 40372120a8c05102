import type { Snapshot } from './types.js';

/**
 * The battery weight of `proposed` (ours, docs/device-limits.md): a phone's
 * joules get dearer as its battery empties,
 *
 *   w_e,n = w_e · (1 + beta · (1 − remaining_n / usable_n)),
 *
 * with remaining_n the energy above the reserve and usable_n the energy
 * between full and the reserve. It weighs the phone's compute energy only:
 * scaling the phone's kappa by the factor multiplies exactly that term of
 * the objective (w_e·alpha·kappa·psi·f²/(C·D)) and nothing else, so every
 * block of the paper's solver takes it unchanged. The uplink's joules keep
 * w_e (a transmit power of tenths of a watt against watts of GPU).
 */
export function batteryWeightFactor(remainingJ: number, usableJ: number, beta: number): number {
  const full = usableJ > 0 ? Math.min(1, Math.max(0, remainingJ / usableJ)) : 1;
  return 1 + beta * (1 - full);
}

/**
 * The snapshot the solver sees with the battery weight: each phone with a
 * battery has its kappa scaled by its factor. The decision is the solver's;
 * what it costs is metered on the real phone.
 */
export function batteryWeighted(snapshot: Snapshot, beta: number): Snapshot {
  return {
    ...snapshot,
    users: snapshot.users.map((u) =>
      u.remainingEnergyJ === undefined || u.usableEnergyJ === undefined
        ? u
        : { ...u, kappa: u.kappa * batteryWeightFactor(u.remainingEnergyJ, u.usableEnergyJ, beta) },
    ),
  };
}
