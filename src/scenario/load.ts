import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { InputError } from '../engine/input-error.js';
import { topologySchema, type Topology } from './schema.js';

/** Formats a zod path as `users[0].hardware.maxFreqHz`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

/** One line per problem: `field: what was expected`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        lines.push(`${formatPath([...issue.path, key])}: unknown field (check its spelling; units are part of field names)`);
      }
    } else {
      lines.push(`${formatPath(issue.path)}: ${issue.message}`);
    }
  }
  return lines;
}

/**
 * Validates already-parsed data against a schema, turning every problem into
 * one InputError that names the file and lists each field with what was
 * expected.
 */
export function validate<S extends z.ZodType>(schema: S, data: unknown, source: string): z.output<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const lines = describeIssues(r.error.issues);
  if (lines.length === 1) {
    const [where, ...rest] = lines[0].split(': ');
    throw new InputError(source, where, rest.join(': '));
  }
  throw new InputError(source, undefined, `${lines.length} problems:\n  ${lines.join('\n  ')}`);
}

/** Parses JSON text, reporting a syntax error with its line and column. */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const m = /position (\d+)/.exec(message);
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      const col = pos - before.lastIndexOf('\n');
      throw new InputError(source, `line ${line}, column ${col}`, `not valid JSON (${message.replace(/ in JSON at position \d+.*$/, '')})`);
    }
    throw new InputError(source, undefined, `not valid JSON (${message})`);
  }
}

/** Reads a file, with a clear InputError when it is missing or unreadable. */
export function readInputFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(path, undefined, 'no such file');
    if (code === 'EISDIR') throw new InputError(path, undefined, 'is a folder, expected a topology file');
    throw new InputError(path, undefined, `cannot be read (${(err as Error).message})`);
  }
}

/** Reads and validates a topology file. */
export function loadTopology(path: string): Topology {
  return parseTopology(readInputFile(path), path);
}

/** Validates topology text; `source` names it in errors. */
export function parseTopology(text: string, source: string): Topology {
  return validate(topologySchema, parseJson(text, source), source);
}
