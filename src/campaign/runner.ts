import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { EnvironmentError } from '../engine/environment-error.js';
import { InputError } from '../engine/input-error.js';
import { onInterrupt } from '../io/interrupt.js';
import { acquireWriteLock } from '../io/write-lock.js';
import { executeRun, type RunOutput } from './execute.js';
import type { CampaignPlan, PlannedRun } from './plan.js';
import type { RunResult } from './spec.js';
import { discardUnfinished, openCampaignFolder, readFinished, reindexFinished, writeResult } from './store.js';
import { writeTables } from './tables.js';
import { fromFailure, toFailure } from './failure.js';
import type { WorkerOutcome, WorkerTask } from './worker.js';

/** A deterministic slice of a campaign: runs whose index is `index - 1` modulo `count` (1 <= index <= count). */
export interface Shard {
  index: number;
  count: number;
}

/** `"2/5"` -> { index: 2, count: 5 }. */
export function parseShard(text: string, option = '--shard'): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m === null ? NaN : Number(m[1]);
  const count = m === null ? NaN : Number(m[2]);
  if (!(count >= 1 && index >= 1 && index <= count)) {
    throw new InputError(option, undefined, `expected I/N with 1 <= I <= N (e.g. 1/4 for the first of four shards), got "${text}"`);
  }
  return { index, count };
}

export function inShard(run: PlannedRun, shard: Shard | undefined): boolean {
  return shard === undefined || run.index % shard.count === shard.index - 1;
}

export interface Progress {
  /** Runs of this slice finished so far, including those found finished at the start. */
  done: number;
  /** Runs in this slice. */
  total: number;
  /** Of `done`, how many were found finished and skipped. */
  skipped: number;
  /** Expected cost (RunnerOptions.costOf) of the runs done, of all runs in the slice, and of the skipped ones. */
  costDone: number;
  costTotal: number;
  costSkipped: number;
}

export interface RunnerOptions {
  outDir: string;
  /** Worker threads; 0 runs everything in this thread. Default: the core count. */
  workers?: number;
  shard?: Shard;
  /** Stop after this many new runs have finished, as if interrupted (for tests of restarts). */
  stopAfter?: number;
  onProgress?: (p: Progress) => void;
  /** Seconds an external policy may take per answer, in every run (default: the policy's own default). */
  policyTimeoutS?: number;
  /** Expected cost of each run, by run index, for the progress' time left (src/campaign/run-cost.ts); default 1 each. */
  costs?: readonly number[];
}

export interface RunnerOutcome {
  /** Runs in this slice. */
  total: number;
  /** Found finished and skipped. */
  skipped: number;
  /** Run now. */
  ran: number;
  /** Stopped by `stopAfter` before the slice was done. */
  stopped: boolean;
  /** Every run of the campaign (not only of this slice) has a result, and the tables were written. */
  complete: boolean;
}

