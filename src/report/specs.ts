import { separateCoincident, sortSeries, type IntervalRow } from './series.js';

/**
 * Vega-Lite specifications of mecsim's plots: the one builder behind
 * `mecsim plot`, the figures of sweep files and `mecsim reproduce`, and
 * the campaign report. Each builder takes rows that already hold the
 * statistics to draw (means and interval bounds, or CDF steps) and returns
 * a plain JSON specification, which can be rendered here
 * (src/report/render.ts) or opened in any Vega-Lite editor.
 *
 * Series are told apart by colour and by marker shape and dash, so a
 * figure survives grey print; the legend draws each series' own marker in
 * its line colour; numeric series (server counts) are listed in numeric
 * order.
 */

export type VegaLiteSpec = Record<string, unknown>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 480;
const HEIGHT = 300;
export const DEFAULT_FONT_SIZE_PX = 11;

/** Vega's tableau10, the same colours the run report gives sites. */
export const SERIES_COLOURS = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];
/** Marker shapes, in series order; with 7 shapes and 5 dashes, the first 35 series differ in the pair. */
export const SERIES_SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'wedge'];
export const SERIES_DASHES: number[][] = [[], [6, 3], [2, 2], [8, 3, 2, 3], [3, 5]];

export type { IntervalRow } from './series.js';

export interface AxisTitles {
  title?: string;
  /** Lines under the title: what the marks are (mean and interval over n seeds), the filter. */
  subtitle?: string[];
  x: string;
  y: string;
  /** Legend title; no legend when absent. */
  series?: string;
}

/** Size of the plotting area in pixels (axes and legend come on top), and the font size of its texts. */
export interface Size {
  widthPx?: number;
  heightPx?: number;
  fontSizePx?: number;
}

/** Font sizes of every text, scaled from one size; at the top level of a figure only. */
export function fontConfig(fontSizePx = DEFAULT_FONT_SIZE_PX): Record<string, unknown> {
  const f = fontSizePx;
  return {
    axis: { labelFontSize: f, titleFontSize: f + 1 },
    legend: { labelFontSize: f, titleFontSize: f + 1, symbolStrokeWidth: 1.5, symbolSize: 60 },
    title: { fontSize: f + 3, subtitleFontSize: f, subtitleColor: '#444' },
  };
}

/**
 * Caption lines broken at words to at most `width` characters. Vega
 * reserves room for a text from an estimate of its width (it measures no
 * fonts here), which for long lines is far wider than the text: panels side
 * by side would stand far apart.
 */
export function wrapLines(lines: readonly string[], width = 50): string[] {
  const out: string[] = [];
  for (const line of lines) {
    let current = '';
    for (const word of line.split(' ')) {
      if (current !== '' && current.length + 1 + word.length > width) {
        out.push(current);
        current = word;
      } else current = current === '' ? word : `${current} ${word}`;
    }
    out.push(current);
  }
  return out;
}

function titleOf(titles: AxisTitles, fontSizePx = DEFAULT_FONT_SIZE_PX): unknown {
  const subtitle = wrapLines(titles.subtitle ?? []);
  if (titles.title === undefined && subtitle.length === 0) return undefined;
  // Vega draws no subtitle under an empty title: without a title, the caption takes its place in the caption's style.
  if (titles.title === undefined) return { text: subtitle, fontSize: fontSizePx, fontWeight: 'normal', color: '#444', anchor: 'start' };
  return { text: titles.title, ...(subtitle.length > 0 ? { subtitle } : {}), anchor: 'start' };
}

function base(titles: AxisTitles, values: unknown[], size: Size = {}): VegaLiteSpec {
  const title = titleOf(titles, size.fontSizePx);
  return {
    $schema: SCHEMA,
    ...(title === undefined ? {} : { title }),
    width: size.widthPx ?? WIDTH,
    height: size.heightPx ?? HEIGHT,
    background: 'white',
    config: fontConfig(size.fontSizePx),
    data: { values },
  };
}

/**
 * The encodings that tell series apart, each over the same ordered domain
 * and with the same title, so Vega-Lite draws one legend whose symbols
 * carry the series' colour, shape and dash.
 */
export function seriesEncodings(series: readonly string[], legendTitle: string | undefined, channels: ReadonlyArray<'color' | 'shape' | 'strokeDash'>): Record<string, unknown> {
  const domain = [...series];
  const legend = legendTitle === undefined ? null : { symbolOpacity: 1, symbolFillColor: null };
  const range = { color: SERIES_COLOURS, shape: SERIES_SHAPES, strokeDash: SERIES_DASHES };
  return Object.fromEntries(
    channels.map((c) => [c, { field: 'series', type: 'nominal', sort: domain, title: legendTitle ?? null, scale: { domain, range: range[c] }, legend }]),
  );
}

/**
 * Means joined by lines over a numeric x, each series with its own marker
 * and dash and a shaded band for its interval. Means that would hide each
 * other are drawn slightly apart along x and the series named in a note
 * under the title (the tooltip keeps the true x).
 */
