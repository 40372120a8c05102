import fs from 'node:fs';
import path from 'node:path';
import { onPath } from '../engine/environment-error.js';
import { InputError } from '../engine/input-error.js';
import { CsvWriter, formatJson } from '../metrics/writers.js';
import { onInterrupt } from './interrupt.js';
import { checkTarget, formatMarker, isPlainName, MARKER, MARKER_FORMAT, MARKER_VERSION, processAlive, readMarker, type FolderKind } from './ownership.js';
import { removeStaleSiblings, temporaryName } from './temporaries.js';
import { acquireWriteLock } from './write-lock.js';

/** The file whose presence says a run folder is complete: removed first and put back last when a folder is replaced. */
export const COMPLETE_FILE = 'run.json';

const BACKUP = /^\.mecsim-backup-(\d+)$/;
const LEFTOVER = /^\.mecsim-(?:backup-(\d+)\.tmp|discard-(\d+))$/;

/** Called after each step of a commit that changes the final folder (tests inject failures here). */
export type CommitStepHook = (step: number, what: string) => void;

/**
 * A folder written as a whole (a run, a reproduction): everything goes into
 * a hidden sibling `.<name>.tmp-<pid>` whose marker (`.mecsim`) is written
 * first; `commit` puts it in place; `abort` (and SIGINT, SIGTERM) deletes it.
 *
 * With nothing (or an empty folder) at the final path, commit is one
 * rename. Replacing an earlier folder cannot be one rename in Node (rename
 * does not replace a non-empty folder and there is no exchange), so the
 * final path stays the same folder throughout and its files are swapped:
 *
 *   1. the earlier files are hard-linked into `.mecsim-backup-<pid>` inside
 *      it (built under a `.tmp` name, then renamed: the backup is complete
 *      or absent);
 *   2. run.json is removed: from here the folder reads as incomplete;
 *   3. each new file is renamed over its old version, old files the new
 *      run did not write are removed, then the marker, then run.json;
 *   4. the backup is renamed to `.mecsim-discard-<pid>` and deleted.
 *
 * So the path always exists; a reader sees the earlier complete folder, or
 * one without run.json (during step 3), or the new complete one. If the
 * process dies during steps 1–3, the next mecsim that opens the path
 * restores the earlier files from the backup before anything else
 * (`recoverFolder`); an error (not a kill) during a commit restores them at
 * once. Files in the folder that mecsim did not write are never touched;
 * a new file that would replace one is an error before step 1.
 */
export class OutputFolder {
  readonly finalPath: string;
  readonly tempPath: string;
  private readonly writers: CsvWriter[] = [];
  private readonly names = new Set<string>();
  private state: 'open' | 'committed' | 'aborted' = 'open';
  private readonly release: () => void;
  private readonly unlock: () => void;

  constructor(
    finalPath: string,
    readonly kind: FolderKind = 'run',
    private readonly options: { option?: string; onCommitStep?: CommitStepHook } = {},
  ) {
    this.finalPath = path.resolve(finalPath);
    const parent = path.dirname(this.finalPath);
    this.tempPath = path.join(parent, temporaryName(path.basename(this.finalPath)));
    const target = checkTarget(this.finalPath, kind, options.option);
    this.unlock = acquireWriteLock(this.finalPath, options.option);
    try {
      if (target.kind === 'owned') recoverFolder(this.finalPath);
      onPath(this.finalPath, () => fs.mkdirSync(parent, { recursive: true }));
      removeStaleSiblings(parent, path.basename(this.finalPath));
      onPath(this.finalPath, () => {
        // Ours only if it carries our marker: a leftover of an earlier process that had our pid.
        if (readMarker(this.tempPath) !== null) fs.rmSync(this.tempPath, { recursive: true, force: true });
        fs.mkdirSync(this.tempPath);
      });
    } catch (err) {
      this.unlock();
      throw err;
    }
    this.release = onInterrupt(() => fs.rmSync(this.tempPath, { recursive: true, force: true }));
    try {
      this.writeMarker();
    } catch (err) {
      this.abort();
      throw err;
    }
  }

  /** Path of a file inside the (temporary) folder. */
  file(name: string): string {
    this.checkOpen();
    if (!isPlainName(name) || name === MARKER || name.startsWith('.mecsim-')) {
      throw new RangeError(`output file name must be a plain name, got '${name}'`);
    }
    this.names.add(name);
    return path.join(this.tempPath, name);
  }

