import { EnvironmentError, environmentError, isSystemError } from '../engine/environment-error.js';
import { InputError } from '../engine/input-error.js';
import { AllocatorError } from '../allocation/allocator-error.js';

/** Where an internal error should be reported. */
export const REPORT_TO = "the mecsim project's issue tracker";

export const EXIT = { ok: 0, environment: 1, input: 2, internal: 70 } as const;

/**
 * The one place where an error becomes what the user sees and the exit
 * status: bad input (InputError) 2, an infeasible decision (AllocatorError)
 * 70 from a built-in allocator and 2 from a plug-in, a failure of the machine
 * (EnvironmentError, or an operating-system error from node:fs) 1, anything
 * else is mecsim's own fault: 70 (EX_SOFTWARE) with a request to report it.
 * A stack trace is shown only with MECSIM_DEBUG=1.
 */
export function describeFailure(err: unknown, env: NodeJS.ProcessEnv = process.env): { status: number; message: string } {
  const debug = env.MECSIM_DEBUG === '1' && err instanceof Error && err.stack !== undefined ? `\n${err.stack}` : '';
  if (err instanceof InputError) return { status: EXIT.input, message: `mecsim: ${err.message}${debug}` };
  if (err instanceof AllocatorError) return { status: err.exitCode, message: `mecsim: ${err.oneLine()}${debug}` };
  if (err instanceof EnvironmentError) return { status: EXIT.environment, message: `mecsim: ${err.message}${debug}` };
  if (isSystemError(err)) {
    const where = (err as NodeJS.ErrnoException).path;
    const e = environmentError(err, where ?? '(unknown path)') as EnvironmentError;
    return { status: EXIT.environment, message: `mecsim: ${e.message}${debug}` };
  }
  const text = err instanceof Error ? err.message : String(err);
  return {
    status: EXIT.internal,
    message: `mecsim: internal error: ${text} — please report it to ${REPORT_TO}, with the command you ran${debug === '' ? ' (MECSIM_DEBUG=1 shows the stack trace)' : debug}`,
  };
}
