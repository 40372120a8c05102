import { solveFixedAssociation } from './fixed-association.js';
import type { AllocatorOptions } from './outer-loop.js';
import { fitSiteMemory } from './split-limits.js';
import type { Allocator } from './types.js';

/**
 * Random association (docs/model.md, section 6): each user joins a server
 * drawn uniformly (stream `alloc/random-assoc/u<n>`); then the
 * fixed-association solver optimises the split and the resources.
 */
export function randomAssocAllocator(options: AllocatorOptions = {}): Allocator {
  return {
    name: 'random-assoc',
    decide(snapshot, context) {
      const M = snapshot.servers.length;
      const association = snapshot.users.map((_, n) => context.streams.stream(`alloc/random-assoc/u${n}`).integer(0, M - 1));
      const r = solveFixedAssociation(snapshot, fitSiteMemory(snapshot, association), { ...options, warmStart: options.warmStart ?? context.previous });
      return { decision: r.decision, trace: [r.objective] };
    },
  };
}
