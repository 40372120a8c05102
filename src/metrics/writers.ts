import fs from 'node:fs';
import { onPath } from '../engine/environment-error.js';

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
    /** The path named when the disk fails (the final name of a file written under a temporary one). */
    readonly shownAs: string = file,
  ) {
    if (columns.length === 0) throw new RangeError(`${file}: a CSV needs at least one column`);
    this.fd = onPath(shownAs, () => fs.openSync(file, 'w'));
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
    const fd = this.fd;
    onPath(this.shownAs, () => fs.writeSync(fd, this.buffer));
    this.buffer = '';
  }

  close(): void {
    if (this.fd === null) return;
    try {
      this.flush();
    } finally {
      const fd = this.fd;
      this.fd = null;
      onPath(this.shownAs, () => fs.closeSync(fd));
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
