import { confidenceInterval, pairedDifferenceInterval, RunningStats } from '../metrics/stats.js';
import { canonicalJson, type RunResult } from './spec.js';

/**
 * Statistics across the seeds of a campaign. Runs that differ only in their
 * seed form a group (one point of the grid, one allocator, one scheduler);
 * each metric of a group gets its mean and a Student-t interval over the
 * seeds, and, against a baseline, the interval of the paired difference
 * (same point, same seed: common random numbers). The statistics themselves
 * are those of src/metrics/stats.ts.
 */

export const LEVEL = 0.95;

export interface Group {
  /** Override values of the point, by field path. */
  point: Record<string, unknown>;
  allocator: string;
  scheduler: string | null;
  /** The group's runs in index order. */
  runs: RunResult[];
}

export interface MetricSummary {
  group: Group;
  metric: string;
  n: number;
  mean: number;
  std: number;
  halfWidth: number;
  lower: number;
  upper: number;
}

export interface MetricDifference {
  group: Group;
  baseline: Group;
  metric: string;
  /** Seeds present in both. */
  n: number;
  /** Mean of (this − baseline) over the paired seeds. */
  mean: number;
  halfWidth: number;
  lower: number;
  upper: number;
  /** The mean difference as a fraction of the baseline's mean over the same seeds. */
  relative: number;
}

function pointOf(r: RunResult): Record<string, unknown> {
  return Object.fromEntries(r.spec.overrides);
}

/** Text that identifies a group: equal for the same point, allocator and scheduler. */
export function groupKey(g: Pick<Group, 'point' | 'allocator' | 'scheduler'>): string {
  return groupId(g.point, g.allocator, g.scheduler);
}

function groupId(point: Record<string, unknown>, allocator: string, scheduler: string | null): string {
  return canonicalJson([point, allocator, scheduler]);
}

/** Groups in order of their first run; runs in index order. */
export function groupRuns(results: readonly RunResult[]): Group[] {
  const sorted = [...results].sort((a, b) => a.index - b.index);
  const groups = new Map<string, Group>();
  for (const r of sorted) {
    const point = pointOf(r);
    const id = groupId(point, r.spec.allocator, r.spec.scheduler);
    let g = groups.get(id);
    if (g === undefined) {
      g = { point, allocator: r.spec.allocator, scheduler: r.spec.scheduler, runs: [] };
      groups.set(id, g);
    }
    g.runs.push(r);
  }
  return [...groups.values()];
}

/** Metric names over all results, sorted. */
export function metricNames(results: readonly RunResult[]): string[] {
  const names = new Set<string>();
  for (const r of results) for (const k of Object.keys(r.metrics)) names.add(k);
  return [...names].sort();
}

function value(r: RunResult, metric: string): number {
  return r.metrics[metric] ?? NaN;
}

/** Mean and t interval of every metric of every group, groups outer, metrics (sorted) inner. */
export function summarize(results: readonly RunResult[], level = LEVEL): MetricSummary[] {
  const metrics = metricNames(results);
  const out: MetricSummary[] = [];
  for (const group of groupRuns(results)) {
    for (const metric of metrics) {
      const s = new RunningStats();
      for (const r of group.runs) s.push(value(r, metric));
      const ci = confidenceInterval(s, level);
      out.push({ group, metric, n: s.count, mean: s.mean, std: s.stdDev, halfWidth: ci.halfWidth, lower: ci.lower, upper: ci.upper });
    }
  }
  return out;
}

/**
 * The allocator and (if it names one) scheduler of a baseline
 * `allocator` or `allocator/scheduler`, among the campaign's own: the
 * split is found by matching, since a module path has slashes of its own.
 */
export function splitBaseline(baseline: string, allocators: readonly string[], schedulers: ReadonlyArray<string | null>): { allocator: string; scheduler?: string } | undefined {
  if (allocators.includes(baseline)) return { allocator: baseline };
  for (const allocator of allocators) {
    for (const scheduler of schedulers) if (scheduler !== null && baseline === `${allocator}/${scheduler}`) return { allocator, scheduler };
  }
  return undefined;
}

/**
 * The baseline of a group: same point, the baseline allocator, and the
 * baseline's scheduler if it names one (`allocator/scheduler`), else the
 * group's own.
 */
export function baselineGroupOf(group: Group, groups: readonly Group[], baseline: string): Group | undefined {
  const split = splitBaseline(baseline, [...new Set(groups.map((g) => g.allocator))], [...new Set(groups.map((g) => g.scheduler))]);
  if (split === undefined) return undefined;
  const { allocator, scheduler } = split;
  const wantScheduler = scheduler === undefined ? group.scheduler : scheduler;
  const id = groupId(group.point, allocator, wantScheduler);
  return groups.find((g) => groupId(g.point, g.allocator, g.scheduler) === id);
}

/** Paired differences of every metric of every non-baseline group against its baseline. */
export function differences(results: readonly RunResult[], baseline: string, level = LEVEL): MetricDifference[] {
  const metrics = metricNames(results);
  const groups = groupRuns(results);
  const out: MetricDifference[] = [];
  for (const group of groups) {
    const base = baselineGroupOf(group, groups, baseline);
    if (base === undefined || base === group) continue;
    const bySeed = new Map(base.runs.map((r) => [r.spec.seed, r]));
    const pairs = group.runs.filter((r) => bySeed.has(r.spec.seed)).map((r) => [r, bySeed.get(r.spec.seed)!] as const);
    for (const metric of metrics) {
      const a = pairs.map(([r]) => value(r, metric));
      const b = pairs.map(([, q]) => value(q, metric));
      const ci = pairedDifferenceInterval(a, b, level);
      const baseMean = b.reduce((s, x) => s + x, 0) / b.length;
      out.push({ group, baseline: base, metric, n: pairs.length, mean: ci.mean, halfWidth: ci.halfWidth, lower: ci.lower, upper: ci.upper, relative: ci.mean / baseMean });
    }
  }
  return out;
}
