import fc from 'fast-check';
import { expect } from 'vitest';
import { InputError } from '../../src/engine/input-error.js';

/*
 * Mutations of a shipped JSON input file, shared by the fuzz suites: change
 * a field's type, set it to an extreme or tiny number, delete it, add an
 * unknown field beside it, or truncate the text.
 */

/** Every path to a value inside `data` (objects and arrays included). */
export function pathsOf(data: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  if (Array.isArray(data)) data.forEach((v, i) => out.push([...prefix, i], ...pathsOf(v, [...prefix, i])));
  else if (data !== null && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) out.push([...prefix, k], ...pathsOf(v, [...prefix, k]));
  }
  return out;
}

/** Values that cross bounds, are extreme or tiny, or have the wrong type ("NaN" arrives as a string: JSON has no NaN). */
export const nastyValues: unknown[] = [
  1e308, -1e308, 5e-324, -5e-324, 0, -0, -1, 0.5, 1e15, 2 ** 53 + 2, 1e-300, 1e9, -1e9, 'NaN', 'Infinity', '1e308', '', 'x', null, true, [], {}, [1e308], { uniform: [0, 1e308] },
  { normal: { mean: 0, sd: 1e308 } }, { logNormal: { mu: 700, sigma: 70 } }, { choice: [] }, { uniformInt: [1, 1e15] },
];

export type Mutation =
  | { kind: 'set'; path: Array<string | number>; value: unknown }
  | { kind: 'delete'; path: Array<string | number> }
  | { kind: 'unknown'; path: Array<string | number> }
  | { kind: 'truncate'; at: number };

/** A mutation of `data` (whose JSON text is `length` characters long). */
export function mutationOf(data: unknown, length: number): fc.Arbitrary<Mutation> {
  const paths = pathsOf(data);
  const path = fc.constantFrom(...paths);
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), path, value: fc.oneof(fc.constantFrom(...nastyValues), fc.double(), fc.integer()) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), path }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('unknown' as const), path }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.integer({ min: 0, max: length - 1 }) }) },
  );
}

/** The text of `data` with the mutation applied. */
export function applyMutation(data: unknown, m: Mutation): string {
  if (m.kind === 'truncate') return JSON.stringify(data, null, 2).slice(0, m.at);
  const copy = structuredClone(data) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of m.path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = m.path[m.path.length - 1];
  if (m.kind === 'set') node[last] = m.value;
  else if (m.kind === 'delete') {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else {
    const target = node[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>).surpriseField = 1;
    else node[last] = { surpriseField: 1 };
  }
  return JSON.stringify(copy, null, 2);
}

/** Checks that `err` is the one-line input error the contract promises. */
export function expectCleanInputError(err: unknown, source: string): void {
  if (!(err instanceof InputError)) throw new Error(`not an InputError: ${(err as Error)?.stack ?? String(err)}`);
  expect(err.source).toBe(source);
  expect(err.message).not.toContain('\n');
  expect(err.where === undefined ? err.problem : err.where).toMatch(/\S/);
  // A field, a line or the top level is named whenever the text parsed as JSON.
  if (!/not valid JSON/.test(err.problem)) expect(err.where).toBeDefined();
}

