import { executeRun, type RunOutput } from './execute.js';
import { toFailure, type Failure } from './failure.js';
import type { RunSpec } from './spec.js';

/** What the pool hands a worker thread: plain data, cloned across the thread boundary. */
export interface WorkerTask {
  spec: RunSpec;
  key: string;
  baseDir: string;
  outDir: string;
  policyTimeoutS?: number;
}

/** A run's output, or its failure as data (a thrown error would lose its class between threads). */
export type WorkerOutcome = { ok: true; output: RunOutput } | { ok: false; failure: Failure };

/**
 * The worker threads' entry point (piscina loads the compiled file,
 * dist/campaign/worker.js). A worker returns the run's metrics; only the
 * main thread writes result files, so there is one writer per campaign
 * folder.
 */
export default async function runTask(task: WorkerTask): Promise<WorkerOutcome> {
  try {
    return { ok: true, output: await executeRun(task.spec, task.key, { baseDir: task.baseDir, outDir: task.outDir, policyTimeoutS: task.policyTimeoutS }) };
  } catch (err) {
    return { ok: false, failure: toFailure(err) };
  }
}
