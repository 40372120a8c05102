import path from 'node:path';
import { formatCell, formatJson, type CsvValue } from '../metrics/writers.js';
import { DERIVED_COLUMNS, runTotals, type DerivedColumn } from './derived.js';
import { differences, LEVEL, metricNames, summarize, type Group } from './aggregate.js';
import type { CampaignPlan } from './plan.js';
import { canonicalJson, type RunResult } from './spec.js';
import { writeFileAtomic } from '../io/temporaries.js';
import { readFinished } from './store.js';

/**
 * The campaign's tables, written once every run has a result:
 *
 * - results.csv: one row per run (index order): index, key, the point's
 *   fields, allocator, scheduler, seed, folder, then every metric;
 * - summary.csv: one row per group and metric: mean, standard deviation and
 *   the 95% Student-t interval over the seeds;
 * - differences.csv (with a baseline): one row per group and metric, the
 *   paired difference against the baseline and its 95% interval.
 *
 * Each ends with the derived columns (totalUsers, totalServers:
 * src/campaign/derived.ts) when given, and each CSV file has a JSON file
 * beside it (results.json, ...): an array with one object per row, keyed
 * by the CSV's header, for tools that would rather not parse CSV.
 *
 * Scalars are written as they are; lists and objects as canonical JSON.
 */

/** A table's header and rows, written as CSV and as JSON. */
export interface Table {
  header: string[];
  rows: CsvValue[][];
}

/** The derived columns of a run (by its result), or none. */
export type Derived = (r: RunResult) => Record<DerivedColumn, number | null>;

function cellOf(v: unknown): CsvValue {
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v as CsvValue;
  return canonicalJson(v);
}

function csv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const line = (cells: readonly CsvValue[]): string => cells.map(formatCell).join(',');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export function tableCsv(t: Table): string {
  return csv(t.header, t.rows);
}

/** One object per row; an empty cell is null, a number that is not finite too (JSON has no NaN). */
export function tableJson(t: Table): string {
  return formatJson(t.rows.map((row) => Object.fromEntries(t.header.map((h, i) => {
    const v = row[i];
    return [h, v === undefined || v === '' || (typeof v === 'number' && !Number.isFinite(v)) ? null : v];
  }))));
}

function derivedHeader(derived: Derived | undefined): string[] {
  return derived === undefined ? [] : [...DERIVED_COLUMNS];
}

function derivedCells(derived: Derived | undefined, r: RunResult): CsvValue[] {
  if (derived === undefined) return [];
  const d = derived(r);
  return DERIVED_COLUMNS.map((c) => d[c]);
}

function groupCells(g: Group, fields: readonly string[]): CsvValue[] {
  return [...fields.map((f) => cellOf(g.point[f])), g.allocator, g.scheduler ?? ''];
}

export function resultsTable(results: readonly RunResult[], fields: readonly string[], derived?: Derived): Table {
  const metrics = metricNames(results);
  const sorted = [...results].sort((a, b) => a.index - b.index);
  const rows = sorted.map((r) => {
    const point = Object.fromEntries(r.spec.overrides);
    return [r.index, r.key, ...fields.map((f) => cellOf(point[f])), r.spec.allocator, r.spec.scheduler ?? '', r.spec.seed, r.folder ?? '', ...metrics.map((m) => r.metrics[m] ?? NaN), ...derivedCells(derived, r)];
  });
  return { header: ['index', 'key', ...fields, 'allocator', 'scheduler', 'seed', 'folder', ...metrics, ...derivedHeader(derived)], rows };
}

export function resultsCsv(results: readonly RunResult[], fields: readonly string[], derived?: Derived): string {
  return tableCsv(resultsTable(results, fields, derived));
}

export function summaryTable(results: readonly RunResult[], fields: readonly string[], derived?: Derived): Table {
  // Every run of a group has the same point, so its first run's derived columns are the group's.
  const rows = summarize(results).map((s) => [...groupCells(s.group, fields), s.metric, s.n, s.mean, s.std, LEVEL, s.halfWidth, s.lower, s.upper, ...derivedCells(derived, s.group.runs[0])]);
  return { header: [...fields, 'allocator', 'scheduler', 'metric', 'n', 'mean', 'std', 'level', 'halfWidth', 'lower', 'upper', ...derivedHeader(derived)], rows };
}

export function summaryCsv(results: readonly RunResult[], fields: readonly string[], derived?: Derived): string {
  return tableCsv(summaryTable(results, fields, derived));
}

export function differencesTable(results: readonly RunResult[], fields: readonly string[], baseline: string, derived?: Derived): Table {
  const rows = differences(results, baseline).map((d) => [
    ...groupCells(d.group, fields),
    d.baseline.allocator,
    d.baseline.scheduler ?? '',
    d.metric,
    d.n,
    d.mean,
    LEVEL,
    d.halfWidth,
    d.lower,
    d.upper,
    d.relative,
    ...derivedCells(derived, d.group.runs[0]),
  ]);
  return { header: [...fields, 'allocator', 'scheduler', 'baselineAllocator', 'baselineScheduler', 'metric', 'n', 'meanDifference', 'level', 'halfWidth', 'lower', 'upper', 'relative', ...derivedHeader(derived)], rows };
}

export function differencesCsv(results: readonly RunResult[], fields: readonly string[], baseline: string, derived?: Derived): string {
  return tableCsv(differencesTable(results, fields, baseline, derived));
}

/** Every run's result, in index order (each must exist). */
export function readAllResults(outDir: string, plan: CampaignPlan): RunResult[] {
  return plan.runs.map((r) => {
    const result = readFinished(outDir, r.key, r.index);
    if (result === null) throw new Error(`run ${r.index} (${r.key}) has no result in ${outDir}`);
    return result;
  });
}

/** Writes results, summary and (with a baseline) differences, each as .csv and .json, into the campaign folder. */
export function writeTables(outDir: string, plan: CampaignPlan): RunResult[] {
  const results = readAllResults(outDir, plan);
  const derived: Derived = (r) => runTotals(r, outDir);
  const tables: Array<[string, Table]> = [
    ['results', resultsTable(results, plan.fields, derived)],
    ['summary', summaryTable(results, plan.fields, derived)],
  ];
  if (plan.baseline !== null) tables.push(['differences', differencesTable(results, plan.fields, plan.baseline, derived)]);
  for (const [name, table] of tables) {
    writeFileAtomic(path.join(outDir, `${name}.csv`), tableCsv(table));
    writeFileAtomic(path.join(outDir, `${name}.json`), tableJson(table));
  }
  return results;
}
