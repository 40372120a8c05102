import { associationCapacity, deviceCost, edgeCost, sendersPerServer } from './association.js';
import { candidateAt, candidateCount } from './candidates.js';
import type { Decision, Snapshot } from './types.js';

/**
 * The association step on a snapshot with candidate servers (a city-sized
 * run): the paper's per-pair costs c_nm and capacities U_m around the
 * decision (association.ts), over each user's candidates only, and one
 * best-response pass in place of the concave-convex procedure, whose LP has
 * a column per (user, server) pair. Users are taken by how much they would
 * save, most first; each moves to its cheapest candidate that still has
 * room. Integral, within the capacities, never worse in linear cost than
 * the association it starts from; not the LP optimum the dense step reaches.
 * The outer loop keeps it only when the re-solved objective is lower.
 */
export function candidateAssociationStep(snapshot: Snapshot, decision: Decision, extraUsers = 1): number[] {
  const N = snapshot.users.length;
  const count = sendersPerServer(snapshot, decision);
  const room = associationCapacity(decision, count, snapshot.layers, extraUsers);
  const current = decision.users.map((d) => d.server);
  for (const m of current) room[m]--;
  const best = new Int32Array(N);
  const saving = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    const d = decision.users[n];
    best[n] = d.server;
    if (d.alpha >= snapshot.layers) continue;
    const device = deviceCost(snapshot, decision, n);
    const here = device + edgeCost(snapshot, decision, count, n, d.server);
    let low = here;
    for (let j = 0; j < candidateCount(snapshot, n); j++) {
      const m = candidateAt(snapshot, n, j);
      const c = device + edgeCost(snapshot, decision, count, n, m);
      if (c < low) {
        low = c;
        best[n] = m;
      }
    }
    saving[n] = here - low;
  }
  const order = Array.from({ length: N }, (_, n) => n).filter((n) => saving[n] > 0);
  order.sort((a, b) => saving[b] - saving[a] || a - b);
  const next = current.slice();
  for (const n of order) {
    const m = best[n];
    if (room[m] <= 0) continue;
    room[m]--;
    room[current[n]]++;
    next[n] = m;
  }
  return next;
}
