import { alternateWithAssociation, milpStep, type AllocatorOptions } from './outer-loop.js';
import { fixedAssociationInner } from './proposed.js';
import type { Allocator } from './types.js';

/**
 * The reference association: the proposed algorithm with its association
 * step's linear problem solved exactly as a MILP by HiGHS instead of by the
 * penalty and concave-convex procedure. For instances small enough to solve.
 */
export function milpAssocAllocator(options: AllocatorOptions = {}): Allocator {
  return {
    name: 'milp-assoc',
    decide(snapshot, context) {
      const r = alternateWithAssociation(snapshot, context, fixedAssociationInner(snapshot, options), milpStep(options), options);
      return { decision: r.decision, trace: r.trace };
    },
  };
}
