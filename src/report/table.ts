/** Plain-text tables for the terminal: numbers right-aligned, text left-aligned. */

export interface Column<R> {
  header: string;
  value: (row: R) => string | number;
  /** Significant digits for numbers (default 4). */
  digits?: number;
}

/** A number with `digits` significant digits, switching to exponent form outside [1e-3, 1e7). */
export function formatNumber(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e7) return String(x);
  const a = Math.abs(x);
  if (a >= 1e7 || a < 1e-3) return x.toExponential(digits - 1);
  return x.toPrecision(digits).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

export function formatTable<R>(columns: Column<R>[], rows: R[], footer: R[] = []): string {
  const render = (r: R): Array<{ text: string; numeric: boolean }> =>
    columns.map((c) => {
      const v = c.value(r);
      return typeof v === 'number' ? { text: formatNumber(v, c.digits), numeric: true } : { text: v, numeric: false };
    });
  const body = rows.map(render);
  const foot = footer.map(render);
  const widths = columns.map((c, i) => Math.max(c.header.length, ...[...body, ...foot].map((cells) => cells[i].text.length)));
  const line = (cells: Array<{ text: string; numeric: boolean }>): string =>
    cells.map((cell, i) => (cell.numeric ? cell.text.padStart(widths[i]) : cell.text.padEnd(widths[i]))).join('  ').trimEnd();
  const header = columns.map((c, i) => c.header.padEnd(widths[i])).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [header, rule, ...body.map(line)];
  if (foot.length > 0) out.push(rule, ...foot.map(line));
  return out.join('\n');
}
