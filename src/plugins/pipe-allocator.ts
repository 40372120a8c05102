import { Worker } from 'node:worker_threads';
import type { AllocationFeedback, Allocator, AllocatorContext, AllocationResult, Decision, Snapshot, UserDecision } from '../allocation/types.js';
import { evaluate } from '../allocation/objective.js';
import { InputError } from '../engine/input-error.js';
import { splitCommand } from './command-line.js';
import { instanceJson } from './instance-json.js';
import { pipeWorkerSource } from './pipe-worker-source.js';

/** How long an external policy may take to answer one request, unless told otherwise (s). */
export const DEFAULT_POLICY_TIMEOUT_S = 30;
/** The largest answer line read from a policy (bytes): 1,000 users take about 150 kB. */
const ANSWER_BYTES = 16 * 1024 * 1024;
/** Lines of the policy's stderr shown with a failure. */
const STDERR_LINES = 5;
/** How long a policy may take to exit after the end message before it is killed (ms). */
const END_GRACE_MS = 2000;

const STATE = { waiting: 0, answer: 1, failure: 2, killed: 3 } as const;
const FIELDS = ['alpha', 'server', 'txPowerW', 'bandwidthHz', 'freqHz', 'serverFreqHz'] as const satisfies readonly (keyof UserDecision)[];

export interface PipeOptions {
  /** Seconds to wait for each answer (default 30). */
  timeoutS?: number;
  /** Folder the command runs in (default: the current one). */
  cwd?: string;
  /** The least transmit power, as a fraction of the maximum, the policy promises (checked each call). */
  txPowerFloorFraction?: number;
}

/** Processes of policies still running, killed if mecsim exits first (a crash, an interrupt). */
const live = new Set<number>();
let exitHookInstalled = false;
function killOnExit(pid: number): void {
  live.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const p of live) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
}

/**
 * An allocator that asks an external process, over JSON lines on its
 * stdin and stdout (docs/plugins.md). `decide` stays synchronous: a worker
 * thread owns the process and its pipes, and `decide` blocks on
 * `Atomics.wait` until the worker has put the answer in shared memory or
 * the timeout passes. The process starts with the first request, once per
 * run; any failure kills it and stops the run with one line naming the
 * problem and the last lines of the policy's stderr.
 */
