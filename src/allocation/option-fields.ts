import { z } from 'zod';

/**
 * The settings of the allocators a user may change (topology
 * `simulation.allocatorOptions`, command line `--allocator-option
 * key=value`), each with its unit and default; docs/scenarios.md lists them.
 * Each allocator accepts those that concern it, checked by its own schema:
 * an option it does not use is an error, not silently ignored.
 */
const option = {
  txPowerFloorFraction: z
    .number()
    .gt(0)
    .max(1)
    .describe("least transmit power and device frequency, as a fraction of the user's maximum (default 1e-3); decides the paper preset's uplink energy"),
  tolerance: z.number().min(0).max(0.1).describe('inner solver: stop when the objective changes by less than this, relatively (default 1e-9)'),
  maxIterations: z.number().int().min(1).max(1e6).describe('inner solver: safety net on its iterations (default 10000)'),
  outerTolerance: z.number().min(0).max(0.1).describe('association loop: stop when the objective falls by less than this, relatively (default 1e-4)'),
  maxOuterIterations: z.number().int().min(1).max(1e4).describe('association loop: safety net on its iterations (default 50)'),
  cccpPenalty: z.number().gt(0).finite().describe('CCCP association: the penalty rho on fractional associations (default: scaled to the costs)'),
  cccpPenaltyScale: z.number().gt(0).finite().describe('CCCP association: rho as this times the mean gap between two cheapest servers (default 0.01)'),
  cccpStarts: z.number().int().min(1).max(1000).describe('CCCP association: starting points (default 4)'),
  batteryEnergyWeight: z
    .number()
    .min(0)
    .max(1e3)
    .describe("proposed: beta of the battery weight (ours): a phone's compute energy weighs w_e·(1 + beta·(1 − remaining/usable)); default 0, the paper's objective"),
  exhaustiveLimit: z.number().int().min(1).max(1e9).describe('exhaustive: refuse instances needing more split evaluations (default 2000000)'),
};

export type OptionName = keyof typeof option;

export const inner: OptionName[] = ['txPowerFloorFraction', 'tolerance', 'maxIterations'];
export const outer: OptionName[] = ['outerTolerance', 'maxOuterIterations'];
export const cccp: OptionName[] = ['cccpPenalty', 'cccpPenaltyScale', 'cccpStarts'];

/** The options an allocator takes, every one optional, unknown keys refused: its registry entry's schema. */
export function optionSchema<const K extends OptionName>(keys: readonly K[]) {
  return z.strictObject(Object.fromEntries(keys.map((k) => [k, option[k].optional()])) as Record<K, z.ZodOptional<z.ZodNumber>>);
}

/** The options' descriptions, by name, in the order the docs list them. */
export function optionDescription(name: OptionName): string {
  return option[name].description ?? '';
}

export const optionNames = Object.keys(option) as OptionName[];
