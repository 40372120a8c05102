import { EnvironmentError, isSystemError, environmentError } from '../engine/environment-error.js';
import { InputError } from '../engine/input-error.js';
import { AllocatorError } from '../allocation/allocator-error.js';

/**
 * An error as plain data, so it can cross from a worker thread to the main
 * thread: a thrown error loses its class on the way (structured clone keeps
 * only the message), and an internal error must not come back looking like
 * bad input, nor bad input like an internal error.
 */
export type Failure =
  | { kind: 'allocator'; message: string; plugIn: boolean }
  | { kind: 'input'; source: string | undefined; where: string | undefined; problem: string }
  | { kind: 'environment'; path: string; reason: string; action: 'write' | 'read' }
  | { kind: 'internal'; message: string; stack: string | undefined };

export function toFailure(err: unknown): Failure {
  if (err instanceof AllocatorError) return { kind: 'allocator', message: err.oneLine(), plugIn: err.origin === 'plug-in' };
  if (err instanceof InputError) return { kind: 'input', source: err.source, where: err.where, problem: err.problem };
  const env = isSystemError(err) ? environmentError(err, (err as NodeJS.ErrnoException).path ?? '(unknown path)') : err;
  if (env instanceof EnvironmentError) return { kind: 'environment', path: env.path, reason: env.reason, action: env.action };
  return { kind: 'internal', message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined };
}

export function fromFailure(f: Failure): Error {
  switch (f.kind) {
    // The violations stay in the worker; the line that describes them crosses, with its kind.
    case 'allocator':
      return f.plugIn ? new InputError(undefined, undefined, f.message) : new Error(f.message);
    case 'input':
      return new InputError(f.source, f.where, f.problem);
    case 'environment':
      return new EnvironmentError(f.path, f.reason, f.action);
    case 'internal': {
      const err = new Error(f.message);
      if (f.stack !== undefined) err.stack = f.stack;
      return err;
    }
  }
}
