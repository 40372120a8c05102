import fs from 'node:fs';
import path from 'node:path';
import { onPath } from '../engine/environment-error.js';
import { InputError } from '../engine/input-error.js';
import { checkTarget, containsCwd, formatMarker, isPlainName, MARKER, MARKER_FORMAT, MARKER_VERSION, readMarker, type FolderKind } from './ownership.js';
import { removeStaleSiblings, writeFileAtomic } from './temporaries.js';

/**
 * Opens a folder mecsim fills over time and resumes (a campaign): creates
 * it with its marker, or checks that the folder there is one mecsim wrote
 * of this kind (else an InputError naming it, status 2). `adopt` may
 * recognise a folder of this kind written before folders had markers; it
 * then gets one. Stale temporaries of dead processes inside are removed.
 */
export function openOwnedFolder(dir: string, kind: FolderKind, options: { option?: string; adopt?: (dir: string) => boolean } = {}): string {
  const abs = path.resolve(dir);
  let state;
  try {
    state = checkTarget(abs, kind, options.option);
  } catch (err) {
    if (!adoptable(abs, options.adopt)) throw err;
    state = { kind: 'empty' as const };
  }
  if (state.kind !== 'owned') {
    onPath(abs, () => {
      fs.mkdirSync(abs, { recursive: true });
      // The marker goes first: whatever is written after it is recognisably ours.
      fs.writeFileSync(path.join(abs, MARKER), formatMarker({ format: MARKER_FORMAT, version: MARKER_VERSION, kind }));
    });
  }
  removeStaleSiblings(abs);
  return abs;
}

/** A real folder (not the current one or a parent), without a marker, that `adopt` recognises. */
function adoptable(abs: string, adopt: ((dir: string) => boolean) | undefined): boolean {
  if (adopt === undefined || fs.existsSync(path.join(abs, MARKER))) return false;
  if (containsCwd(abs)) return false;
  try {
    if (!fs.lstatSync(abs).isDirectory()) return false;
  } catch {
    return false;
  }
  return adopt(abs);
}

/**
 * Writes (or replaces) one file inside a folder mecsim wrote: a report added
 * to a run or campaign folder after the fact. The folder must carry the
 * marker, else an InputError naming it (exit 2) and nothing is written. The
 * file joins the marker's list of files, so a later replacement of a run
 * folder removes it with the rest rather than leaving a report of the
 * earlier run beside the new one. Written atomically.
 */
export function writeIntoOwnedFolder(dir: string, name: string, bytes: string | Uint8Array): string {
  const abs = path.resolve(dir);
  const marker = readMarker(abs);
  if (marker === null) throw new InputError(dir, undefined, `is not a folder mecsim wrote (it has no ${MARKER}); ${name} is written only into mecsim's run and campaign folders`);
  if (!isPlainName(name) || name === MARKER) throw new RangeError(`file name must be a plain name, got '${name}'`);
  const file = path.join(abs, name);
  if (marker.files !== undefined && !marker.files.includes(name)) {
    writeFileAtomic(path.join(abs, MARKER), formatMarker({ ...marker, files: [...marker.files, name].sort() }));
  }
  writeFileAtomic(file, bytes);
  return file;
}
