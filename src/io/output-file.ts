import fs from 'node:fs';
import path from 'node:path';
import { onPath } from '../engine/environment-error.js';
import { InputError } from '../engine/input-error.js';
import { removeStaleSiblings, writeFileAtomic } from './temporaries.js';

/** Tells, from its first bytes, whether an existing file is one mecsim writes of this kind. */
export type Recogniser = { what: string; test: (head: Buffer) => boolean };

/**
 * Writes a single output file a user named (a trace, a plot), atomically.
 * A file there is replaced only if it is a regular file that `recognise`
 * identifies as mecsim's own kind of output (say, a trace with mecsim's
 * header); a folder, device, symbolic link or any other file is an
 * InputError naming it (status 2) and stays as it was. Missing parent
 * folders are created.
 */
export function writeOutputFile(file: string, bytes: string | Uint8Array, recognise: Recogniser, option = '--out'): void {
  const abs = path.resolve(file);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.lstatSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') onPath(abs, () => { throw err; });
  }
  if (stat !== undefined) {
    const refuse = (what: string): never => {
      throw new InputError(abs, undefined, `${what}; mecsim replaces only a file of the kind it writes (${recognise.what}): choose another ${option} or remove it yourself`);
    };
    if (stat.isSymbolicLink()) refuse('is a symbolic link');
    if (stat.isDirectory()) refuse('is a folder');
    if (!stat.isFile()) refuse('exists and is not a regular file (a device, pipe or socket)');
    if (!recognise.test(readHead(abs))) refuse(`is an existing file that is not ${recognise.what}`);
  }
  onPath(abs, () => fs.mkdirSync(path.dirname(abs), { recursive: true }));
  removeStaleSiblings(path.dirname(abs), path.basename(abs));
  writeFileAtomic(abs, bytes);
}

function readHead(file: string): Buffer {
  return onPath(
    file,
    () => {
      const fd = fs.openSync(file, 'r');
      try {
        const buf = Buffer.alloc(512);
        const n = fs.readSync(fd, buf, 0, buf.length, 0);
        return buf.subarray(0, n);
      } finally {
        fs.closeSync(fd);
      }
    },
    'read',
  );
}

/** A text file whose first line is one of `headers` (mecsim's CSV headers). */
export function startsWithLine(what: string, ...headers: string[]): Recogniser {
  return {
    what,
    test: (head) => {
      const first = head.toString('utf8').split(/\r?\n/, 1)[0];
      return headers.some((h) => (h.endsWith('*') ? first.startsWith(h.slice(0, -1)) : first === h));
    },
  };
}

/** Any of the recognisers. */
export function eitherOf(what: string, ...list: Recogniser[]): Recogniser {
  return { what, test: (head) => list.some((r) => r.test(head)) };
}
