import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../engine/input-error.js';
import { readNumericCsv } from '../engine/csv-input.js';
import { iterationColumns, iterationHeaderColumns } from '../metrics/recorders.js';
import { cdfCaption, cdfRows, checkSingleValued, filterRows, intervalCaption, intervalRows, stepRows, type TableRow } from '../report/figures.js';
import { svgToPdf } from '../report/pdf.js';
import { axisTitle, legendTitle } from '../report/quantities.js';
import { renderSvg, svgToPng } from '../report/render.js';
import { sortSeries } from '../report/series.js';
import { barsWithErrors, ecdfPlot, lineWithBand, sideBySide, type VegaLiteSpec } from '../report/specs.js';
import { runTotals } from './derived.js';
import { configurationColumns, resultRows, type CampaignFolder } from './folder.js';
import type { PlotSpec } from './sweep-file.js';
import { writeOutputFile, type Recogniser } from '../io/output-file.js';

export type PlotType = 'line' | 'bar' | 'ecdf' | 'trace';

export interface PlotRequest {
  /** Metric (or, for an ECDF, an iterations.csv column such as totalDelayS). */
  y: string;
  /** Column on the x axis (line, bar); default: `by`, else allocator. */
  x?: string;
  /** Column whose values are the series. */
  by?: string;
  type?: PlotType;
  /** Keep only runs whose column has this value. */
  where?: Record<string, string>;
  title?: string;
  /** Axis and legend titles (default: the quantity's name and unit, src/report/quantities.ts). */
  xTitle?: string;
  yTitle?: string;
  seriesTitle?: string;
  logX?: boolean;
  logY?: boolean;
  widthPx?: number;
  heightPx?: number;
  fontSizePx?: number;
}

export interface Figure {
  type: PlotType;
  spec: VegaLiteSpec;
  /** Series names, in legend order. */
  series: string[];
}

/**
 * The figure of a campaign for a request:
 *
 * - `line`: mean of y against a numeric x with a 95% band over the seeds,
 *   one line per value of `by`;
 * - `bar`: mean of y per category of x with 95% error bars, series side by
 *   side;
 * - `ecdf`: the empirical CDF of y per series, pooled over the selected
 *   runs; for a column of iterations.csv (kind run) the CDF is over every
 *   iteration of those runs, else over the runs' values of the metric;
 * - `trace`: y names a step family (`objectiveStep` for the columns
 *   `objectiveStep00`, `objectiveStep01`, ...): the mean at each step with
 *   a 95% band, one line per value of `by`.
 *
 * Every configuration column not drawn must be fixed (with `where`): a plot
 * averages over seeds only.
 */
export function campaignFigure(folder: CampaignFolder, request: PlotRequest): Figure {
  const rows = filterRows(campaignRows(folder), request.where ?? {});
  if (rows.length === 0) throw new InputError(folder.dir, undefined, 'has no finished runs to plot');
  const by = request.by;
  const type = request.type ?? defaultType(rows, request);
  const x = type === 'trace' ? 'step' : (request.x ?? (by !== undefined && type === 'bar' ? by : 'allocator'));
  const drawn = type === 'ecdf' || type === 'trace' ? [by ?? ''] : [x, by ?? ''];
  checkSingleValued(rows, configurationColumns(folder), drawn);
  const size = { widthPx: request.widthPx, heightPx: request.heightPx, fontSizePx: request.fontSizePx };
  const where = request.where ?? {};
  const titles = { title: request.title, x: request.xTitle ?? axisTitle(x), y: request.yTitle ?? axisTitle(request.y), series: request.seriesTitle ?? (by === undefined ? undefined : legendTitle(by)) };
  if (type === 'ecdf') {
    const samples = ecdfSamples(folder, rows, request.y, by);
    const order = sortSeries(samples.keys());
    const pooled = `empirical CDF over ${(iterationColumns as readonly string[]).includes(request.y) ? "every iteration of the runs'" : 'the runs,'} ${new Set(rows.map((r) => r.seed)).size} seeds pooled`;
    const ecdfTitles = { ...titles, subtitle: cdfCaption(pooled, where), x: request.xTitle ?? axisTitle(request.y), y: request.yTitle ?? 'fraction of samples at or below x' };
    const spec = ecdfPlot(cdfRows(new Map(order.map((k) => [k, samples.get(k)!]))), ecdfTitles, { logX: request.logX, ...size });
    return { type, spec, series: order };
  }
  const data = type === 'trace' ? intervalRows(stepRows(rows, request.y, by), x, request.y, by) : intervalRows(rows, x, request.y, by);
  const series = [...new Set(data.map((r) => r.series))];
  Object.assign(titles, { subtitle: intervalCaption(data, where) });
  if (type === 'line' || type === 'trace') {
    if (!data.every((r) => typeof r.x === 'number')) throw new InputError('--x', undefined, `column "${x}" is not numeric; use --type bar`);
    return { type, spec: lineWithBand(data, titles, { logX: request.logX, logY: request.logY, ...size }), series };
  }
  return { type, spec: barsWithErrors(data, titles, size), series };
}

