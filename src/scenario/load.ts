import { readFileSync } from 'node:fs';
import { InputError } from '../engine/input-error.js';
import { validate } from '../engine/validate.js';

export { describeIssues, formatPath, validate } from '../engine/validate.js';
import { topologySchema, type Topology } from './schema.js';

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