  /** Where a file will be once committed (for messages). */
  shownPath(name: string): string {
    return path.join(this.finalPath, name);
  }

  csv<Cols extends readonly string[]>(name: string, columns: Cols): CsvWriter<Cols> {
    const w = new CsvWriter<Cols>(this.file(name), columns, this.shownPath(name));
    this.writers.push(w as unknown as CsvWriter);
    return w;
  }

  writeJson(name: string, value: unknown): void {
    this.writeText(name, formatJson(value));
  }

  writeText(name: string, text: string | Uint8Array): void {
    const file = this.file(name);
    onPath(this.shownPath(name), () => fs.writeFileSync(file, text));
  }

  /** Close every writer and put the folder in place. */
  commit(): void {
    this.checkOpen();
    try {
      for (const w of this.writers) w.close();
      this.writeMarker();
      const target = checkTarget(this.finalPath, this.kind, this.options.option);
      const step = stepper(this.options.onCommitStep);
      if (target.kind === 'owned') {
        replaceFiles(this.finalPath, this.tempPath, target.marker.files ?? [], [...this.names].sort(), step);
        onPath(this.finalPath, () => fs.rmSync(this.tempPath, { recursive: true, force: true }));
      } else {
        // Onto nothing or an empty folder: rename is atomic.
        onPath(this.finalPath, () => fs.renameSync(this.tempPath, this.finalPath));
        step('renamed');
      }
      this.state = 'committed';
      this.release();
      this.unlock();
    } catch (err) {
      this.abort();
      throw err;
    }
  }

  /** Delete the temporary folder; an earlier complete folder stays as it was. */
  abort(): void {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    for (const w of this.writers) {
      try {
        w.discard();
      } catch {
        // Closing a broken descriptor must not hide the error that brought us here.
      }
    }
    fs.rmSync(this.tempPath, { recursive: true, force: true });
    this.release();
    this.unlock();
  }

  private writeMarker(): void {
    const text = formatMarker({ format: MARKER_FORMAT, version: MARKER_VERSION, kind: this.kind, files: [...this.names].sort() });
    onPath(this.finalPath, () => fs.writeFileSync(path.join(this.tempPath, MARKER), text));
  }

  private checkOpen(): void {
    if (this.state !== 'open') throw new Error(`output folder ${this.finalPath} is already ${this.state}`);
  }
}

/** Numbers the steps of a commit; the test hook MECSIM_TEST_CRASH_AT_COMMIT_STEP=k kills the process at step k. */
function stepper(hook: CommitStepHook | undefined): (what: string) => void {
  const crashAt = Number(process.env.MECSIM_TEST_CRASH_AT_COMMIT_STEP ?? NaN);
  let n = 0;
  return (what) => {
    n++;
    hook?.(n, what);
    if (n === crashAt) process.kill(process.pid, 'SIGKILL');
  };
}

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Steps 1–4 of the replacement described on OutputFolder. */
function replaceFiles(dir: string, temp: string, listed: readonly string[], written: readonly string[], step: (what: string) => void): void {
  const old = listed.filter((f) => exists(path.join(dir, f)));
  for (const f of written) {
    if (!old.includes(f) && exists(path.join(dir, f))) {
      throw new InputError(path.join(dir, f), undefined, 'is a file mecsim did not write, in the folder it would replace; move it away or choose another --out');
    }
  }
  const backup = path.join(dir, `.mecsim-backup-${process.pid}`);
  const building = `${backup}.tmp`;
  try {
    onPath(dir, () => {
      fs.rmSync(building, { recursive: true, force: true });
      fs.mkdirSync(building);
      for (const f of [...old, MARKER]) linkOrCopy(path.join(dir, f), path.join(building, f));
      fs.renameSync(building, backup);
    });
    step('backup ready');
    onPath(dir, () => {
      if (old.includes(COMPLETE_FILE)) {
        fs.unlinkSync(path.join(dir, COMPLETE_FILE));
        step(`removed ${COMPLETE_FILE}`);
      }
      for (const f of written) {
        if (f === COMPLETE_FILE) continue;
        fs.renameSync(path.join(temp, f), path.join(dir, f));
        step(`moved ${f}`);
      }
      for (const f of old) {
        if (written.includes(f) || f === COMPLETE_FILE) continue;
        fs.unlinkSync(path.join(dir, f));
        step(`removed ${f}`);
      }
      fs.renameSync(path.join(temp, MARKER), path.join(dir, MARKER));
      step('moved marker');
      if (written.includes(COMPLETE_FILE)) {
        fs.renameSync(path.join(temp, COMPLETE_FILE), path.join(dir, COMPLETE_FILE));
        step(`moved ${COMPLETE_FILE}`);
      }
    });
  } catch (err) {
    try {
      fs.rmSync(building, { recursive: true, force: true });
      if (exists(backup)) restoreBackup(dir, backup, temp);
    } catch {
      // The backup stays; the next mecsim to open this folder restores it.
    }
    throw err;
  }
  const discard = path.join(dir, `.mecsim-discard-${process.pid}`);
  onPath(dir, () => fs.renameSync(backup, discard));
  step('backup discarded');
  onPath(dir, () => fs.rmSync(discard, { recursive: true, force: true }));
  step('backup deleted');
}

