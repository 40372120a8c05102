import { InputError } from '../engine/input-error.js';
import { confidenceInterval, empiricalCdf, RunningStats } from '../metrics/stats.js';
import { sortSeries } from './series.js';
import type { CdfRow, IntervalRow } from './specs.js';

/**
 * From a table of runs (one row per run, a column per parameter and per
 * metric) to the rows a plot draws: means with 95% Student-t intervals
 * over the replications of each (x, series) cell, or CDF steps.
 */

export type Cell = string | number | null;
export type TableRow = Record<string, Cell>;

export const LEVEL = 0.95;

/** Text of a cell as a filter compares it: numbers as `String(x)`, null as ''. */
function cellText(c: Cell | undefined): string {
  return c === null || c === undefined ? '' : String(c);
}

function checkColumn(rows: readonly TableRow[], column: string, option: string): void {
  if (rows.length > 0 && !(column in rows[0])) {
    throw new InputError(option, undefined, `no column "${column}"; the columns are: ${Object.keys(rows[0]).join(', ')}`);
  }
}

/** Rows whose column equals the value, for each `column=value` filter. */
export function filterRows(rows: readonly TableRow[], where: Readonly<Record<string, string>>): TableRow[] {
  for (const column of Object.keys(where)) checkColumn(rows, column, '--where');
  const out = rows.filter((r) => Object.entries(where).every(([k, v]) => cellText(r[k]) === v));
  if (out.length === 0 && rows.length > 0) throw new InputError('--where', undefined, 'no run matches the filters');
  return out;
}

/**
 * A plot averages over replications only. Each of `dimensions` (the columns
 * that define a configuration) not drawn as x or series must take a single
 * value for each combination of the drawn columns, or the plot would
 * silently average different configurations. A column that moves with a
 * drawn one (two user groups swept together, against their total) passes.
 */
export function checkSingleValued(rows: readonly TableRow[], dimensions: readonly string[], drawn: readonly string[]): void {
  const drawnColumns = drawn.filter((d) => d !== '');
  for (const d of dimensions) {
    if (drawn.includes(d)) continue;
    const byDrawn = new Map<string, Set<string>>();
    for (const r of rows) {
      const id = JSON.stringify(drawnColumns.map((c) => cellText(r[c])));
      let set = byDrawn.get(id);
      if (set === undefined) byDrawn.set(id, (set = new Set()));
      set.add(cellText(r[d]));
    }
    if ([...byDrawn.values()].every((set) => set.size <= 1)) continue;
    const values = [...new Set(rows.map((r) => cellText(r[d])))];
    throw new InputError(
      undefined,
      undefined,
      `column "${d}" takes ${values.length} values (${values.slice(0, 6).join(', ')}${values.length > 6 ? ', ...' : ''}); draw it with --by or --x, or pick one with --where "${d}=${values[0]}"`,
    );
  }
}

function numericOrText(values: readonly Cell[]): Cell[] {
  const allNumeric = values.every((v) => typeof v === 'number' || (typeof v === 'string' && v !== '' && Number.isFinite(Number(v))));
  return allNumeric ? values.map(Number) : values.map(cellText);
}

/**
 * Mean and interval of column `y` for each (x, series) cell, series in
 * legend order (src/report/series.ts), x ascending when numeric (else in order of first
 * appearance). Without `by` every row is one series named after `y`.
 */
export function intervalRows(rows: readonly TableRow[], x: string, y: string, by?: string): IntervalRow[] {
  checkColumn(rows, x, '--x');
  checkColumn(rows, y, '--y');
  if (by !== undefined) checkColumn(rows, by, '--by');
  const cells = new Map<string, { x: Cell; series: string; stats: RunningStats }>();
  const xs = numericOrText(rows.map((r) => r[x]));
  rows.forEach((r, i) => {
    const series = by === undefined ? y : cellText(r[by]);
    const id = JSON.stringify([series, xs[i]]);
    let cell = cells.get(id);
    if (cell === undefined) {
      cell = { x: xs[i], series, stats: new RunningStats() };
      cells.set(id, cell);
    }
    const v = r[y];
    const value = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(value)) throw new InputError('--y', undefined, `column "${y}" holds "${cellText(v)}", not a finite number`);
    cell.stats.push(value);
  });
  const seriesOrder = sortSeries([...cells.values()].map((c) => c.series));
  const out = [...cells.values()].map((c): IntervalRow => {
    const ci = confidenceInterval(c.stats, LEVEL);
    const ok = Number.isFinite(ci.halfWidth);
    return { x: c.x as number | string, series: c.series, mean: c.stats.mean, lower: ok ? ci.lower : null, upper: ok ? ci.upper : null, n: c.stats.count };
  });
  const numericX = out.every((r) => typeof r.x === 'number');
  return out.sort((a, b) => seriesOrder.indexOf(a.series) - seriesOrder.indexOf(b.series) || (numericX ? (a.x as number) - (b.x as number) : 0));
}

