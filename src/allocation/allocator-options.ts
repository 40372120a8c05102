import { InputError } from '../engine/input-error.js';
import { allocators } from './allocators.js';
import { type OptionName, optionDescription, optionNames, optionSchema } from './option-fields.js';
import type { AllocatorOptions } from './outer-loop.js';

/*
 * The settings of the allocators a user may change (topology
 * `simulation.allocatorOptions`, command line `--allocator-option
 * key=value`) are in option-fields.ts; each allocator's registry entry
 * (allocators.ts) declares those it accepts, as its schema.
 */

/** The option names an allocator accepts, in its schema's order; none for an unknown name. */
function acceptedBy(allocator: string): OptionName[] {
  const entry = Object.prototype.hasOwnProperty.call(allocators, allocator) ? allocators[allocator] : undefined;
  return entry === undefined ? [] : (Object.keys(entry.schema.shape) as OptionName[]);
}

/** The option schema of an allocator (every option optional, unknown keys refused). */
export function allocatorOptionSchema(allocator: string) {
  return optionSchema(acceptedBy(allocator));
}

/** Names and descriptions of every option, for help texts and docs. */
export function allocatorOptionDescriptions(): Array<{ name: string; description: string; allocators: string[] }> {
  return optionNames.map((name) => ({
    name,
    description: optionDescription(name),
    allocators: Object.keys(allocators).filter((a) => acceptedBy(a).includes(name)),
  }));
}

/**
 * Checks `raw` against the allocator's schema and turns it into the solver
 * options. An unknown or misplaced key is an InputError naming it and the
 * valid keys; `field` is where the options came from (e.g.
 * `simulation.allocatorOptions` or `--allocator-option`).
 */
export function parseAllocatorOptions(allocator: string, raw: Readonly<Record<string, unknown>> | undefined, source: string | undefined, field: string): AllocatorOptions {
  if (raw === undefined || Object.keys(raw).length === 0) return {};
  const valid = acceptedBy(allocator);
  for (const key of Object.keys(raw)) {
    if (!(valid as string[]).includes(key)) {
      const list = valid.length === 0 ? 'it takes no option' : `valid options: ${valid.join(', ')}`;
      throw new InputError(source, `${field}.${key}`, `allocator '${allocator}' has no option "${key}"; ${list}`);
    }
  }
  const parsed = allocatorOptionSchema(allocator).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(source, `${field}.${issue.path.join('.')}`, issue.message);
  }
  const o = parsed.data as Partial<Record<OptionName, number>>;
  const out: AllocatorOptions = {};
  if (o.txPowerFloorFraction !== undefined) out.floorFraction = o.txPowerFloorFraction;
  if (o.tolerance !== undefined) out.tolerance = o.tolerance;
  if (o.maxIterations !== undefined) out.maxIterations = o.maxIterations;
  if (o.outerTolerance !== undefined) out.outerTolerance = o.outerTolerance;
  if (o.maxOuterIterations !== undefined) out.maxOuterIterations = o.maxOuterIterations;
  if (o.exhaustiveLimit !== undefined) out.exhaustiveLimit = o.exhaustiveLimit;
  if (o.batteryEnergyWeight !== undefined) out.batteryEnergyWeight = o.batteryEnergyWeight;
  if (o.cccpPenalty !== undefined || o.cccpPenaltyScale !== undefined || o.cccpStarts !== undefined) {
    out.cccp = {};
    if (o.cccpPenalty !== undefined) out.cccp.penalty = o.cccpPenalty;
    if (o.cccpPenaltyScale !== undefined) out.cccp.penaltyScale = o.cccpPenaltyScale;
    if (o.cccpStarts !== undefined) out.cccp.starts = o.cccpStarts;
  }
  return out;
}

/**
 * `key=value` pairs of the command line as an options object; the value
 * must be a number. Later pairs override earlier ones.
 */
export function parseOptionPairs(pairs: readonly unknown[] | undefined, flag = '--allocator-option'): Record<string, number> | undefined {
  if (pairs === undefined || pairs.length === 0) return undefined;
  const out: Record<string, number> = {};
  for (const pair of pairs) {
    const text = String(pair);
    const eq = text.indexOf('=');
    if (eq <= 0) throw new InputError(flag, undefined, `expected KEY=VALUE, got "${text}"`);
    const key = text.slice(0, eq);
    const value = Number(text.slice(eq + 1));
    if (text.slice(eq + 1).trim() === '' || !Number.isFinite(value)) {
      throw new InputError(flag, undefined, `${key}: expected a number, got "${text.slice(eq + 1)}"`);
    }
    out[key] = value;
  }
  return out;
}