export function defaultWorkers(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/**
 * The compiled worker. Under the test runner this module is the TypeScript
 * source, which worker threads cannot load; the build in dist/ (made by
 * `npm test` before the tests run) is used instead.
 */
export function workerFile(): string {
  const beside = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/campaign/worker.js');
  if (existsSync(built)) return built;
  throw new Error(`cannot find the compiled campaign worker (looked for ${beside} and ${built}); run npm run build`);
}

function describeRun(run: PlannedRun): string {
  const s = run.spec;
  const parts = [`run ${run.index} (${run.key})`, `allocator ${s.allocator}`];
  if (s.scheduler !== null) parts.push(`scheduler ${s.scheduler}`);
  parts.push(`seed ${s.seed}`);
  for (const [p, v] of s.overrides) parts.push(`${p}=${JSON.stringify(v)}`);
  return parts.join(', ');
}

/**
 * Runs a campaign plan into its folder. Finished runs (a result file under
 * their key) are skipped and the remains of unfinished ones discarded, so an
 * interrupted campaign resumes where it stopped, and a campaign extended
 * with more seeds, allocators or schedulers runs only what is new. Results are written by this
 * thread as runs finish, in whatever order; every table is sorted by run
 * index, so the files do not depend on the number of workers or shards.
 */
export async function runCampaign(plan: CampaignPlan, options: RunnerOptions): Promise<RunnerOutcome> {
  const outDir = path.resolve(options.outDir);
  const unlock = acquireWriteLock(outDir);
  try {
    openCampaignFolder(outDir, plan);
    discardUnfinished(outDir);
    // Worker threads get no signals: an interrupt removes their temporaries (they share our pid) from here.
    const release = onInterrupt(() => discardUnfinished(outDir, true));
    try {
      return await runSlices(plan, options, outDir);
    } finally {
      release();
    }
  } finally {
    unlock();
  }
}

async function runSlices(plan: CampaignPlan, options: RunnerOptions, outDir: string): Promise<RunnerOutcome> {
  const slice = plan.runs.filter((r) => inShard(r, options.shard));
  const pending = slice.filter((r) => readFinished(outDir, r.key, r.index) === null);
  const skipped = slice.length - pending.length;
  // Runs kept from an earlier campaign of the folder take their place in this one.
  for (const r of slice) if (!pending.includes(r)) reindexFinished(outDir, r.key, r.index);
  let done = skipped;
  let ran = 0;
  let stopped = false;
  const limit = options.stopAfter ?? Infinity;
  const cost = (r: PlannedRun): number => options.costs?.[r.index] ?? 1;
  const costTotal = slice.reduce((s, r) => s + cost(r), 0);
  const costSkipped = costTotal - pending.reduce((s, r) => s + cost(r), 0);
  let costDone = costSkipped;
  const report = (): void => options.onProgress?.({ done, total: slice.length, skipped, costDone, costTotal, costSkipped });
  report();

  const finish = (run: PlannedRun, out: RunOutput): void => {
    if (stopped) return;
    const result: RunResult = { key: run.key, index: run.index, spec: run.spec, metrics: out.metrics, folder: out.folder };
    writeResult(outDir, result);
    done++;
    ran++;
    costDone += cost(run);
    report();
    if (ran >= limit) stopped = true;
  };
  // Bad input stays bad input and a full disk stays a full disk; anything else is an internal error, whichever thread it came from.
  const failure = (run: PlannedRun, err: unknown): Error => {
    const f = toFailure(err);
    if (f.kind === 'input' || (f.kind === 'allocator' && f.plugIn)) return new InputError(undefined, undefined, `${describeRun(run)} failed: ${fromFailure(f).message}`);
    if (f.kind === 'environment') return fromFailure(f) as EnvironmentError;
    const internal = new Error(`${describeRun(run)} failed: ${f.message}`);
    if (f.kind === 'internal' && f.stack !== undefined) internal.stack = f.stack;
    return internal;
  };

  const workers = options.workers ?? defaultWorkers();
  if (pending.length > 0 && limit > 0) {
    if (workers === 0) {
      for (const run of pending) {
        let out: RunOutput;
        try {
          out = await executeRun(run.spec, run.key, { baseDir: plan.baseDir, outDir, policyTimeoutS: options.policyTimeoutS });
        } catch (err) {
          throw failure(run, err);
        }
        finish(run, out);
        if (stopped) break;
        // A turn of the event loop between runs, so an interrupt is heard (and its cleanup runs) between them.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } else {
      const pool = new Piscina<WorkerTask, WorkerOutcome>({
        filename: workerFile(),
        minThreads: Math.min(workers, pending.length),
        maxThreads: Math.min(workers, pending.length),
        idleTimeout: 1000,
      });
      // At most two tasks per thread are in flight (the second hides the
      // round trip of a result), fed from the list as threads come free. A
      // stop stops the feeding and lets the tasks in flight end (finish
      // drops their results). Aborting them instead races piscina: a result
      // already posted by a thread it is terminating arrives as an
      // unexpected message and is thrown.
      let next = 0;
      let firstError: Error | undefined;
      const feed = async (): Promise<void> => {
        while (!stopped && next < pending.length) {
          const run = pending[next++];
          let outcome: WorkerOutcome;
          try {
            outcome = await pool.run({ spec: run.spec, key: run.key, baseDir: plan.baseDir, outDir, policyTimeoutS: options.policyTimeoutS });
          } catch (err) {
            outcome = { ok: false, failure: toFailure(err) };
          }
          if (!outcome.ok) {
            if (!stopped && firstError === undefined) {
              firstError = failure(run, fromFailure(outcome.failure));
              stopped = true;
            }
            return;
          }
          finish(run, outcome.output);
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(2 * workers, pending.length) }, feed));
      } finally {
        await pool.destroy();
      }
      if (firstError !== undefined) throw firstError;
    }
  }
  const complete = plan.runs.every((r) => readFinished(outDir, r.key, r.index) !== null);
  if (complete) writeTables(outDir, plan);
  return { total: slice.length, skipped, ran, stopped: done < slice.length, complete };
}
