import { DEFAULT_FLOOR_FRACTION, solveFixedAssociation } from './fixed-association.js';
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
  proposed: (opts = {}) => withFloor(proposedAllocator(opts), opts),
  'milp-assoc': (opts = {}) => withFloor(milpAssocAllocator(opts), opts),
  'strongest-server': (opts = {}) => withFloor(strongestServerAllocator(opts), opts),
  'local-only': (opts = {}) => withFloor(localOnlyAllocator(opts), opts),
  'edge-only': (opts = {}) => withFloor(edgeOnlyAllocator(opts), opts),
  alternating: (opts = {}) => withFloor(alternatingAllocator(opts), opts),
  // Its powers are drawn uniform in (0, max] (docs/model.md, section 6): no floor.
  'alpha-only': (opts = {}) => alphaOnlyAllocator(opts),
  'resource-only': (opts = {}) => withFloor(resourceOnlyAllocator(opts), opts),
  'greedy-assoc': (opts = {}) => withFloor(greedyAssocAllocator(opts), opts),
  'random-assoc': (opts = {}) => withFloor(randomAssocAllocator(opts), opts),
  exhaustive: (opts = {}) => withFloor(exhaustiveAllocator(opts), opts),
};

/** The allocator, declaring the power floor it keeps to (checked on every call of a run). */
function withFloor(allocator: Allocator, opts: AllocatorOptions): Allocator {
  return { ...allocator, txPowerFloorFraction: opts.floorFraction ?? DEFAULT_FLOOR_FRACTION };
}

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
