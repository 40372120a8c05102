/**
 * Vega-Lite specifications of mecsim's plots. Each builder takes rows that
 * already hold the statistics to draw (means and interval bounds, or CDF
 * steps) and returns a plain JSON specification, which can be rendered here
 * (src/report/render.ts) or opened in any Vega-Lite editor.
 */

export type VegaLiteSpec = Record<string, unknown>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 480;
const HEIGHT = 300;

/** A point of a series with its interval: `lower`/`upper` are null where there is none (one seed). */
export interface IntervalRow {
  x: number | string;
  series: string;
  mean: number;
  lower: number | null;
  upper: number | null;
  n: number;
}

export interface AxisTitles {
  title?: string;
  x: string;
  y: string;
  /** Legend title; no legend when absent. */
  series?: string;
}

/** Size of the plotting area in pixels (axes and legend come on top). */
export interface Size {
  widthPx?: number;
  heightPx?: number;
}

function base(titles: AxisTitles, values: unknown[], size: Size = {}): VegaLiteSpec {
  return {
    $schema: SCHEMA,
    ...(titles.title === undefined ? {} : { title: titles.title }),
    width: size.widthPx ?? WIDTH,
    height: size.heightPx ?? HEIGHT,
    background: 'white',
    data: { values },
  };
}

function colour(titles: AxisTitles): Record<string, unknown> {
  // Opaque symbols: the legend would otherwise take the faint opacity of a band.
  return { field: 'series', type: 'nominal', sort: null, title: titles.series ?? null, legend: titles.series === undefined ? null : { symbolOpacity: 1 } };
}

/** Means joined by lines over a numeric x, each series with a shaded band for its interval. */
export function lineWithBand(rows: readonly IntervalRow[], titles: AxisTitles, options: { logX?: boolean; logY?: boolean } & Size = {}): VegaLiteSpec {
  const x = { field: 'x', type: 'quantitative', title: titles.x, scale: options.logX ? { type: 'log' } : { zero: false } };
  const yScale = options.logY ? { type: 'log' } : { zero: false };
  // On a log axis a band reaching zero or below has no place: such points draw no band.
  const banded = 'datum.lower != null && datum.upper != null' + (options.logY ? ' && datum.lower > 0' : '');
  return {
    ...base(titles, rows.map((r) => ({ ...r })), options),
    encoding: { x, color: colour(titles) },
    layer: [
      {
        transform: [{ filter: banded }],
        mark: { type: 'area', opacity: 0.2 },
        encoding: { y: { field: 'lower', type: 'quantitative', title: titles.y, scale: yScale }, y2: { field: 'upper' } },
      },
      {
        mark: { type: 'line', point: true },
        encoding: {
          y: { field: 'mean', type: 'quantitative', title: titles.y, scale: yScale },
          tooltip: [{ field: 'series' }, { field: 'x' }, { field: 'mean' }, { field: 'lower' }, { field: 'upper' }, { field: 'n' }],
        },
      },
    ],
  };
}

/** Bars of the means by category, series side by side, with error bars for the intervals. */
export function barsWithErrors(rows: readonly IntervalRow[], titles: AxisTitles, size: Size = {}): VegaLiteSpec {
  return {
    ...base(titles, rows.map((r) => ({ ...r, x: String(r.x) })), size),
    encoding: {
      x: { field: 'x', type: 'nominal', sort: null, title: titles.x, axis: { labelAngle: 0 } },
      xOffset: { field: 'series', type: 'nominal', sort: null },
      color: colour(titles),
    },
    layer: [
      { mark: { type: 'bar', opacity: 0.85 }, encoding: { y: { field: 'mean', type: 'quantitative', title: titles.y } } },
      {
        transform: [{ filter: 'datum.lower != null && datum.upper != null' }],
        mark: { type: 'errorbar', ticks: { size: 10 } },
        encoding: { y: { field: 'lower', type: 'quantitative', title: titles.y }, y2: { field: 'upper' }, color: { value: 'black' } },
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

/** Empirical CDFs, one step line per series. */
export function ecdfPlot(rows: readonly CdfRow[], titles: AxisTitles, options: { logX?: boolean } & Size = {}): VegaLiteSpec {
  return {
    ...base(titles, rows.map((r) => ({ ...r })), options),
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 'value', type: 'quantitative', title: titles.x, scale: options.logX ? { type: 'log' } : { zero: false } },
      y: { field: 'fraction', type: 'quantitative', title: titles.y, scale: { domain: [0, 1] } },
      color: colour(titles),
    },
  };
}

/**
 * Panels side by side under one title. Each panel keeps its own data and
 * axes; the series share one colour scale and one legend, so a series has
 * the same colour in every panel.
 */
export function sideBySide(panels: readonly VegaLiteSpec[], title?: string): VegaLiteSpec {
  if (panels.length === 1) return title === undefined ? panels[0] : { ...panels[0], title };
  return {
    $schema: SCHEMA,
    ...(title === undefined ? {} : { title }),
    background: 'white',
    hconcat: panels.map(({ $schema: _s, background: _b, ...rest }) => rest),
  };
}
