import type { z } from 'zod';
import { InputError } from './input-error.js';

/*
 * Schema validation of user input, shared by every reader (topology, model
 * parameters, sweep files): each problem becomes a line naming the field by
 * its path and saying what was expected.
 */

/** Formats a zod path as `users[0].hardware.maxFreqHz`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

/**
 * The alternative of a union the value was meant for, from the problems
 * each alternative found: one that rejects the value's type as a whole, or
 * has fields it does not know, or does not know the value's kind (no
 * matching discriminator), is set aside while another is left. Undefined
 * when that leaves more than one.
 */
function intendedBranch(branches: ReadonlyArray<readonly z.core.$ZodIssue[]>): readonly z.core.$ZodIssue[] | undefined {
  const ruledOut: Array<(issues: readonly z.core.$ZodIssue[]) => boolean> = [
    (issues) => issues.some((i) => i.code === 'invalid_type' && i.path.length === 0),
    (issues) => issues.some((i) => i.code === 'unrecognized_keys'),
    (issues) => issues.some((i) => i.code === 'invalid_union' && (i as { note?: string }).note === 'No matching discriminator'),
  ];
  let left = branches;
  for (const out of ruledOut) {
    const kept = left.filter((b) => !out(b));
    if (kept.length > 0) left = kept;
    if (left.length === 1) return left[0];
  }
  return undefined;
}

/** One line per problem: `field: what was expected`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: ReadonlyArray<PropertyKey> = []): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const branch = issue.code === 'invalid_union' && issue.errors.length > 1 ? intendedBranch(issue.errors) : undefined;
    if (branch !== undefined) {
      lines.push(...describeIssues(branch, [...prefix, ...issue.path]));
    } else if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        lines.push(`${formatPath([...prefix, ...issue.path, key])}: unknown field (check its spelling; units are part of field names)`);
      }
    } else {
      lines.push(`${formatPath([...prefix, ...issue.path])}: ${issue.message}`);
    }
  }
  return lines;
}

/**
 * Validates already-parsed data against a schema, turning its problems into
 * one InputError of one line: the file, the first field with what was
 * expected, and the fields of any further problems.
 */
export function validate<S extends z.ZodType>(schema: S, data: unknown, source?: string, prefix: ReadonlyArray<PropertyKey> = []): z.output<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const lines = describeIssues(r.error.issues, prefix);
  const split = (line: string): [string, string] => {
    const [where, ...rest] = line.split(': ');
    return [where, rest.join(': ')];
  };
  const [where, problem] = split(lines[0]);
  if (lines.length === 1) throw new InputError(source, where, problem);
  // One line for every bad input: the first problem in full, the fields of the others after it.
  const others = [...new Set(lines.slice(1).map((l) => split(l)[0]))];
  throw new InputError(source, where, `${problem} (and ${lines.length - 1} more problem${lines.length > 2 ? 's' : ''}, at ${others.join(', ')})`);
}

/**
 * Validates a model's configuration against its schema; problems name the
 * field path prefixed by `where` (e.g. `radio.fading`), so a bad topology
 * file points at the exact field.
 */
export function parseConfig<S extends z.ZodType>(schema: S, config: unknown, where: string, source?: string): z.output<S> {
  return validate(schema, config, source, where === '' ? [] : where.split('.'));
}
