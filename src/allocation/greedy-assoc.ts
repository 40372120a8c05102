import { candidateAt, candidateCount, candidateGainAt } from './candidates.js';
import { uplinkRateBps } from '../radio/fdma-rate.js';
import { solveFixedAssociation } from './fixed-association.js';
import type { AllocatorOptions } from './outer-loop.js';
import { fitSiteMemory } from './split-limits.js';
import type { Allocator, Snapshot } from './types.js';
import type { Stream } from '../engine/random.js';

/**
 * Greedy association (docs/model.md, section 6): users in a random order
 * (stream `alloc/greedy-assoc/order`) each join the server offering the
 * highest uplink rate at full power and the equal share of bandwidth it
 * would get there (b^max over the users already there plus itself); then
 * the fixed-association solver optimises the split and the resources.
 */
export function greedyAssociation(snapshot: Snapshot, order: Stream): number[] {
  const M = snapshot.servers.length;
  const held = new Array<number>(M).fill(0);
  const association = new Array<number>(snapshot.users.length).fill(0);
  for (const n of order.shuffle(snapshot.users.map((_, n) => n))) {
    let best = 0;
    let bestRate = -Infinity;
    const count = candidateCount(snapshot, n);
    for (let j = 0; j < count; j++) {
      const m = candidateAt(snapshot, n, j);
      const rate = uplinkRateBps(snapshot.servers[m].bandwidthHz / (held[m] + 1), candidateGainAt(snapshot, n, j), snapshot.users[n].maxTxPowerW, snapshot.noiseWPerHz);
      if (rate > bestRate) {
        bestRate = rate;
        best = m;
      }
    }
    association[n] = best;
    held[best]++;
  }
  return association;
}

export function greedyAssocAllocator(options: AllocatorOptions = {}): Allocator {
  return {
    name: 'greedy-assoc',
    decide(snapshot, context) {
      const association = greedyAssociation(snapshot, context.streams.stream('alloc/greedy-assoc/order'));
      const r = solveFixedAssociation(snapshot, fitSiteMemory(snapshot, association), { ...options, warmStart: options.warmStart ?? context.previous });
      return { decision: r.decision, trace: [r.objective] };
    },
  };
}
