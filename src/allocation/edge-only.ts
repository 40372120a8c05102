import { alternateWithAssociation, cccpStep, type AllocatorOptions } from './outer-loop.js';
import { fixedAssociationInner } from './proposed.js';
import { alphaBounds } from './split-limits.js';
import type { Allocator } from './types.js';

/**
 * Edge-only training (docs/model.md, section 6): alpha = 1 for every user,
 * the least the model allows; powers, shares and frequencies optimised and
 * users associated as by the proposed algorithm.
 */
export function edgeOnlyAllocator(options: AllocatorOptions = {}): Allocator {
  return {
    name: 'edge-only',
    decide(snapshot, context) {
      // The least split each user's limits allow (1 in the paper).
      const alpha = snapshot.users.map((_, n) => alphaBounds(snapshot, n).lo);
      const r = alternateWithAssociation(snapshot, context, fixedAssociationInner(snapshot, options, alpha), cccpStep(context, 'alloc/edge-only/cccp-starts', options), options);
      return { decision: r.decision, trace: r.trace };
    },
  };
}
