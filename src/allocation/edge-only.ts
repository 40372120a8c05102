import { alternateWithAssociation, cccpStep, type AllocatorOptions } from './outer-loop.js';
import { fixedAssociationInner } from './proposed.js';
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
      const alpha = snapshot.users.map(() => 1);
      const r = alternateWithAssociation(snapshot, context, fixedAssociationInner(snapshot, options, alpha), cccpStep(context, 'alloc/edge-only/cccp-starts', options), options);
      return { decision: r.decision, trace: r.trace };
    },
  };
}