function linkOrCopy(from: string, to: string): void {
  try {
    fs.linkSync(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw err;
    fs.copyFileSync(from, to);
  }
}

/**
 * Puts back the earlier files of an interrupted replacement: files the new
 * run wrote (named by its marker, in the folder or still in its temporary
 * folder) go, the backup's files return, the marker last. Every step can be
 * repeated, so a kill during a restore is itself restored the next time.
 * If the temporary folder is empty, every new file had been moved (the
 * process died between step 3 and 4): the new folder is complete and only
 * the backup goes.
 */
function restoreBackup(dir: string, backup: string, temp: string): void {
  const saved = readMarker(backup);
  const written = new Set([...(readMarker(dir)?.files ?? []), ...(readMarker(temp)?.files ?? [])]);
  const newComplete = !exists(temp) || fs.readdirSync(temp).length === 0;
  if (saved === null || newComplete) {
    // Either the restore had finished (the marker goes back last), or every new file, run.json the last, was in place.
    fs.rmSync(backup, { recursive: true, force: true });
  } else {
    const keep = new Set(saved.files ?? []);
    for (const f of written) if (!keep.has(f)) fs.rmSync(path.join(dir, f), { force: true });
    const files = [...keep].filter((f) => f !== COMPLETE_FILE);
    if (keep.has(COMPLETE_FILE)) files.push(COMPLETE_FILE);
    for (const f of files) if (exists(path.join(backup, f))) fs.renameSync(path.join(backup, f), path.join(dir, f));
    fs.renameSync(path.join(backup, MARKER), path.join(dir, MARKER));
    fs.rmSync(backup, { recursive: true, force: true });
  }
  // The temporary folder of the same process: removed if it holds nothing but the new run's files.
  if (exists(temp) && fs.readdirSync(temp).every((f) => f === MARKER || written.has(f))) fs.rmSync(temp, { recursive: true, force: true });
}

/**
 * Finishes what a process that died while replacing `dir` left: an
 * interrupted replacement is undone (the earlier files come back), and a
 * half-built or discarded backup is deleted. Only leftovers of processes
 * that are no longer running are touched. Returns how many it handled.
 */
export function recoverFolder(dir: string): number {
  const abs = path.resolve(dir);
  let handled = 0;
  onPath(abs, () => {
    for (const name of fs.readdirSync(abs)) {
      const backup = BACKUP.exec(name);
      const leftover = LEFTOVER.exec(name);
      const pid = Number(backup?.[1] ?? leftover?.[1] ?? leftover?.[2] ?? NaN);
      if (Number.isNaN(pid) || processAlive(pid)) continue;
      if (backup !== null) {
        restoreBackup(abs, path.join(abs, name), path.join(path.dirname(abs), `.${path.basename(abs)}.tmp-${pid}`));
      } else fs.rmSync(path.join(abs, name), { recursive: true, force: true });
      handled++;
    }
  });
  return handled;
}

/**
 * Run `fill` on a fresh OutputFolder and commit it; if `fill` throws, the
 * temporary folder is removed and the error passes on.
 */
export function writeRunFolder<T>(finalPath: string, fill: (folder: OutputFolder) => T, kind: FolderKind = 'run'): T {
  const folder = new OutputFolder(finalPath, kind);
  let result: T;
  try {
    result = fill(folder);
  } catch (err) {
    folder.abort();
    throw err;
  }
  folder.commit();
  return result;
}
