import { describeViolation, type Violation } from './feasibility.js';

/**
 * Where an allocator comes from: a built-in one breaking a constraint is a
 * bug of mecsim (an internal error to report); a plug-in one is the fault
 * of whoever wrote it, not of the input.
 */
export type AllocatorOrigin = 'built-in' | 'plug-in';

/**
 * An allocator returned a decision that breaks the problem's constraints
 * (docs/model.md, section 4). It names the allocator, the epoch, the user
 * (or server) and the constraint, in one line. Neither bad input (exit 2)
 * nor an environment failure (exit 1): `exitCode` is 70 for a built-in
 * allocator, which is mecsim's bug, and 2 for a plug-in allocator, whose
 * code is the user's input.
 */
export class AllocatorError extends Error {
  override readonly name = 'AllocatorError';

  constructor(
    readonly allocator: string,
    readonly origin: AllocatorOrigin,
    readonly epoch: number,
    readonly timeS: number,
    readonly violations: readonly Violation[],
    /** Snapshot user index -> the run's user index. */
    users: readonly number[] = [],
  ) {
    super(AllocatorError.describe(allocator, epoch, timeS, violations, users));
  }

  get exitCode(): number {
    return this.origin === 'built-in' ? 70 : 2;
  }

  /** The line the command line prints. */
  oneLine(): string {
    const tail = this.origin === 'built-in' ? ' (a bug of mecsim: please report it)' : '';
    return `${this.message}${tail}`;
  }

  private static describe(allocator: string, epoch: number, timeS: number, violations: readonly Violation[], users: readonly number[]): string {
    const first = violations[0];
    const inRun = first?.user === undefined ? first : { ...first, user: users[first.user] ?? first.user };
    const what = inRun === undefined ? 'an infeasible decision' : `${inRun.constraint} violated, ${describeViolation(inRun)}`;
    const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : '';
    return `allocator '${allocator}' at epoch ${epoch} (t = ${timeS} s): ${what}${more}`;
  }
}
