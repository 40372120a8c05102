import fs from 'node:fs';
import path from 'node:path';
import { onPath } from '../engine/environment-error.js';
import { processAlive, readMarker } from './ownership.js';

/**
 * Temporary names: a hidden sibling of the final name carrying the writer's
 * process id, `.<name>.tmp-<pid>` for a folder and
 * `.<name>.tmp-<pid>-<n>` for a file, so a leftover can be told from the
 * work of a process still running.
 */
export function temporaryName(name: string): string {
  return `.${name}.tmp-${process.pid}`;
}

let fileCounter = 0;

export function temporaryFileName(name: string): string {
  return `.${name}.tmp-${process.pid}-${fileCounter++}`;
}

const TEMP = /^\.(.+)\.tmp-(\d+)(?:-\d+)?$/;

/** The process id in a temporary name, or null if it is not one. */
export function temporaryOwner(entry: string): { name: string; pid: number } | null {
  const m = TEMP.exec(entry);
  return m === null ? null : { name: m[1], pid: Number(m[2]) };
}

/**
 * Removes temporaries of `name` (or of every name, when undefined) in
 * `dir` whose process is no longer running. A temporary folder is removed
 * only if it is empty or carries mecsim's marker, so a user's folder that
 * happens to have such a name is left alone. Returns how many went.
 */
export function removeStaleSiblings(dir: string, name?: string, alsoOwn = false): number {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let removed = 0;
  for (const e of entries) {
    const owner = temporaryOwner(e.name);
    if (owner === null || (name !== undefined && owner.name !== name)) continue;
    if (owner.pid === process.pid ? !alsoOwn : processAlive(owner.pid)) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory() && !(readMarker(full) !== null || fs.readdirSync(full).length === 0)) continue;
    if (!e.isDirectory() && !e.isFile()) continue;
    onPath(full, () => fs.rmSync(full, { recursive: true, force: true }));
    removed++;
  }
  return removed;
}

/**
 * Writes `file` atomically: a hidden temporary sibling first, then a
 * rename, so the name holds the old bytes or the new ones, never a part.
 * On any failure the temporary is removed and an error of the machine
 * (full disk, read-only folder) becomes an EnvironmentError naming `file`.
 * The caller has checked that `file` may be replaced.
 */
export function writeFileAtomic(file: string, bytes: string | Uint8Array): void {
  const tmp = path.join(path.dirname(file), temporaryFileName(path.basename(file)));
  onPath(file, () => {
    try {
      fs.writeFileSync(tmp, bytes);
      fs.renameSync(tmp, file);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
  });
}
