import { solveFixedAssociation } from './fixed-association.js';
import { alphaOnlyAllocator } from './alpha-only.js';
import { alternatingAllocator } from './alternating.js';
import { edgeOnlyAllocator } from './edge-only.js';
import { exhaustiveAllocator } from './exhaustive.js';
import { greedyAssocAllocator } from './greedy-assoc.js';
import { localOnlyAllocator } from './local-only.js';
import { milpAssocAllocator } from './milp-assoc.js';
import type { AllocatorOptions } from './outer-loop.js';
import { proposedAllocator } from './proposed.js';
import { randomAssocAllocator } from './random-assoc.js';
import { resourceOnlyAllocator } from './resource-only.js';
import type { AllocationResult, Allocator, AllocatorContext, Snapshot } from './types.js';
import { strongestServer } from './weights.js';

export type { AllocatorOptions } from './outer-loop.js';

/**
 * The allocators by name. Each entry builds an allocator from its options;
 * adding one is one new entry. The same object serves `mecsim solve` and
 * every epoch of a simulation. Importing this module loads the LP solver
 * (HiGHS) once, so `decide` is ready to call (src/allocation/lp-solver.ts).
 */
export const allocators: Record<string, (opts?: AllocatorOptions) => Allocator> = {
  proposed: (opts = {}) => proposedAllocator(opts),
  'milp-assoc': (opts = {}) => milpAssocAllocator(opts),
  'strongest-server': (opts = {}) => strongestServerAllocator(opts),
  'local-only': (opts = {}) => localOnlyAllocator(opts),
  'edge-only': (opts = {}) => edgeOnlyAllocator(opts),
  alternating: (opts = {}) => alternatingAllocator(opts),
  'alpha-only': (opts = {}) => alphaOnlyAllocator(opts),
  'resource-only': (opts = {}) => resourceOnlyAllocator(opts),
  'greedy-assoc': (opts = {}) => greedyAssocAllocator(opts),
  'random-assoc': (opts = {}) => randomAssocAllocator(opts),
  exhaustive: (opts = {}) => exhaustiveAllocator(opts),
};

/** Names of the registered allocators, sorted. */
export function allocatorNames(): string[] {
  return Object.keys(allocators).sort();
}

/** The allocator registered under `name`, built with `opts`; an unknown name lists the known ones. */
export function allocatorByName(name: string, opts?: AllocatorOptions): Allocator {
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
export function strongestServerAllocator(opts: AllocatorOptions = {}): Allocator {
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
