import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onPath } from '../engine/environment-error.js';
import { InputError } from '../engine/input-error.js';
import { onInterrupt } from './interrupt.js';
import { processAlive } from './ownership.js';

/**
 * One writer per output path. Two commands writing the same `--out` at once
 * would interleave their files when they commit; the second is refused
 * instead, before it computes anything. The lock is a hidden sibling
 * `.<name>.mecsim-lock` created exclusively, holding the writer's host and
 * process id, removed when the writer commits, aborts or is interrupted.
 * A lock left by a process that was killed is stale: on the same host its
 * process is gone, and the next writer removes it. A lock from another host
 * (a shared file system) cannot be checked from here and is respected.
 */
const FORMAT = 'mecsim-lock';

export function lockPath(target: string): string {
  const full = path.resolve(target);
  return path.join(path.dirname(full), `.${path.basename(full)}.mecsim-lock`);
}

interface Holder {
  host: string;
  pid: number;
}

function readHolder(file: string): Holder | null | 'gone' {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    return null;
  }
  const m = /^mecsim-lock host=(\S+) pid=(\d+)\n$/.exec(text);
  return m === null ? null : { host: m[1], pid: Number(m[2]) };
}

/**
 * Takes the write lock of `target`; returns its release (idempotent).
 * `option` names the command-line option that chose the path, for the
 * message that tells a user what to do.
 */
export function acquireWriteLock(target: string, option = '--out'): () => void {
  const file = lockPath(target);
  const host = os.hostname().replace(/\s/g, '_');
  const mine = `${FORMAT} host=${host} pid=${process.pid}\n`;
  for (let attempt = 0; ; attempt++) {
    let created = false;
    onPath(target, () => {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, mine, { flag: 'wx' });
        created = true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    });
    if (created) break;
    const holder = readHolder(file);
    if (holder === 'gone') continue;
    if (holder === null) throw new InputError(file, undefined, `is not a lock mecsim wrote, beside ${target}; move it away or choose another ${option}`);
    const here = holder.host === host;
    if (!here || holder.pid === process.pid || processAlive(holder.pid) || attempt >= 3) {
      const who = here ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
      throw new InputError(target, undefined, `another mecsim (${who}) is writing here; wait for it to finish or choose another ${option} (if that process is gone, remove ${file})`);
    }
    onPath(file, () => fs.rmSync(file, { force: true }));
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    stopListening();
    // Only our own lock: never a file that took its place.
    const holder = readHolder(file);
    if (holder !== null && holder !== 'gone' && holder.host === host && holder.pid === process.pid) fs.rmSync(file, { force: true });
  };
  const stopListening = onInterrupt(release);
  return release;
}
