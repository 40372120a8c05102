import { z } from 'zod';
import { InputError } from '../engine/input-error.js';
import type { AllocatorOptions } from './outer-loop.js';

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
  exhaustiveLimit: z.number().int().min(1).max(1e9).describe('exhaustive: refuse instances needing more split evaluations (default 2000000)'),
};

type OptionName = keyof typeof option;

const inner: OptionName[] = ['txPowerFloorFraction', 'tolerance', 'maxIterations'];
const outer: OptionName[] = ['outerTolerance', 'maxOuterIterations'];
const cccp: OptionName[] = ['cccpPenalty', 'cccpPenaltyScale', 'cccpStarts'];

/** Which options each built-in allocator takes. */
const accepted: Record<string, OptionName[]> = {
  proposed: [...inner, ...outer, ...cccp],
  'milp-assoc': [...inner, ...outer],
  'strongest-server': inner,
  'local-only': inner,
  'edge-only': [...inner, ...outer, ...cccp],
  alternating: [...inner, ...outer, ...cccp],
  'alpha-only': [...outer, ...cccp],
  'resource-only': [...inner, ...outer, ...cccp],
  'greedy-assoc': inner,
  'random-assoc': inner,
  exhaustive: ['txPowerFloorFraction', 'exhaustiveLimit'],
};

/** The option schema of an allocator (every option optional, unknown keys refused). */
export function allocatorOptionSchema(allocator: string) {
  const keys = accepted[allocator] ?? [];
  return z.strictObject(Object.fromEntries(keys.map((k) => [k, option[k].optional()])) as Record<OptionName, z.ZodOptional<z.ZodNumber>>);
}

/** Names and descriptions of every option, for help texts and docs. */
export function allocatorOptionDescriptions(): Array<{ name: string; description: string; allocators: string[] }> {
  return (Object.keys(option) as OptionName[]).map((name) => ({
    name,
    description: option[name].description ?? '',
    allocators: Object.keys(accepted).filter((a) => accepted[a].includes(name)),
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
  const valid = accepted[allocator] ?? [];
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