export function pipeAllocator(spec: string, options: PipeOptions = {}): Allocator {
  const command = spec.replace(/^exec:/, '');
  const argv = splitCommand(command, '--allocator');
  const timeoutMs = (options.timeoutS ?? DEFAULT_POLICY_TIMEOUT_S) * 1000;
  let worker: Worker | null = null;
  let control: Int32Array | null = null;
  let data: Uint8Array | null = null;
  let calls = 0;
  let closed = false;

  const fail = (problem: string, stderr: readonly string[]): never => {
    shutDown();
    const tail = stderr.filter((l) => l.trim() !== '');
    const shown = tail.length === 0 ? '; its stderr is empty' : `; its stderr ends: ${tail.map((l) => l.trim()).join(' | ')}`;
    throw new InputError(`--allocator ${spec}`, `call ${calls}`, `${problem}${shown}`);
  };

  function start(): void {
    const controlBuffer = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
    const dataBuffer = new SharedArrayBuffer(ANSWER_BYTES);
    control = new Int32Array(controlBuffer);
    data = new Uint8Array(dataBuffer);
    worker = new Worker(pipeWorkerSource, {
      eval: true,
      workerData: { argv, cwd: options.cwd ?? process.cwd(), control: controlBuffer, data: dataBuffer, stderrLines: STDERR_LINES },
    });
    // The run ends with `close`; a forgotten one must not keep mecsim alive.
    worker.unref();
  }

  /** Posts a message and blocks until the worker answers or `waitMs` passes; the state and text, or null on timeout. */
  function exchange(message: object, waitMs: number): { state: number; text: string } | null {
    Atomics.store(control!, 0, STATE.waiting);
    worker!.postMessage(message);
    const r = Atomics.wait(control!, 0, STATE.waiting, waitMs);
    if (r === 'timed-out') return null;
    const pid = Atomics.load(control!, 2);
    if (pid > 0) killOnExit(pid);
    const length = Atomics.load(control!, 1);
    const bytes = new Uint8Array(Math.max(length, 0));
    bytes.set(data!.subarray(0, bytes.length));
    return { state: Atomics.load(control!, 0), text: length < 0 ? '' : new TextDecoder().decode(bytes) };
  }

  function stderrAfterKill(): string[] {
    if (worker === null) return [];
    const r = exchange({ type: 'kill' }, 2000);
    try {
      return r === null ? [] : (JSON.parse(r.text) as { stderr: string[] }).stderr;
    } catch {
      return [];
    }
  }

  function shutDown(): void {
    closed = true;
    // Through the worker first, which reaps the process; then directly, in case the worker is stuck.
    if (worker !== null) exchange({ type: 'kill' }, 2000);
    const pid = control === null ? 0 : Atomics.load(control, 2);
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      live.delete(pid);
    }
    void worker?.terminate();
    worker = null;
  }

  return {
    name: command,
    txPowerFloorFraction: options.txPowerFloorFraction,
    decide(snapshot: Snapshot, context: AllocatorContext): AllocationResult {
      if (closed) throw new InputError(`--allocator ${spec}`, undefined, 'the policy was already stopped');
      if (worker === null) start();
      const request = {
        type: 'decide',
        timeS: snapshot.timeS,
        queuedIterations: snapshot.queuedIterations ?? null,
        snapshot: instanceJson(snapshot),
        previous: context.previous ?? null,
        feedback: context.feedback ?? null,
      };
      const r = exchange({ type: 'line', text: JSON.stringify(request) }, timeoutMs);
      if (r === null) return fail(`no answer within ${timeoutMs / 1000} s (--policy-timeout)`, stderrAfterKill());
      if (r.state === STATE.failure) {
        const f = JSON.parse(r.text) as { reason: string; stderr: string[] };
        return fail(f.reason, f.stderr);
      }
      if (Atomics.load(control!, 1) < 0) return fail(`answered a line longer than ${ANSWER_BYTES} bytes`, stderrAfterKill());
      const decision = parseAnswer(r.text, snapshot.users.length, (problem) => fail(problem, stderrAfterKill()));
      calls++;
      return { decision, trace: [objectiveOrNaN(snapshot, decision)] };
    },
    close(summary?: unknown, feedback?: readonly AllocationFeedback[]): void {
      if (closed) return;
      closed = true;
      if (worker === null) return;
      const end = { type: 'end', summary, feedback: feedback !== undefined && feedback.length > 0 ? feedback : null };
      if (summary !== undefined) exchange({ type: 'end', text: JSON.stringify(end), graceMs: END_GRACE_MS }, END_GRACE_MS + 1000);
      shutDown();
    },
  };
}

/** The policy's answer line as a decision: one entry per snapshot user, six finite numbers each. */
export function parseAnswer(text: string, users: number, fail: (problem: string) => never): Decision {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return fail(`answered malformed JSON: ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text)}`);
  }
  const list = (doc as { users?: unknown } | null)?.users;
  if (!Array.isArray(list)) return fail('answered without a "users" list; expected {"users": [{"alpha", "server", "txPowerW", "bandwidthHz", "freqHz", "serverFreqHz"}, ...]}');
  if (list.length !== users) return fail(`answered ${list.length} users for a snapshot of ${users}`);
  return {
    users: list.map((u: unknown, k) => {
      const out = {} as UserDecision;
      for (const f of FIELDS) {
        const v = (u as Record<string, unknown> | null)?.[f];
        if (typeof v !== 'number' || !Number.isFinite(v)) return fail(`users[${k}].${f}: expected a finite number, got ${JSON.stringify(v) ?? 'nothing'}`);
        out[f] = v;
      }
      return out;
    }),
  };
}

/** The decision's objective, for the one-entry trace; NaN when the decision cannot be evaluated (the feasibility check says why). */
export function objectiveOrNaN(snapshot: Snapshot, decision: Decision): number {
  try {
    return evaluate(snapshot, decision).totals.total;
  } catch {
    return NaN;
  }
}
