import fs from 'node:fs';
import path from 'node:path';

/** A value a CSV cell can hold. */
export type CsvValue = number | string | boolean | null | undefined;

/**
 * One cell: numbers as `String(x)` (the shortest text that reads back to the
 * same double, so output is deterministic and lossless), booleans as
 * true/false, null and undefined as an empty cell, strings quoted only when
 * they hold a comma, a quote or a line break (RFC 4180).
 */
export function formatCell(v: CsvValue): string {
  if (typeof v === 'number') return String(v);
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

const FLUSH_CHARS = 1 << 16;

/**
 * Streams rows of objects to a CSV file with a fixed column order: the
 * header is the column names, each row the named fields in that order. Rows
 * are buffered and written in chunks, so memory does not grow with the file.
 * Lines end with `\n`.
 */
/** A row holding at least the named columns. */
export type CsvRow<Cols extends readonly string[]> = { readonly [K in Cols[number]]: CsvValue };

export class CsvWriter<Cols extends readonly string[] = readonly string[]> {
  private fd: number | null;
  private buffer = '';
  private rowCount = 0;

  constructor(
    readonly file: string,
    readonly columns: Cols,
  ) {
    if (columns.length === 0) throw new RangeError(`${file}: a CSV needs at least one column`);
    this.fd = fs.openSync(file, 'w');
    this.buffer = columns.map((c) => formatCell(c)).join(',') + '\n';
  }

  get rows(): number {
    return this.rowCount;
  }

  write(row: CsvRow<Cols>): void {
    if (this.fd === null) throw new Error(`${this.file}: write after close`);
    const cols = this.columns;
    let line = formatCell(row[cols[0] as Cols[number]]);
    for (let i = 1; i < cols.length; i++) line += ',' + formatCell(row[cols[i] as Cols[number]]);
    this.buffer += line + '\n';
    this.rowCount++;
    if (this.buffer.length >= FLUSH_CHARS) this.flush();
  }

  flush(): void {
    if (this.fd === null || this.buffer.length === 0) return;
    fs.writeSync(this.fd, this.buffer);
    this.buffer = '';
  }

  close(): void {
    if (this.fd === null) return;
    try {
      this.flush();
    } finally {
      fs.closeSync(this.fd);
      this.fd = null;
    }
  }

  /** Close without flushing (the file is being thrown away). */
  discard(): void {
    if (this.fd === null) return;
    this.buffer = '';
    fs.closeSync(this.fd);
    this.fd = null;
  }
}

/** JSON with two-space indents and a final newline: same value, same bytes. */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/**
 * A run's output folder, written atomically. Everything goes into a hidden
 * sibling `.<name>.tmp-<pid>`; `commit` renames it to `<name>`, replacing an
 * earlier folder of that name only once the new one is complete; `abort`
 * deletes it. So a reader finds either the old complete folder or the new
 * complete one, never a partial one, and a failed run leaves the old folder
 * untouched.
 */
export class OutputFolder {
  readonly finalPath: string;
  readonly tempPath: string;
  private readonly writers: CsvWriter[] = [];
  private state: 'open' | 'committed' | 'aborted' = 'open';

  constructor(finalPath: string) {
    this.finalPath = path.resolve(finalPath);
    const parent = path.dirname(this.finalPath);
    const name = path.basename(this.finalPath);
    this.tempPath = path.join(parent, `.${name}.tmp-${process.pid}`);
    fs.mkdirSync(parent, { recursive: true });
    // A leftover from a crashed run of a process that had our pid.
    fs.rmSync(this.tempPath, { recursive: true, force: true });
    fs.mkdirSync(this.tempPath);
  }

  /** Path of a file inside the (temporary) folder. */
  file(name: string): string {
    this.checkOpen();
    if (name.includes('/') || name.includes('\\') || name === '' || name === '.' || name === '..') {
      throw new RangeError(`output file name must be a plain name, got '${name}'`);
    }
    return path.join(this.tempPath, name);
  }

  csv<Cols extends readonly string[]>(name: string, columns: Cols): CsvWriter<Cols> {
    const w = new CsvWriter<Cols>(this.file(name), columns);
    this.writers.push(w as unknown as CsvWriter);
    return w;
  }

  writeJson(name: string, value: unknown): void {
    fs.writeFileSync(this.file(name), formatJson(value));
  }

  writeText(name: string, text: string): void {
    fs.writeFileSync(this.file(name), text);
  }

  /** Close every writer and move the folder to its final name. */
  commit(): void {
    this.checkOpen();
    try {
      for (const w of this.writers) w.close();
      const old = `${path.join(path.dirname(this.finalPath), '.' + path.basename(this.finalPath))}.old-${process.pid}`;
      fs.rmSync(old, { recursive: true, force: true });
      const hadOld = fs.existsSync(this.finalPath);
      // rename() cannot replace a non-empty folder: move the old one aside,
      // put the new one in place, then delete the old one.
      if (hadOld) fs.renameSync(this.finalPath, old);
      try {
        fs.renameSync(this.tempPath, this.finalPath);
      } catch (err) {
        if (hadOld) fs.renameSync(old, this.finalPath);
        throw err;
      }
      if (hadOld) fs.rmSync(old, { recursive: true, force: true });
      this.state = 'committed';
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
  }

  private checkOpen(): void {
    if (this.state !== 'open') throw new Error(`output folder ${this.finalPath} is already ${this.state}`);
  }
}

/**
 * Run `fill` on a fresh OutputFolder and commit it; if `fill` throws, the
 * temporary folder is removed and the error passes on.
 */
export function writeRunFolder<T>(finalPath: string, fill: (folder: OutputFolder) => T): T {
  const folder = new OutputFolder(finalPath);
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
