import { cdfRows, intervalCaption, intervalRows, type TableRow } from '../figures.js';
import { axisTitle, quantityOf } from '../quantities.js';
import { renderSvg } from '../render.js';
import { ecdfPlot, lineWithBand, type VegaLiteSpec } from '../specs.js';
import { forestPlot, type ForestRow } from './charts.js';
import { chartFigure, formatValue, htmlPage, htmlTable } from './page.js';

/** One configuration's mean of one metric over its seeds, with the 95% interval. */
export interface SummaryEntry {
  config: string;
  metric: string;
  n: number;
  mean: number;
  halfWidth: number;
}

/** The paired difference of a configuration against the baseline. */
export interface DifferenceEntry {
  config: string;
  metric: string;
  n: number;
  mean: number;
  halfWidth: number;
  lower: number;
  upper: number;
  /** Mean difference over the baseline's mean. */
  relative: number;
}

/** What the campaign report shows, gathered by the caller from the campaign folder. */
export interface CampaignReportInput {
  name: string;
  kind: string;
  baseline: string | null;
  /** The metrics to show, in order. */
  metrics: string[];
  /** Fields the sweep varies (numeric ones get lines over them). */
  fields: string[];
  /** One row per run: the fields, `config` (allocator and scheduler) and every metric. */
  rows: TableRow[];
  summary: SummaryEntry[];
  differences: DifferenceEntry[];
}

function comparisonTable(input: CampaignReportInput): string {
  const rows = input.metrics.flatMap((metric) =>
    input.summary
      .filter((s) => s.metric === metric)
      .map((s) => {
        const d = input.differences.find((x) => x.metric === metric && x.config === s.config);
        return [metric, s.config, s.n, s.mean, s.halfWidth, d?.mean ?? '', d?.halfWidth ?? '', d === undefined ? '' : formatValue(100 * d.relative)] as (string | number)[];
      }),
  );
  return htmlTable(['metric', 'configuration', 'n', 'mean', '±95%', 'diff vs baseline', '±95%', 'diff %'], rows, ' id="comparison"');
}

/** The campaign report (compare or sweep folder) as one HTML document. */
export async function campaignReportHtml(input: CampaignReportInput): Promise<string> {
  const charts: [string, VegaLiteSpec, string][] = [];
  if (input.baseline !== null && input.differences.length > 0) {
    // Relative differences put metrics of every unit on one axis.
    const forest: ForestRow[] = input.metrics.flatMap((metric) =>
      input.differences
        .filter((d) => d.metric === metric && Number.isFinite(d.relative))
        .map((d) => {
          const base = d.relative === 0 ? NaN : d.mean / d.relative;
          const scale = 100 / Math.abs(base);
          return { label: metric, series: d.config, mean: 100 * d.relative, lower: Number.isFinite(scale) ? d.lower * scale : 100 * d.relative, upper: Number.isFinite(scale) ? d.upper * scale : 100 * d.relative };
        }),
    );
    if (forest.length > 0) {
      charts.push(['forest', forestPlot(forest, { title: `Paired differences against ${input.baseline}`, x: 'difference (% of the baseline mean)', y: 'metric', series: 'configuration' }), `Mean paired difference over the seeds and its 95% Student-t interval, as a percentage of ${input.baseline}'s mean; left of the dashed line is lower than the baseline.`]);
    }
  }
  const numericFields = input.fields.filter((f) => new Set(input.rows.map((r) => r[f])).size > 1 && input.rows.every((r) => typeof r[f] === 'number'));
  for (const field of numericFields) {
    for (const metric of input.metrics) {
      const rows = intervalRows(input.rows, field, metric, 'config');
      const titles = { title: `${quantityOf(metric).name} against ${quantityOf(field).name}`, subtitle: intervalCaption(rows), x: axisTitle(field), y: axisTitle(metric), series: 'configuration' };
      charts.push([`sweep-${field}-${metric}`, lineWithBand(rows, titles, { widthPx: 380, heightPx: 220 }), `Mean over the seeds with its 95% Student-t interval (band).`]);
    }
  }
  for (const metric of input.metrics) {
    const samples = new Map<string, number[]>();
    for (const r of input.rows) {
      const v = r[metric];
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      const key = String(r.config);
      if (!samples.has(key)) samples.set(key, []);
      samples.get(key)!.push(v);
    }
    if (samples.size === 0) continue;
    charts.push([`cdf-${metric}`, ecdfPlot(cdfRows(samples), { title: `${quantityOf(metric).name} over the runs`, x: axisTitle(metric), y: 'fraction of runs', series: 'configuration' }, { widthPx: 380, heightPx: 200 }), `Empirical CDF of ${metric} over every run (seed${numericFields.length > 0 ? ' and sweep point' : ''}) of each configuration.`]);
  }
  const svgs = await Promise.all(charts.map(([, spec]) => renderSvg(spec)));
  const figures = charts.map(([name, , caption], i) => chartFigure(name, svgs[i], caption));
  const forestFigures = figures.filter((_, i) => charts[i][0] === 'forest');
  const sweepFigures = figures.filter((_, i) => charts[i][0].startsWith('sweep-'));
  const cdfFigures = figures.filter((_, i) => charts[i][0].startsWith('cdf-'));
  const body = [
    '<h2>Comparison</h2>',
    `<p class="sub">Means over the seeds with 95% Student-t half-widths${input.baseline === null ? '' : `; differences paired over seeds against ${input.baseline}`}.</p>`,
    `<div class="scroll">${comparisonTable(input)}</div>`,
    forestFigures.length === 0 ? '' : `<h2>Against the baseline</h2><div class="grid">${forestFigures.join('\n')}</div>`,
    sweepFigures.length === 0 ? '' : `<h2>Over the sweep</h2><div class="grid">${sweepFigures.join('\n')}</div>`,
    `<h2>Distributions</h2><div class="grid">${cdfFigures.join('\n')}</div>`,
  ].join('\n');
  const configs = new Set(input.rows.map((r) => r.config)).size;
  return htmlPage(`${input.name}`, `${input.kind} campaign: ${input.rows.length} runs, ${configs} configurations`, body);
}
