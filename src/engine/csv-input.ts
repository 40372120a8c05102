import { InputError } from './input-error.js';

/**
 * Reads a numeric CSV file with a fixed header, calling `row` with the
 * numbers of each data line and its `line N` label. Blank lines and lines
 * starting with `#` are skipped. A wrong header, a wrong field count or a
 * field that is not a finite number is an InputError naming the file and the
 * line and showing what was expected.
 */
export function readNumericCsv(
  text: string,
  file: string,
  columns: readonly string[],
  row: (values: number[], where: string, fields: string[]) => void,
): void {
  const header = columns.join(',');
  const lines = text.split(/\r?\n/);
  let seenHeader = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `line ${i + 1}`;
    if (!seenHeader) {
      if (line.replace(/\s+/g, '') !== header) throw new InputError(file, where, `expected the header "${header}", got "${line}"`);
      seenHeader = true;
      continue;
    }
    const fields = line.split(',').map((s) => s.trim());
    if (fields.length !== columns.length) {
      throw new InputError(file, where, `expected ${columns.length} fields "${header}", got ${fields.length}`);
    }
    const values = fields.map(Number);
    if (fields.some((s) => s === '') || !values.every(Number.isFinite)) {
      throw new InputError(file, where, `expected ${columns.length} finite numbers "${header}", got "${line}"`);
    }
    row(values, where, fields);
  }
  if (!seenHeader) throw new InputError(file, 'line 1', `expected the header "${header}"; the file is empty`);
}