/** What a filter kept, for a caption: `users.pedestrians.count = 60, allocator = proposed`. */
export function filterText(where: Readonly<Record<string, string>>): string {
  return Object.entries(where).map(([k, v]) => `${k} = ${v}`).join(', ');
}

/**
 * The caption of a plot of means: what the marks and bands are, over how
 * many seeds, and which runs a filter kept.
 */
export function intervalCaption(rows: readonly IntervalRow[], where: Readonly<Record<string, string>> = {}): string[] {
  const ns = rows.map((r) => r.n);
  const lo = Math.min(...ns);
  const hi = Math.max(...ns);
  const over = lo === hi ? `${lo} seed${lo === 1 ? '' : 's'}` : `${lo}–${hi} seeds`;
  const what = hi <= 1 ? `value of one seed (no interval)` : `mean and ${Math.round(LEVEL * 100)}% Student-t interval over ${over}`;
  return [what, ...(Object.keys(where).length === 0 ? [] : [`runs with ${filterText(where)}`])];
}

/** The caption of an empirical CDF: what was pooled, and the filter. */
export function cdfCaption(what: string, where: Readonly<Record<string, string>> = {}): string[] {
  return [what, ...(Object.keys(where).length === 0 ? [] : [`runs with ${filterText(where)}`])];
}

/**
 * CDF steps of each series' sample, series in the order given. A drawing
 * needs no more steps than it has pixels: above `maxSteps` distinct values a
 * series keeps, for each of `maxSteps` equal rises of the fraction, the
 * first step that reaches it (and always the first and last), so the curve
 * is exact to within 1/maxSteps in height and the file stays small.
 */
export function cdfRows(samples: ReadonlyMap<string, ArrayLike<number>>, maxSteps = 500): CdfRow[] {
  const out: CdfRow[] = [];
  for (const [series, values] of samples) {
    const steps = empiricalCdf(values);
    let level = 0;
    steps.forEach((p, i) => {
      const keep = steps.length <= maxSteps || i === 0 || i === steps.length - 1 || p.fraction >= level;
      if (!keep) return;
      out.push({ value: p.value, fraction: p.fraction, series });
      level = (Math.floor(p.fraction * maxSteps) + 1) / maxSteps;
    });
  }
  return out;
}

/**
 * A step family (`objectiveStep0`, `objectiveStep1`, ...: one column per
 * step of a trace) in long form: one row per run and step, with the step
 * number in column `step` and the value in column `prefix`. Steps after the
 * last one at which any run of the same `by` value still changed are left
 * out, so each series ends where its slowest run settled.
 */
export function stepRows(rows: readonly TableRow[], prefix: string, by?: string): TableRow[] {
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)$`);
  const columns = rows.length === 0 ? [] : Object.keys(rows[0]).filter((c) => pattern.test(c));
  if (rows.length > 0 && columns.length === 0) throw new InputError('--y', undefined, `no step columns "${prefix}<k>"; record a trace first (sweep field "trace")`);
  const steps = columns.map((c) => ({ column: c, k: Number(pattern.exec(c)![1]) })).sort((a, b) => a.k - b.k);
  const lastChange = new Map<string, number>();
  for (const r of rows) {
    const series = by === undefined ? '' : cellText(r[by]);
    let last = lastChange.get(series) ?? 0;
    steps.forEach((s, i) => {
      if (i > 0 && r[s.column] !== r[steps[i - 1].column]) last = Math.max(last, s.k);
    });
    lastChange.set(series, last);
  }
  const out: TableRow[] = [];
  for (const r of rows) {
    const last = lastChange.get(by === undefined ? '' : cellText(r[by]))!;
    for (const s of steps) if (s.k <= last) out.push({ ...r, step: s.k, [prefix]: r[s.column] });
  }
  return out;
}
