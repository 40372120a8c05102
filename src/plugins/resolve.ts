import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AllocatorError } from '../allocation/allocator-error.js';
import { allocatorByName } from '../allocation/allocators.js';
import { feasibilityViolations } from '../allocation/feasibility.js';
import type { AllocationFeedback, Allocator } from '../allocation/types.js';
import { InputError } from '../engine/input-error.js';
import type { EdgeScheduler } from '../system/schedulers/types.js';
import { configuredAllocator, type SimulationOptions } from '../scenario/simulate.js';
import { splitCommand } from './command-line.js';
import { loadAllocatorModule, loadSchedulerModule } from './module-plugin.js';
import { pipeAllocator } from './pipe-allocator.js';
import { isModuleRef, type ModuleRef } from '../system/config.js';
import type { Topology } from '../scenario/schema.js';

/** The tolerance of the run's own feasibility check, for the one-shot solve. */
const FEASIBILITY_REL_TOL = 1e-9;

/** `exec:COMMAND`: an external policy over a pipe. */
export function isExecSpec(spec: string): boolean {
  return spec.startsWith('exec:');
}

/** A path to a JavaScript module: it names a folder or ends in .js, .mjs or .cjs. Built-in names are plain words. */
export function isModuleSpec(spec: string): boolean {
  return !isExecSpec(spec) && (/\.(m|c)?js$/i.test(spec) || spec.includes('/') || spec.includes(path.sep));
}

export function isPluginSpec(spec: string): boolean {
  return isExecSpec(spec) || isModuleSpec(spec);
}

/** How a plug-in is named in tables: the module's file name, or the command of an external policy. */
export function pluginLabel(spec: string): string {
  if (isExecSpec(spec)) return spec.slice('exec:'.length).trim();
  return isModuleSpec(spec) ? path.basename(spec) : spec;
}

/** A module spec made absolute against `baseDir` (workers and campaigns need no working folder); anything else as given. */
export function absoluteSpec(spec: string, baseDir: string): string {
  return isModuleSpec(spec) ? path.resolve(baseDir, spec) : spec;
}

/**
 * A baseline (`allocator` or `allocator/scheduler`) written as the
 * allocators and schedulers were, with its module paths made absolute as
 * theirs are, so `--baseline ./mine.js` names the allocator `./mine.js`.
 * Anything that matches none is returned as given (the campaign's check
 * then names it).
 */
export function absoluteBaseline(baseline: string, allocators: readonly string[], schedulers: ReadonlyArray<string | null>, baseDir: string): string {
  const abs = (s: string): string => absoluteSpec(s, baseDir);
  if (allocators.some((a) => abs(a) === abs(baseline))) return abs(baseline);
  for (const a of allocators) {
    for (const s of schedulers) if (s !== null && (baseline === `${a}/${s}` || baseline === `${abs(a)}/${abs(s)}`)) return `${abs(a)}/${abs(s)}`;
  }
  return baseline;
}

/**
 * How a campaign's allocators and schedulers are named in tables, plots
 * and reports: a module by its file name (its whole path when two modules
 * of the campaign share a file name), an external policy by its command, a
 * built-in by its name. The specs themselves, absolute, stay the runs' identity.
 */
export function specLabels(specs: Iterable<string | null>): (spec: string) => string {
  const modules = [...new Set([...specs].filter((s): s is string => s !== null && isModuleSpec(s)))];
  const shared = new Set(modules.map((m) => path.basename(m)).filter((b, i, all) => all.indexOf(b) !== i));
  return (spec) => (isModuleSpec(spec) && shared.has(path.basename(spec)) ? spec : pluginLabel(spec));
}

