import { solveFixedAssociation, type FixedAssociationOptions } from './fixed-association.js';
import type { AllocationResult, Allocator, AllocatorContext, Snapshot } from './types.js';
import { strongestServer } from './weights.js';

/**
 * The allocators by name. Each entry builds an allocator from its options;
 * adding one is one new entry. The same object serves `mecsim solve` and
 * every epoch of a simulation.
 */
export const allocators: Record<string, (opts?: FixedAssociationOptions) => Allocator> = {
  'strongest-server': (opts = {}) => strongestServerAllocator(opts),
};

/** Names of the registered allocators, sorted. */
export function allocatorNames(): string[] {
  return Object.keys(allocators).sort();
}

/** The allocator registered under `name`, built with `opts`; an unknown name lists the known ones. */
export function allocatorByName(name: string, opts?: FixedAssociationOptions): Allocator {
  const make = Object.prototype.hasOwnProperty.call(allocators, name) ? allocators[name] : undefined;
  if (make === undefined) {
    throw new RangeError(`unknown allocator '${name}'; expected one of: ${allocatorNames().join(', ')}`);
  }
  return make(opts);
}

/**
 * Each user joins the server with the highest channel gain; then the paper's
 * fixed-association solver sets alpha, powers, bandwidths and frequencies.
 * The previous decision, when the context has one, is the warm start.
 */
export function strongestServerAllocator(opts: FixedAssociationOptions = {}): Allocator {
  return {
    name: 'strongest-server',
    decide(snapshot: Snapshot, context: AllocatorContext): AllocationResult {
      const association = snapshot.users.map((_, n) => strongestServer(snapshot, n));
      const warmStart = opts.warmStart ?? context.previous;
      const r = solveFixedAssociation(snapshot, association, { ...opts, warmStart });
      return { decision: r.decision, trace: [...r.trace, r.objective] };
    },
  };
}
