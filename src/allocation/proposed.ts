import { batteryWeighted } from './battery-weight.js';
import { solveFixedAssociation } from './fixed-association.js';
import { alternateWithAssociation, cccpStep, type AllocatorOptions, type InnerSolver, type OuterResult } from './outer-loop.js';
import type { Allocator, AllocatorContext, Snapshot } from './types.js';

/**
 * The continuous part for one association, by the paper's fixed-association
 * solver (quadratic transform, P4 solved block by block, integer alpha by
 * rounding and local search); `fixedAlpha` holds the split for baselines.
 */
export function fixedAssociationInner(snapshot: Snapshot, options: AllocatorOptions, fixedAlpha?: readonly number[]): InnerSolver {
  return (association, warmStart) => {
    const r = solveFixedAssociation(snapshot, association, { ...options, warmStart, fixedAlpha: fixedAlpha ?? options.fixedAlpha });
    return { decision: r.decision, objective: r.objective };
  };
}

/**
 * The paper's complete algorithm (Liu and Zhao, MobiHoc 2024, Algorithm 1):
 * the fixed-association solver and the association step (per-pair costs,
 * penalty and concave-convex procedure on HiGHS LPs) in alternation, with
 * the outer trace and iteration count. Starts from `context.previous` when
 * given.
 */
export function solveProposed(snapshot: Snapshot, context: AllocatorContext, options: AllocatorOptions = {}): OuterResult {
  return alternateWithAssociation(snapshot, context, fixedAssociationInner(snapshot, options), cccpStep(context, 'alloc/proposed/cccp-starts', options), options);
}

export function proposedAllocator(options: AllocatorOptions = {}): Allocator {
  return {
    name: 'proposed',
    decide(snapshot, context) {
      const beta = options.batteryEnergyWeight ?? 0;
      const r = solveProposed(beta > 0 ? batteryWeighted(snapshot, beta) : snapshot, context, options);
      return { decision: r.decision, trace: r.trace };
    },
  };
}