export function lineWithBand(rows: readonly IntervalRow[], titles: AxisTitles, options: { logX?: boolean; logY?: boolean } & Size = {}): VegaLiteSpec {
  const series = sortSeries(rows.map((r) => r.series));
  const { rows: drawn, groups } = separateCoincident(rows, { logX: options.logX ?? false, logY: options.logY ?? false });
  const notes = groups.length === 0 ? [] : [`drawn slightly apart along x where they coincide: ${groups.map((g) => g.join(' and ')).join('; ')}`];
  const subtitle = [...(titles.subtitle ?? []), ...notes];
  const x = { field: 'xDrawn', type: 'quantitative', title: titles.x, scale: options.logX ? { type: 'log' } : { zero: false } };
  const yScale = options.logY ? { type: 'log' } : { zero: false };
  // On a log axis a band reaching zero or below has no place: such points draw no band.
  const banded = 'datum.lower != null && datum.upper != null' + (options.logY ? ' && datum.lower > 0' : '');
  const tooltip = [{ field: 'series' }, { field: 'x' }, { field: 'mean' }, { field: 'lower' }, { field: 'upper' }, { field: 'n' }];
  return {
    ...base({ ...titles, subtitle }, drawn, options),
    encoding: { x },
    layer: [
      {
        transform: [{ filter: banded }],
        mark: { type: 'area', opacity: 0.15 },
        encoding: { y: { field: 'lower', type: 'quantitative', title: titles.y, scale: yScale }, y2: { field: 'upper' }, ...seriesEncodings(series, titles.series, ['color']) },
      },
      {
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: { y: { field: 'mean', type: 'quantitative', title: titles.y, scale: yScale }, ...seriesEncodings(series, titles.series, ['color', 'strokeDash']) },
      },
      {
        mark: { type: 'point', filled: true, size: 45, opacity: 1 },
        encoding: { y: { field: 'mean', type: 'quantitative', title: titles.y, scale: yScale }, ...seriesEncodings(series, titles.series, ['color', 'shape']), tooltip },
      },
    ],
  };
}

/** Bars of the means by category, series side by side, each with its marker on top and an error bar for the interval. */
export function barsWithErrors(rows: readonly IntervalRow[], titles: AxisTitles, size: Size = {}): VegaLiteSpec {
  const series = sortSeries(rows.map((r) => r.series));
  const xs = [...new Set(rows.map((r) => String(r.x)))];
  return {
    ...base(titles, rows.map((r) => ({ ...r, x: String(r.x) })), size),
    encoding: {
      x: { field: 'x', type: 'nominal', sort: xs, title: titles.x, axis: { labelAngle: 0 } },
      xOffset: { field: 'series', type: 'nominal', sort: series, scale: { domain: series } },
    },
    layer: [
      { mark: { type: 'bar', opacity: 0.85 }, encoding: { y: { field: 'mean', type: 'quantitative', title: titles.y }, ...seriesEncodings(series, titles.series, ['color']) } },
      {
        transform: [{ filter: 'datum.lower != null && datum.upper != null' }],
        mark: { type: 'errorbar', ticks: { size: 8 } },
        encoding: { y: { field: 'lower', type: 'quantitative', title: titles.y }, y2: { field: 'upper' }, color: { value: 'black' } },
      },
      {
        mark: { type: 'point', filled: true, size: 40, opacity: 1, stroke: 'black', strokeWidth: 0.5 },
        encoding: { y: { field: 'mean', type: 'quantitative', title: titles.y }, ...seriesEncodings(series, titles.series, ['color', 'shape']) },
      },
    ],
  };
}

/** One step of an empirical CDF. */
export interface CdfRow {
  value: number;
  fraction: number;
  series: string;
}

/** Empirical CDFs, one step line per series, told apart by colour and dash. */
export function ecdfPlot(rows: readonly CdfRow[], titles: AxisTitles, options: { logX?: boolean } & Size = {}): VegaLiteSpec {
  const series = sortSeries(rows.map((r) => r.series));
  return {
    ...base(titles, rows.map((r) => ({ ...r })), options),
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'value', type: 'quantitative', title: titles.x, scale: options.logX ? { type: 'log' } : { zero: false } },
      y: { field: 'fraction', type: 'quantitative', title: titles.y, scale: { domain: [0, 1] } },
      ...seriesEncodings(series, titles.series, ['color', 'strokeDash']),
    },
  };
}

/**
 * Panels side by side under one title. Each panel keeps its own data and
 * axes; the series share one colour, shape and dash scale and one legend,
 * so a series looks the same in every panel.
 */
export function sideBySide(panels: readonly VegaLiteSpec[], title?: string, fontSizePx?: number): VegaLiteSpec {
  if (panels.length === 1) {
    if (title === undefined) return panels[0];
    // The figure's title replaces the panel's; the panel's caption stays under it.
    const own = panels[0].title as { text?: unknown; subtitle?: unknown; fontWeight?: string } | undefined;
    const subtitle = own === undefined ? undefined : own.fontWeight === 'normal' ? own.text : own.subtitle;
    return { ...panels[0], title: { text: title, ...(subtitle === undefined ? {} : { subtitle }), anchor: 'start' } };
  }
  // Panels of different series (each its own metric, without `by`) keep their own scales and legends.
  const domains = panels.map((p) => JSON.stringify(sortSeries(((p.data as { values?: Array<{ series?: string }> } | undefined)?.values ?? []).map((v) => String(v.series)))));
  const independent = new Set(domains).size > 1;
  return {
    $schema: SCHEMA,
    ...(title === undefined ? {} : { title: { text: title, anchor: 'start' } }),
    background: 'white',
    config: fontConfig(fontSizePx),
    ...(independent ? { resolve: { scale: { color: 'independent', shape: 'independent', strokeDash: 'independent' } } } : {}),
    hconcat: panels.map(({ $schema: _s, background: _b, config: _c, ...rest }) => rest),
  };
}