/** A figure a sweep file declares: its panels side by side under its title. */
export function declaredFigure(folder: CampaignFolder, plot: PlotSpec): VegaLiteSpec {
  const panels = plot.panels.map((p) => {
    const where = p.where === undefined ? undefined : Object.fromEntries(Object.entries(p.where).map(([k, v]) => [k, String(v)]));
    return campaignFigure(folder, { ...p, where }).spec;
  });
  return sideBySide(panels, plot.title, plot.panels[0].fontSizePx);
}

/** Renders every figure a sweep file declares into `dir` as <name>.svg and <name>.pdf; returns the file names. */
export async function writeDeclaredFigures(folder: CampaignFolder, plots: readonly PlotSpec[], dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const plot of plots) {
    const spec = declaredFigure(folder, plot);
    for (const ext of ['svg', 'pdf']) {
      await writeFigure({ spec }, path.join(dir, `${plot.name}.${ext}`));
      files.push(`${plot.name}.${ext}`);
    }
  }
  return files;
}

/** The rows of a campaign's runs with the derived columns (totalUsers, ...) after the metrics, as in results.csv. */
export function campaignRows(folder: CampaignFolder): TableRow[] {
  return resultRows(folder).map((row, i) => ({ ...row, ...runTotals(folder.results[i], folder.dir) }));
}

function defaultType(rows: readonly TableRow[], request: PlotRequest): PlotType {
  if (request.x === undefined) return 'bar';
  const values = new Set(rows.map((r) => r[request.x!]));
  const numeric = [...values].every((v) => typeof v === 'number');
  return numeric && values.size >= 2 ? 'line' : 'bar';
}

function ecdfSamples(folder: CampaignFolder, rows: readonly TableRow[], y: string, by: string | undefined): Map<string, number[]> {
  const fromIterations = (iterationColumns as readonly string[]).includes(y);
  const samples = new Map<string, number[]>();
  for (const row of rows) {
    const series = by === undefined ? y : String(row[by] ?? '');
    let list = samples.get(series);
    if (list === undefined) samples.set(series, (list = []));
    if (fromIterations) {
      if (typeof row.folder !== 'string' || row.folder === '') {
        throw new InputError('--y', undefined, `"${y}" is a column of iterations.csv, which only runs of kind "run" write; this campaign is of kind "${folder.record.definition.kind}"`);
      }
      const file = path.join(folder.dir, row.folder, 'iterations.csv');
      const text = fs.readFileSync(file, 'utf8');
      // A run of an earlier mecsim has the header without outageS; an unknown header is refused by readNumericCsv below.
      const columns: readonly string[] = iterationHeaderColumns(text.split('\n', 1)[0]) ?? iterationColumns;
      const column = columns.indexOf(y);
      if (column < 0) throw new InputError(file, 'line 1', `no column "${y}": this iterations.csv was written by a mecsim before that column existed; rerun the campaign to plot it`);
      readNumericCsv(text, file, columns, (values) => list!.push(values[column]));
    } else {
      const v = row[y];
      if (v === undefined) throw new InputError('--y', undefined, `no metric or column "${y}"; the columns are: ${Object.keys(row).join(', ')}`);
      list.push(typeof v === 'number' ? v : Number(v));
    }
  }
  return samples;
}

/**
 * What an earlier plot looks like, so it may be replaced: an SVG, a PNG
 * or a PDF (by their signatures: mecsim cannot tell its own from
 * another's), or a Vega-Lite specification.
 */
const earlierPlot: Record<string, Recogniser> = {
  svg: { what: 'an SVG plot', test: (head) => /^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(head.toString('utf8')) },
  png: { what: 'a PNG image', test: (head) => head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  pdf: { what: 'a PDF document', test: (head) => head.subarray(0, 5).toString('latin1') === '%PDF-' },
  json: { what: 'a Vega-Lite specification', test: (head) => /^\{\s*"\$schema":\s*"https:\/\/vega\.github\.io\/schema\/vega-lite\//.test(head.toString('utf8')) },
};

/** Renders a figure to `file` (.svg, .png, .pdf or .json, by extension), atomically. */
export async function writeFigure(figure: Pick<Figure, 'spec'>, file: string): Promise<void> {
  const ext = path.extname(file).slice(1).toLowerCase();
  if (!(ext in earlierPlot)) throw new InputError('--out', undefined, `expected a file name ending in .svg, .png, .pdf or .json (the Vega-Lite specification), got "${file}"`);
  const svg = await renderSvg(figure.spec);
  const bytes = ext === 'png' ? svgToPng(svg) : ext === 'svg' ? svg : ext === 'pdf' ? await svgToPdf(svg) : JSON.stringify(figure.spec, null, 2) + '\n';
  writeOutputFile(file, bytes, earlierPlot[ext]);
}
