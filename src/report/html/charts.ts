import type { VegaLiteSpec } from '../specs.js';

/**
 * Vega-Lite specifications of the report's own charts (time series, stage
 * bars, forest plots); the campaign report also uses src/report/specs.ts.
 * Series are told apart by colour and by dash, so they survive grey print.
 */

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export interface Titles {
  title: string;
  x: string;
  y: string;
  series?: string;
}

/** Lines over time, one per series (rows: timeS, series, value). */
export function timeLines(rows: readonly { timeS: number; series: string; value: number }[], t: Titles, options: { zero?: boolean } = {}): VegaLiteSpec {
  const seriesCount = new Set(rows.map((r) => r.series)).size;
  const legend = seriesCount > 1 && t.series !== undefined ? { title: t.series, symbolOpacity: 1 } : null;
  return {
    $schema: SCHEMA,
    title: t.title,
    width: 460,
    height: 200,
    background: 'white',
    data: { values: rows.map((r) => ({ ...r })) },
    mark: { type: 'line', point: seriesCount <= 4 ? { size: 12 } : false, strokeWidth: 1.5 },
    encoding: {
      x: { field: 'timeS', type: 'quantitative', title: t.x },
      // A series that is zero throughout gets a 0..1 axis rather than one of repeated zeros.
      y: { field: 'value', type: 'quantitative', title: t.y, scale: rows.every((r) => r.value === 0) ? { domain: [0, 1] } : { zero: options.zero ?? true } },
      color: { field: 'series', type: 'nominal', sort: null, legend },
      strokeDash: { field: 'series', type: 'nominal', sort: null, legend },
    },
  };
}

/** Horizontal bars, one per label (rows: label, value). */
export function labelledBars(rows: readonly { label: string; value: number }[], t: Titles): VegaLiteSpec {
  return {
    $schema: SCHEMA,
    title: t.title,
    width: 380,
    height: { step: 22 },
    background: 'white',
    data: { values: rows.map((r) => ({ ...r })) },
    layer: [
      { mark: { type: 'bar', color: '#4c78a8' }, encoding: { y: { field: 'label', type: 'nominal', sort: null, title: t.y, axis: { labelLimit: 220 } }, x: { field: 'value', type: 'quantitative', title: t.x } } },
      {
        mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 },
        encoding: { y: { field: 'label', type: 'nominal', sort: null }, x: { field: 'value', type: 'quantitative' }, text: { field: 'value', type: 'quantitative', format: '.3~g' } },
      },
    ],
  };
}

/** One estimate with its interval, for a forest plot. */
export interface ForestRow {
  label: string;
  series: string;
  mean: number;
  lower: number;
  upper: number;
}

/** A forest plot: per label a point and its interval, a rule at zero (no difference). */
export function forestPlot(rows: readonly ForestRow[], t: Titles): VegaLiteSpec {
  const y = { field: 'label', type: 'nominal', sort: null, title: t.y };
  const colour = { field: 'series', type: 'nominal', sort: null, title: t.series ?? null, legend: { symbolOpacity: 1 } };
  return {
    $schema: SCHEMA,
    title: t.title,
    width: 420,
    height: { step: 26 },
    background: 'white',
    layer: [
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#888', strokeDash: [4, 3] }, encoding: { x: { field: 'zero', type: 'quantitative' } } },
      {
        data: { values: rows.map((r) => ({ ...r })) },
        layer: [
          { mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, yOffset: { field: 'series', sort: null }, x: { field: 'lower', type: 'quantitative', title: t.x }, x2: { field: 'upper' }, color: colour } },
          {
            mark: { type: 'point', filled: true, size: 60 },
            encoding: { y, yOffset: { field: 'series', sort: null }, x: { field: 'mean', type: 'quantitative' }, color: colour, shape: { field: 'series', type: 'nominal', sort: null, title: t.series ?? null } },
          },
        ],
      },
    ],
  };
}
