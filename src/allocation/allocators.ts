import type { z } from 'zod';
import { DEFAULT_FLOOR_FRACTION, solveFixedAssociation } from './fixed-association.js';
import { alphaOnlyAllocator } from './alpha-only.js';
import { alternatingAllocator } from './alternating.js';
import { edgeOnlyAllocator } from './edge-only.js';
import { exhaustiveAllocator } from './exhaustive.js';
import { greedyAssocAllocator } from './greedy-assoc.js';
import { localOnlyAllocator } from './local-only.js';
import { milpAssocAllocator } from './milp-assoc.js';
import { cccp, inner, type OptionName, optionSchema, outer } from './option-fields.js';
import type { AllocatorOptions } from './outer-loop.js';
import { proposedAllocator } from './proposed.js';
import { randomAssocAllocator } from './random-assoc.js';
import { resourceOnlyAllocator } from './resource-only.js';
import { fitSiteMemory } from './split-limits.js';
import type { AllocationResult, Allocator, AllocatorContext, Snapshot } from './types.js';
import { strongestServer } from './weights.js';

export type { AllocatorOptions } from './outer-loop.js';

/** An allocator as the registry holds it: the options it accepts (its schema), a factory, and a line for help and docs. */
export interface AllocatorEntry {
  readonly description: string;
  /** The options it accepts (option-fields.ts), every one optional, unknown keys refused. */
  readonly schema: z.ZodObject;
  /** A new allocator from solver options that `schema` has checked (parseAllocatorOptions). */
  create(opts?: AllocatorOptions): Allocator;
}

/** An entry whose allocator keeps the transmit-power floor (`noFloor`: its powers are its own). */
function entry(description: string, options: readonly OptionName[], make: (opts: AllocatorOptions) => Allocator, noFloor = false): AllocatorEntry {
  return { description, schema: optionSchema(options), create: (opts = {}) => (noFloor ? make(opts) : withFloor(make(opts), opts)) };
}

const all = [...inner, ...outer, ...cccp];

/**
 * The allocators by name; adding one is one new file and one line here: the
 * option checks, `--allocator` choices, sweeps, the docs table
 * (test/docs/model-tables.test.ts) and the tests over every allocator read
 * this map. The same object serves `mecsim solve` and every epoch of a
 * simulation. Importing this module loads the LP solver (HiGHS) once, so
 * `decide` is ready to call (src/allocation/lp-solver.ts).
 */
export const allocators: Record<string, AllocatorEntry> = {
  proposed: entry('the paper\'s method: CCCP association alternating with the fixed-association solver', [...all, 'batteryEnergyWeight'], proposedAllocator),
  'milp-assoc': entry('association as an exact MILP, alternating with the fixed-association solver', [...inner, ...outer], milpAssocAllocator),
  'strongest-server': entry('each user on its highest-gain server; split and resources optimised', inner, strongestServerAllocator),
  'local-only': entry('every layer on the device; nothing sent', inner, localOnlyAllocator),
  'edge-only': entry('every layer but the first on a server; resources optimised', all, edgeOnlyAllocator),
  alternating: entry('block-coordinate descent on the true objective over split, frequencies, powers and bandwidths', all, alternatingAllocator),
  // Its powers are drawn uniform in (0, max] (docs/model.md, section 6): no floor.
  'alpha-only': entry('optimal split with random powers, frequencies and shares', [...outer, ...cccp], alphaOnlyAllocator, true),
  'resource-only': entry('random split with optimised resources', all, resourceOnlyAllocator),
  'greedy-assoc': entry('users in random order join the server with the best rate; then optimised', inner, greedyAssocAllocator),
  'random-assoc': entry('a uniform server per user; then optimised', inner, randomAssocAllocator),
  exhaustive: entry('every split and association (small instances only): the exact optimum', ['txPowerFloorFraction', 'exhaustiveLimit'], exhaustiveAllocator),
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
  const found = Object.prototype.hasOwnProperty.call(allocators, name) ? allocators[name] : undefined;
  if (found === undefined) {
    throw new RangeError(`unknown allocator '${name}'; expected one of: ${allocatorNames().join(', ')}`);
  }
  return found.create(opts);
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
      const association = fitSiteMemory(snapshot, snapshot.users.map((_, n) => strongestServer(snapshot, n)));
      const warmStart = opts.warmStart ?? context.previous;
      const r = solveFixedAssociation(snapshot, association, { ...opts, warmStart });
      return { decision: r.decision, trace: [...r.trace, r.objective] };
    },
  };
}
