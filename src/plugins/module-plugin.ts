import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AllocationFeedback, Allocator, AllocatorContext, AllocationResult, Snapshot } from '../allocation/types.js';
import { InputError } from '../engine/input-error.js';
import type { EdgeScheduler } from '../system/schedulers/types.js';
import { objectiveOrNaN, parseAnswer } from './pipe-allocator.js';

/** A loaded module's default export; every failure is one InputError naming the module. */
async function defaultExport(file: string, what: string): Promise<unknown> {
  if (!existsSync(file)) throw new InputError(file, undefined, `no such file; expected an ES module whose default export is ${what}`);
  if (!statSync(file).isFile()) throw new InputError(file, undefined, `is a folder; expected an ES module whose default export is ${what}`);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (err) {
    throw new InputError(file, undefined, `cannot be loaded: ${firstLine(err)}`);
  }
  if (mod.default === undefined) throw new InputError(file, undefined, `has no default export; expected ${what}`);
  return mod.default;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

/** Calls a plug-in's factory, turning its exception into the plug-in's own fault. */
function callFactory<T>(file: string, factory: (options: unknown) => T, options: unknown): T {
  try {
    return factory(options);
  } catch (err) {
    throw new InputError(file, undefined, `its factory threw: ${firstLine(err)}`);
  }
}

const ALLOCATOR = 'an Allocator ({name, decide(snapshot, context)}) or a factory (options) => Allocator';

/**
 * The allocator of an ES module (docs/plugins.md): its default export is an
 * Allocator or a factory `(options) => Allocator`. It is named by the
 * module's file name; its results are checked for shape on every call
 * (the run checks feasibility), and an exception it throws names it.
 */
export async function loadAllocatorModule(file: string, options: unknown = {}): Promise<Allocator> {
  const exported = await defaultExport(file, ALLOCATOR);
  const candidate = typeof exported === 'function' ? callFactory(file, exported as (o: unknown) => unknown, options) : exported;
  const inner = candidate as Partial<Allocator> | null;
  if (inner === null || typeof inner !== 'object' || typeof inner.decide !== 'function') {
    const got = typeof exported === 'function' ? 'its factory returned something without a decide function' : 'its default export has no decide function';
    throw new InputError(file, undefined, `${got}; expected ${ALLOCATOR}`);
  }
  const floor = inner.txPowerFloorFraction;
  if (floor !== undefined && !(typeof floor === 'number' && floor > 0 && floor <= 1)) {
    throw new InputError(file, 'txPowerFloorFraction', `expected a number in (0, 1], got ${JSON.stringify(floor)}`);
  }
  const decide = inner.decide.bind(inner);
  let calls = 0;
  return {
    name: path.basename(file),
    txPowerFloorFraction: floor,
    decide(snapshot: Snapshot, context: AllocatorContext): AllocationResult {
      let result: Partial<AllocationResult> | undefined;
      try {
        result = decide(snapshot, context) as Partial<AllocationResult> | undefined;
      } catch (err) {
        throw new InputError(file, `call ${calls}`, `decide threw: ${firstLine(err)}`);
      }
      const fail = (problem: string): never => {
        throw new InputError(file, `call ${calls}`, `decide ${problem.replace(/^answered/, 'returned')}`);
      };
      if (result === null || typeof result !== 'object' || typeof (result as { then?: unknown }).then === 'function') {
        return fail('returned no {decision, trace} object (decide must be synchronous)');
      }
      const decision = parseAnswer(JSON.stringify(result.decision ?? null), snapshot.users.length, fail);
      calls++;
      const trace = Array.isArray(result.trace) ? result.trace.filter((x): x is number => typeof x === 'number') : [];
      // Tables and convergence metrics read the trace's last entry: a plug-in without one gets its decision's objective.
      return { decision, trace: trace.length > 0 ? trace : [objectiveOrNaN(snapshot, decision)] };
    },
    close: inner.close === undefined ? undefined : (summary?: unknown, feedback?: readonly AllocationFeedback[]) => inner.close!.call(inner, summary, feedback),
  };
}

const SCHEDULER = 'a factory (options) => EdgeScheduler ({name, workConserving, plan(jobs, gpu, elapsedS)})';

/**
 * The edge scheduler of an ES module: its default export is a factory
 * `(options) => EdgeScheduler`, called once per edge server (a scheduler
 * keeps per-server state). Checked once here, so a bad module fails before
 * the run starts.
 */
export async function loadSchedulerModule(file: string, options: unknown = {}): Promise<() => EdgeScheduler> {
  const exported = await defaultExport(file, SCHEDULER);
  if (typeof exported !== 'function') throw new InputError(file, undefined, `its default export is not a function; expected ${SCHEDULER}`);
  const make = (): EdgeScheduler => {
    const s = callFactory(file, exported as (o: unknown) => unknown, options) as Partial<EdgeScheduler> | null;
    if (s === null || typeof s !== 'object' || typeof s.plan !== 'function' || typeof s.workConserving !== 'boolean') {
      throw new InputError(file, undefined, `its factory returned no scheduler; expected ${SCHEDULER}`);
    }
    const plan = s.plan.bind(s);
    return {
      name: path.basename(file),
      workConserving: s.workConserving,
      plan(jobs, gpu, elapsedS) {
        let horizon: number;
        try {
          horizon = plan(jobs, gpu, elapsedS);
        } catch (err) {
          throw new InputError(file, 'plan', `threw: ${firstLine(err)}`);
        }
        for (const j of jobs) {
          if (!(Number.isFinite(j.rateFlopsPerS) && j.rateFlopsPerS >= 0 && Number.isFinite(j.powerW) && j.powerW >= 0)) {
            throw new InputError(file, 'plan', `job ${j.id}: expected a finite rateFlopsPerS >= 0 and powerW >= 0, got ${j.rateFlopsPerS} and ${j.powerW}`);
          }
        }
        if (typeof horizon !== 'number' || !(horizon > 0)) throw new InputError(file, 'plan', `expected it to return a duration > 0 (Infinity when the plan stands until the next change), got ${String(horizon)}`);
        return horizon;
      },
    };
  };
  make();
  return make;
}
