import { groupKey, type MetricDifference, type MetricSummary } from '../campaign/aggregate.js';
import { specLabels } from '../plugins/resolve.js';
import { formatTable } from '../report/table.js';

/**
 * The comparison table: per metric and configuration (the point's fields,
 * when a sweep varies any, then allocator and scheduler), the mean with its
 * 95% interval and the paired difference against the baseline. Printed by
 * mecsim compare and at the end of mecsim sweep.
 */
export function compareTable(summaries: readonly MetricSummary[], diffs: readonly MetricDifference[], metrics: readonly string[], showScheduler: boolean, fields: readonly string[] = []): string {
  const label = specLabels(summaries.flatMap((s) => [s.group.allocator, s.group.scheduler]));
  type Row = { s: MetricSummary; d?: MetricDifference };
  const rows: Row[] = [];
  for (const metric of metrics) {
    for (const s of summaries.filter((x) => x.metric === metric)) {
      rows.push({ s, d: diffs.find((d) => d.metric === metric && groupKey(d.group) === groupKey(s.group)) });
    }
  }
  const opt = (f: (d: MetricDifference) => number | string) => (r: Row) => (r.d === undefined ? '' : f(r.d));
  const fieldValue = (f: string) => (r: Row): string | number => {
    const v = r.s.group.point[f];
    return typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v);
  };
  return formatTable<Row>(
    [
      { header: 'metric', value: (r) => r.s.metric },
      ...fields.map((f) => ({ header: f, value: fieldValue(f) })),
      { header: 'allocator', value: (r) => label(r.s.group.allocator) },
      ...(showScheduler ? [{ header: 'scheduler', value: (r: Row) => (r.s.group.scheduler === null ? '' : label(r.s.group.scheduler)) }] : []),
      { header: 'n', value: (r) => r.s.n },
      { header: 'mean', value: (r) => r.s.mean },
      // One seed gives no interval: blank, not NaN.
      { header: '±95%', value: (r) => finiteOrBlank(r.s.halfWidth) },
      { header: 'diff vs baseline', value: opt((d) => d.mean) },
      { header: '±95%', value: opt((d) => finiteOrBlank(d.halfWidth)) },
      { header: 'diff %', value: opt((d) => 100 * d.relative), digits: 3 },
    ],
    rows,
  );
}

function finiteOrBlank(x: number): number | string {
  return Number.isFinite(x) ? x : '';
}