export interface ResolveOptions {
  /** Folder a relative module path is resolved against, and an external policy runs in. */
  baseDir: string;
  /** A built-in allocator is configured with the topology's and the command line's options (configuredAllocator). */
  builtIn?: Pick<SimulationOptions, 'topology' | 'source' | 'allocatorOptions'>;
  /** Handed to a plug-in module's factory. */
  pluginOptions?: unknown;
  /** Seconds an external policy may take per answer. */
  policyTimeoutS?: number;
  /**
   * Check each plug-in decision's feasibility here, in the plug-in's name
   * (exit 2): for the one-shot solve, which has no run to check it.
   */
  checkFeasibility?: boolean;
}

/**
 * The allocator `spec` names: a built-in by name, an ES module by path
 * (`./my-allocator.js`), or an external policy (`exec:python3 policy.py`).
 * The caller calls `close` when the run is over (see `closingAfter`).
 */
export async function resolveAllocator(spec: string, options: ResolveOptions): Promise<Allocator> {
  const plugin = await pluginAllocator(spec, options);
  if (plugin !== undefined) return plugin;
  try {
    return options.builtIn === undefined ? allocatorByName(spec) : configuredAllocator(options.builtIn, spec);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError('--allocator', undefined, `${(err as Error).message}; or a module path (./my-allocator.js), or exec:COMMAND`);
  }
}

/**
 * The plug-in allocator `spec` names, or undefined for a built-in name: a
 * run given it as `allocatorObject` reports its infeasible decisions as the
 * plug-in's fault (exit 2).
 */
export async function pluginAllocator(spec: string, options: ResolveOptions): Promise<Allocator | undefined> {
  let allocator: Allocator;
  if (isExecSpec(spec)) allocator = pipeAllocator(spec, { timeoutS: options.policyTimeoutS, cwd: options.baseDir });
  else if (isModuleSpec(spec)) allocator = await loadAllocatorModule(path.resolve(options.baseDir, spec), options.pluginOptions ?? {});
  else return undefined;
  return options.checkFeasibility === true ? checked(allocator) : allocator;
}

function checked(allocator: Allocator): Allocator {
  let calls = 0;
  return {
    ...allocator,
    decide(snapshot, context) {
      const r = allocator.decide(snapshot, context);
      const violations = feasibilityViolations(snapshot, r.decision, { relTol: FEASIBILITY_REL_TOL, txPowerFloorFraction: allocator.txPowerFloorFraction });
      if (violations.length > 0) {
        allocator.close?.();
        throw new AllocatorError(allocator.name, 'plug-in', calls, snapshot.timeS, violations);
      }
      calls++;
      return r;
    },
  };
}

/** The edge-scheduler factory of a module path, or undefined for a built-in policy name. */
export async function pluginScheduler(spec: string, baseDir: string, options: unknown = {}): Promise<(() => EdgeScheduler) | undefined> {
  return isModuleSpec(spec) ? loadSchedulerModule(path.resolve(baseDir, spec), options) : undefined;
}

/** A module a topology names, made absolute against the topology's folder; a missing one is refused naming the topology file and field. */
function topologyModule(ref: ModuleRef, file: string, field: string): string {
  const abs = path.resolve(path.dirname(path.resolve(file)), ref.module);
  if (!existsSync(abs)) throw new InputError(file, `${field}.module`, `no such module ${abs} ("${ref.module}" is read relative to the topology file's folder)`);
  return abs;
}

/**
 * The plug-in allocator a topology's `simulation.allocator` names, or
 * undefined for a built-in name: a module `{"module", "options"}` (its
 * options under `options`), or a path or exec: command (its options under
 * `simulation.allocatorOptions`), resolved against the topology's folder.
 * `options` from the command line go over the topology's.
 */
export async function topologyPluginAllocator(topology: Topology, file: string, given: { policyTimeoutS?: number; options?: Record<string, unknown> }): Promise<Allocator | undefined> {
  const named = topology.simulation.allocator;
  const baseDir = path.dirname(path.resolve(file));
  if (isModuleRef(named)) return loadAllocatorModule(topologyModule(named, file, 'simulation.allocator'), { ...named.options, ...given.options });
  return pluginAllocator(named, { baseDir, pluginOptions: { ...topology.simulation.allocatorOptions, ...given.options }, policyTimeoutS: given.policyTimeoutS });
}

