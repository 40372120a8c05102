import fs from 'node:fs';
import path from 'node:path';
import { onPath } from '../engine/environment-error.js';
import { checkTarget, containsCwd, formatMarker, MARKER, MARKER_FORMAT, MARKER_VERSION, type FolderKind } from './ownership.js';
import { removeStaleSiblings } from './temporaries.js';

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
