import path from 'node:path';
import { formatCell, type CsvValue } from '../metrics/writers.js';
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
 * Scalars are written as they are; lists and objects as canonical JSON.
 */

function cellOf(v: unknown): CsvValue {
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v as CsvValue;
  return canonicalJson(v);
}

function csv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const line = (cells: readonly CsvValue[]): string => cells.map(formatCell).join(',');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

function groupCells(g: Group, fields: readonly string[]): CsvValue[] {
  return [...fields.map((f) => cellOf(g.point[f])), g.allocator, g.scheduler ?? ''];
}

export function resultsCsv(results: readonly RunResult[], fields: readonly string[]): string {
  const metrics = metricNames(results);
  const sorted = [...results].sort((a, b) => a.index - b.index);
  const rows = sorted.map((r) => {
    const point = Object.fromEntries(r.spec.overrides);
    return [r.index, r.key, ...fields.map((f) => cellOf(point[f])), r.spec.allocator, r.spec.scheduler ?? '', r.spec.seed, r.folder ?? '', ...metrics.map((m) => r.metrics[m] ?? NaN)];
  });
  return csv(['index', 'key', ...fields, 'allocator', 'scheduler', 'seed', 'folder', ...metrics], rows);
}

export function summaryCsv(results: readonly RunResult[], fields: readonly string[]): string {
  const rows = summarize(results).map((s) => [...groupCells(s.group, fields), s.metric, s.n, s.mean, s.std, LEVEL, s.halfWidth, s.lower, s.upper]);
  return csv([...fields, 'allocator', 'scheduler', 'metric', 'n', 'mean', 'std', 'level', 'halfWidth', 'lower', 'upper'], rows);
}

export function differencesCsv(results: readonly RunResult[], fields: readonly string[], baseline: string): string {
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
  ]);
  return csv([...fields, 'allocator', 'scheduler', 'baselineAllocator', 'baselineScheduler', 'metric', 'n', 'meanDifference', 'level', 'halfWidth', 'lower', 'upper', 'relative'], rows);
}

/** Every run's result, in index order (each must exist). */
export function readAllResults(outDir: string, plan: CampaignPlan): RunResult[] {
  return plan.runs.map((r) => {
    const result = readFinished(outDir, r.key, r.index);
    if (result === null) throw new Error(`run ${r.index} (${r.key}) has no result in ${outDir}`);
    return result;
  });
}

/** Writes results.csv, summary.csv and (with a baseline) differences.csv into the campaign folder. */
export function writeTables(outDir: string, plan: CampaignPlan): RunResult[] {
  const results = readAllResults(outDir, plan);
  writeFileAtomic(path.join(outDir, 'results.csv'), resultsCsv(results, plan.fields));
  writeFileAtomic(path.join(outDir, 'summary.csv'), summaryCsv(results, plan.fields));
  if (plan.baseline !== null) writeFileAtomic(path.join(outDir, 'differences.csv'), differencesCsv(results, plan.fields, plan.baseline));
  return results;
}
