import { InputError, readInputFile } from '../engine/input-error.js';
import { validate } from '../engine/validate.js';

export { describeIssues, formatPath, validate } from '../engine/validate.js';
export { readInputFile } from '../engine/input-error.js';
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

/** Reads and validates a topology file. */
export function loadTopology(path: string): Topology {
  return parseTopology(readInputFile(path, 'a topology file'), path);
}

/** Validates topology text; `source` names it in errors. */
export function parseTopology(text: string, source: string): Topology {
  return validate(topologySchema, parseJson(text, source), source);
}
