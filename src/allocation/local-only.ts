import { solveFixedAssociation } from './fixed-association.js';
import type { AllocatorOptions } from './outer-loop.js';
import { initialAssociation } from './outer-loop.js';
import { alphaBounds, fitSiteMemory } from './split-limits.js';
import type { Allocator } from './types.js';

/**
 * Local-only training (docs/model.md, section 6): alpha = Y, the device
 * trains every layer and sends nothing; its frequency is optimised. The
 * stability bound is infinite, so the objective is too whenever w_s > 0:
 * compare its energy and delay, not its objective. The association is
 * moot (no share is held); users are recorded on their strongest server.
 */
export function localOnlyAllocator(options: AllocatorOptions = {}): Allocator {
  return {
    name: 'local-only',
    decide(snapshot, context) {
      // A phone whose memory holds fewer than Y layers trains as many as it holds and sends the rest.
      const alpha = snapshot.users.map((_, n) => alphaBounds(snapshot, n).hi);
      const association = fitSiteMemory(snapshot, initialAssociation(snapshot, undefined));
      const r = solveFixedAssociation(snapshot, association, { ...options, warmStart: context.previous, fixedAlpha: alpha });
      return { decision: r.decision, trace: [r.objective] };
    },
  };
}