/** The plug-in edge scheduler a topology's `simulation.scheduler` names as `{"module", "options"}`, or undefined for a built-in policy. */
export async function topologyPluginScheduler(topology: Topology, file: string): Promise<(() => EdgeScheduler) | undefined> {
  const named = topology.simulation.scheduler;
  return isModuleRef(named) ? loadSchedulerModule(topologyModule(named, file, 'simulation.scheduler'), named.options ?? {}) : undefined;
}

/**
 * The plug-ins a run loads: the allocator and edge scheduler given (a name or
 * a plug-in spec, relative to the working folder), or, where none is given,
 * those the topology names (relative to its file). Undefined for built-ins.
 */
export async function runPlugins(
  topology: Topology,
  file: string,
  given: { allocator?: string; scheduler?: string | null; pluginOptions?: Record<string, unknown>; policyTimeoutS?: number },
): Promise<{ allocator: Allocator | undefined; edgeScheduler: (() => EdgeScheduler) | undefined }> {
  const { policyTimeoutS, pluginOptions } = given;
  const allocator =
    given.allocator !== undefined
      ? await pluginAllocator(given.allocator, { baseDir: process.cwd(), pluginOptions: pluginOptions ?? {}, policyTimeoutS })
      : await topologyPluginAllocator(topology, file, { policyTimeoutS, options: pluginOptions });
  const edgeScheduler =
    given.scheduler !== undefined && given.scheduler !== null ? await pluginScheduler(given.scheduler, process.cwd()) : await topologyPluginScheduler(topology, file);
  return { allocator, edgeScheduler };
}

/**
 * Runs `work` with the allocator and closes it after: with the summary
 * `summaryOf` picks from the result and a run's end feedback (an external
 * policy receives both in its end message), or without them when the work
 * failed (the policy is killed).
 */
export async function closingAfter<T>(
  allocator: Allocator | undefined,
  work: () => Promise<T> | T,
  summaryOf: (result: T) => unknown,
  feedbackOf: (result: T) => readonly AllocationFeedback[] | undefined = () => undefined,
): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (err) {
    allocator?.close?.();
    throw err;
  }
  allocator?.close?.(summaryOf(result), feedbackOf(result));
  return result;
}

/**
 * What a campaign's run key must change with when the plug-in's code
 * changes: the SHA-256 of the module file, or of every file an `exec:`
 * command names (its script); nothing for a built-in.
 */
export function pluginDigest(spec: string, baseDir: string): string | undefined {
  // An exec: command's code is its first argument that names a file (the script; python3 itself is not hashed).
  const file = isExecSpec(spec)
    ? splitCommand(spec.slice('exec:'.length), 'allocators').slice(1).map((w) => path.resolve(baseDir, w)).find((f) => existsSync(f) && statSync(f).isFile())
    : isModuleSpec(spec)
      ? path.resolve(baseDir, spec)
      : undefined;
  if (file === undefined) return undefined;
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    throw new InputError(file, undefined, 'cannot read the plug-in module');
  }
}

/** A campaign definition with the hashes of its plug-ins' code (absent when it has none, so other campaigns keep their bytes). */
export function withPluginDigests<D extends { allocators: readonly string[]; schedulers: ReadonlyArray<string | null>; pluginSha256?: Record<string, string> }>(definition: D, baseDir: string): D {
  const digests: Record<string, string> = {};
  for (const spec of [...definition.allocators, ...definition.schedulers]) {
    const d = spec === null ? undefined : pluginDigest(spec, baseDir);
    if (d !== undefined) digests[spec!] = d;
  }
  const { pluginSha256: _old, ...rest } = definition;
  return (Object.keys(digests).length === 0 ? rest : { ...rest, pluginSha256: digests }) as D;
}
