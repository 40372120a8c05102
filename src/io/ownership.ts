import fs from 'node:fs';
import path from 'node:path';
import { onPath } from '../engine/environment-error.js';
import { InputError } from '../engine/input-error.js';

/**
 * How mecsim recognises a folder it wrote: a small file `.mecsim` inside it,
 * written before anything else. It names the kind of folder and, for a
 * folder that is replaced as a whole (a run, a reproduction), the files
 * mecsim put there, so a replacement touches those files and no others.
 * A folder without it is never replaced, emptied or written into.
 */
export const MARKER = '.mecsim';
export const MARKER_FORMAT = 'mecsim-output';
export const MARKER_VERSION = 1;

export type FolderKind = 'run' | 'campaign' | 'reproduce';

export interface Marker {
  format: typeof MARKER_FORMAT;
  version: typeof MARKER_VERSION;
  kind: FolderKind;
  /** The files mecsim wrote here (plain names), for kinds replaced as a whole. */
  files?: string[];
}

export function formatMarker(marker: Marker): string {
  return JSON.stringify(marker, null, 2) + '\n';
}

/** The marker of a folder, or null if it has none (or one mecsim did not write). */
export function readMarker(dir: string): Marker | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, MARKER), 'utf8');
  } catch {
    return null;
  }
  try {
    const m = JSON.parse(text) as Marker;
    if (m.format !== MARKER_FORMAT || m.version !== MARKER_VERSION || typeof m.kind !== 'string') return null;
    if (m.files !== undefined && !(Array.isArray(m.files) && m.files.every(isPlainName))) return null;
    return m;
  } catch {
    return null;
  }
}

/** A file name with no folder part, not hidden by accident of `..`. */
export function isPlainName(name: unknown): name is string {
  return typeof name === 'string' && name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

/** Whether a process with this id is running (a temporary name's owner). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What stands at a path mecsim is asked to write a folder to. */
export type TargetState = { kind: 'absent' } | { kind: 'empty' } | { kind: 'owned'; marker: Marker };

/**
 * Checks that mecsim may write a folder of `kind` at `dir`: nothing is
 * there, an empty folder is there, or a folder mecsim wrote (its marker
 * names the same kind). Anything else — a file, a device, a symbolic link,
 * a user's folder, the current folder or one of its parents — is an
 * InputError naming the path (status 2), and is left as it was. `option`
 * names where the path came from, for the message.
 */
export function checkTarget(dir: string, kind: FolderKind, option = '--out'): TargetState {
  const abs = path.resolve(dir);
  if (containsCwd(abs)) throw new InputError(abs, undefined, `is the current folder or one of its parents; give ${option} a folder of its own`);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    return onPath(abs, () => {
      throw err;
    });
  }
  const refuse = (what: string): never => {
    throw new InputError(abs, undefined, `${what}; mecsim writes only new folders or folders it wrote itself: choose another ${option} or remove it yourself`);
  };
  if (stat.isSymbolicLink()) refuse('is a symbolic link');
  if (!stat.isDirectory()) refuse(stat.isFile() ? 'is an existing file' : 'exists and is not a folder (a device, pipe or socket)');
  const entries = onPath(abs, () => fs.readdirSync(abs), 'read');
  if (entries.length === 0) return { kind: 'empty' };
  const marker = readMarker(abs);
  if (marker === null) refuse(`is a folder mecsim did not write (it has no ${MARKER} marker)`);
  if (marker!.kind !== kind) refuse(`is a ${marker!.kind} folder of mecsim, not a ${kind} folder`);
  return { kind: 'owned', marker: marker! };
}

/** Whether `abs` is the current folder or one of its parents, also when reached through a symbolic link. */
export function containsCwd(abs: string): boolean {
  const cwd = process.cwd();
  const inside = (a: string, c: string): boolean => a === c || c.startsWith(a.endsWith(path.sep) ? a : a + path.sep);
  if (inside(abs, cwd)) return true;
  try {
    return inside(fs.realpathSync(abs), fs.realpathSync(cwd));
  } catch {
    return false;
  }
}
