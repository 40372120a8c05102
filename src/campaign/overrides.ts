import type { Override } from './spec.js';

/**
 * Dotted-path overrides of a parsed topology, applied before validation so
 * that the topology schema judges the result exactly as it judges a file.
 *
 * A path is field names joined by dots: `radio.noiseDbmPerHz`,
 * `simulation.horizonS`. Inside a list a segment is either an index
 * (`users.0.count`, also written `users[0].count`) or the `name` of a group
 * (`users.phones.count`), which survives reordering of the file.
 *
 * Missing objects along the way are created (a field the file leaves to its
 * default can be swept), and whether the final field exists is for the
 * schema to say: a misspelt name fails validation as an unknown field.
 */

/** Why a path cannot be followed; `path` is the offending prefix. */
export class OverridePathError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** Splits `users[0].hardware.kappa` into `['users', '0', 'hardware', 'kappa']`. */
export function splitPath(path: string): string[] {
  const segments = path.replace(/\[(\w[\w-]*)\]/g, '.$1').split('.');
  if (path.trim() === '' || segments.some((s) => s === '')) {
    throw new OverridePathError(path, 'expected field names joined by dots, e.g. users.phones.count or radio.noiseDbmPerHz');
  }
  // Assigning these would change an object's prototype (or shadow it) rather than set a field the schema can judge.
  const reserved = segments.find((s) => RESERVED.has(s));
  if (reserved !== undefined) throw new OverridePathError(path, `"${reserved}" is not a topology field`);
  return segments;
}

/** A deep copy of `data` with each override set, in order. `data` itself is left unchanged. */
export function applyOverrides(data: unknown, overrides: readonly Override[]): unknown {
  if (overrides.length === 0) return data;
  const root = structuredClone(data);
  for (const [path, value] of overrides) setPath(root, path, value);
  return root;
}

function setPath(root: unknown, path: string, value: unknown): void {
  const segments = splitPath(path);
  let node: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    const here = segments.slice(0, i + 1).join('.');
    if (Array.isArray(node)) {
      const index = arrayIndex(node, segment, here);
      if (last) node[index] = structuredClone(value);
      else node = node[index];
    } else if (node !== null && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (last) obj[segment] = structuredClone(value);
      else {
        if (!Object.prototype.hasOwnProperty.call(obj, segment) || obj[segment] === undefined) obj[segment] = {};
        node = obj[segment];
      }
    } else {
      const parent = segments.slice(0, i).join('.');
      throw new OverridePathError(here, `cannot set a field inside ${parent === '' ? 'the topology' : parent}, which is ${describe(node)}`);
    }
  }
}

function arrayIndex(list: unknown[], segment: string, here: string): number {
  if (/^\d+$/.test(segment)) {
    const index = Number(segment);
    if (index >= list.length) throw new OverridePathError(here, `index ${index} is out of range: the list has ${list.length} entries`);
    return index;
  }
  const index = list.findIndex((e) => e !== null && typeof e === 'object' && (e as { name?: unknown }).name === segment);
  if (index < 0) {
    const names = list.map((e) => (e !== null && typeof e === 'object' ? (e as { name?: unknown }).name : undefined)).filter((n) => typeof n === 'string');
    throw new OverridePathError(here, `no entry named "${segment}" in this list${names.length > 0 ? ` (names: ${names.join(', ')})` : ''}; use a name or an index`);
  }
  return index;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return `a ${typeof v} (${JSON.stringify(v)})`;
}
