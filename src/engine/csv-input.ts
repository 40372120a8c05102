import { InputError } from './input-error.js';
import { quoteLine, splitLines } from './text-lines.js';

/**
 * Reads a numeric CSV file with a fixed header, calling `row` with the
 * numbers of each data line and its `line N` label. Blank lines and lines
 * starting with `#` are skipped; any line ending (LF, CRLF, CR) and a
 * byte-order mark are accepted. A wrong header, a wrong field count or a
 * field that is not a finite number is an InputError naming the file and the
 * line and showing what was expected.
 */
export function readNumericCsv(
  text: string,
  file: string,
  columns: readonly string[],
  row: (values: number[], where: string, fields: string[]) => void,
  /** Extra words for a wrong header, e.g. that the file looks like another format. */
  hint?: (line: string) => string,
): void {
  const header = columns.join(',');
  const lines = splitLines(text);
  let seenHeader = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `line ${i + 1}`;
    if (!seenHeader) {
      if (line.replace(/\s+/g, '') !== header) throw new InputError(file, where, `expected the header "${header}", got ${quoteLine(line)}${hint?.(line) ?? ''}`);
      seenHeader = true;
      continue;
    }
    const fields = line.split(',').map((s) => s.trim());
    if (fields.length !== columns.length) {
      throw new InputError(file, where, `expected ${columns.length} fields "${header}", got ${fields.length}`);
    }
    const values = fields.map(Number);
    if (fields.some((s) => s === '') || !values.every(Number.isFinite)) {
      throw new InputError(file, where, `expected ${columns.length} finite numbers "${header}", got ${quoteLine(line)}`);
    }
    row(values, where, fields);
  }
  if (!seenHeader) throw new InputError(file, 'line 1', `expected the header "${header}"; the file is empty`);
}
