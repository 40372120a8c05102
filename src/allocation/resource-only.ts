import { alternateWithAssociation, cccpStep, type AllocatorOptions } from './outer-loop.js';
import { fixedAssociationInner } from './proposed.js';
import { alphaBounds, sendingAlphaMax } from './split-limits.js';
import type { Allocator } from './types.js';

/**
 * Resources optimised, split at random (docs/model.md, section 6): each
 * user's alpha is drawn uniformly from {1..Y−1} (stream
 * `alloc/resource-only/u<n>`), then held while the fixed-association solver
 * and the proposed association step optimise everything else.
 */
export function resourceOnlyAllocator(options: AllocatorOptions = {}): Allocator {
  return {
    name: 'resource-only',
    decide(snapshot, context) {
      const alpha = snapshot.users.map((_, n) =>
        context.streams.stream(`alloc/resource-only/u${n}`).integer(alphaBounds(snapshot, n).lo, sendingAlphaMax(snapshot, n)),
      );
      const r = alternateWithAssociation(snapshot, context, fixedAssociationInner(snapshot, options, alpha), cccpStep(context, 'alloc/resource-only/cccp-starts', options), options);
      return { decision: r.decision, trace: r.trace };
    },
  };
}
