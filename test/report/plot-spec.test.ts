import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { metricNames } from '../../src/campaign/execute.js';
import { iterationColumns } from '../../src/metrics/recorders.js';
import { intervalCaption } from '../../src/report/figures.js';
import { svgToPdf } from '../../src/report/pdf.js';
import { axisTitle, quantityOf } from '../../src/report/quantities.js';
import { renderSvg } from '../../src/report/render.js';
import { separateCoincident, sortSeries } from '../../src/report/series.js';
import { barsWithErrors, ecdfPlot, lineWithBand, sideBySide, type IntervalRow, type VegaLiteSpec } from '../../src/report/specs.js';

/** Rows of a line plot: `series` lines over x = 1..5, each at its own height (or all at one height). */
function lines(series: readonly string[], sameHeight = false): IntervalRow[] {
  return series.flatMap((s, i) => [1, 2, 3, 4, 5].map((x) => {
    const mean = sameHeight ? 10 : 10 + 5 * i + x;
    return { x, series: s, mean, lower: mean - 1, upper: mean + 1, n: 10 };
  }));
}

/** Every axis title of a specification, panels included. */
function axisTitles(spec: VegaLiteSpec): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'x' || k === 'y') && v !== null && typeof v === 'object' && 'title' in v) out.push(String((v as { title: unknown }).title));
        walk(v);
      }
    }
  };
  walk(spec);
  return out;
}

/** The texts of an SVG, in document order. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
}

describe('the quantities behind axis titles', () => {
  it('every metric and iterations.csv column has a name and a unit from the table', () => {
    for (const column of [...metricNames.solve, ...metricNames.run, ...iterationColumns.filter((c) => c.endsWith('S') || c.endsWith('J')), 'objectiveStep07', 'traceSteps', 'totalUsers']) {
      const q = quantityOf(column);
      expect(q.unit, column).not.toBe('');
      // A name a reader understands, not the column's camelCase.
      expect(q.name, column).not.toMatch(/[a-z][A-Z]/);
      expect(axisTitle(column)).toBe(`${q.name} (${q.unit})`);
    }
  });

  it('topology fields get their unit from the end of their name, group counts a count', () => {
    expect(axisTitle('users.pedestrians.count')).toBe('users (pedestrians) (count)');
    expect(axisTitle('servers.0.count')).toBe('servers (count)');
    expect(axisTitle('radio.noiseDbmPerHz')).toBe('noise (dBm/Hz)');
    expect(axisTitle('users.phones.hardware.maxTxPowerW')).toBe('max tx power (W)');
    expect(axisTitle('simulation.epochS')).toBe('epoch (s)');
    expect(axisTitle('weights.time')).toBe('time weight (dimensionless)');
  });
});

describe('a plot specification', () => {
  const names = ['proposed', 'edge-only', 'local-only', 'greedy-assoc', 'random-assoc', 'alpha-only', 'resource-only', 'alternating'];

  it('every axis has a unit: line, bar and CDF plots built from quantity titles', () => {
    const titles = { x: axisTitle('users.0.count'), y: axisTitle('energyJ'), series: 'method' };
    const specs = [
      lineWithBand(lines(names.slice(0, 3)), titles),
      barsWithErrors(lines(names.slice(0, 3)), { ...titles, x: 'allocator' }),
      ecdfPlot([{ value: 1, fraction: 1, series: 'a' }], { x: axisTitle('totalDelayS'), y: 'fraction of samples (dimensionless)' }),
    ];
    for (const spec of specs) {
      const quantitative = axisTitles(spec).filter((t) => t !== 'allocator');
      expect(quantitative.length).toBeGreaterThan(0);
      for (const t of quantitative) expect(t).toMatch(/\([^()]+\)$/);
    }
  });

  it('every series has its own colour, marker and dash, in the SVG drawn and in the legend', async () => {
    for (const k of [2, 5, 8]) {
      const series = names.slice(0, k);
      const svg = await renderSvg(lineWithBand(lines(series), { x: 'users (count)', y: 'energy (J)', series: 'method' }));
      // Data markers: each fill colour has one symbol path, and no two colours share a path.
      const markers = [...svg.matchAll(/<path transform="translate\([^)]*\)" d="([^"]+)" fill="(#[0-9a-f]{6})"[^>]*opacity="1"/g)];
      const shapeOf = new Map<string, Set<string>>();
      for (const [, d, fill] of markers) shapeOf.set(fill, (shapeOf.get(fill) ?? new Set()).add(d));
      expect(shapeOf.size, `${k} series`).toBe(k);
      const shapes = [...shapeOf.values()].map((s) => [...s].join('|'));
      expect(new Set(shapes).size).toBe(Math.min(k, 7));
      // Lines: each stroke colour has one dash pattern; the patterns differ while there are dashes to give.
      const strokes = [...svg.matchAll(/class="mark-line role-mark[^"]*"[\s\S]*?<\/g>/g)].flatMap((m) => [...m[0].matchAll(/stroke="(#[0-9a-f]{6})"[^>]*stroke-dasharray="([^"]*)"/g)].map((x) => [x[1], x[2]]));
      const dashOf = new Map(strokes.map(([c, d]) => [c, d]));
      expect(dashOf.size).toBe(k);
      expect(new Set(dashOf.values()).size).toBe(Math.min(k, 5));
      // One legend, listing every series.
      const legend = texts(svg.slice(svg.indexOf('role-legend')));
      for (const s of series) expect(legend).toContain(s);
    }
  });

  it('numeric series are listed in numeric order in the legend, others as they came', async () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 12 }), (values) => {
      const sorted = sortSeries(values.map(String));
      expect(sorted).toEqual([...values].sort((a, b) => a - b).map(String));
    }));
    expect(sortSeries(['b', 'a', '10'])).toEqual(['b', 'a', '10']);
    const svg = await renderSvg(lineWithBand(lines(['10', '2', '8', '4', '6']), { x: 'step (count)', y: 'objective (ratio)', series: 'servers' }));
    const legend = texts(svg.slice(svg.indexOf('role-legend')));
    expect(legend.filter((t) => /^\d+$/.test(t))).toEqual(['2', '4', '6', '8', '10']);
  });

  it('the caption says what the marks are, over how many seeds, and the filter', async () => {
    const rows = lines(['a', 'b']);
    expect(intervalCaption(rows, { 'users.pedestrians.count': '60' })).toEqual(['mean and 95% Student-t interval over 10 seeds', 'runs with users.pedestrians.count = 60']);
    expect(intervalCaption([{ ...rows[0], n: 3 }, { ...rows[1], n: 5 }])).toEqual(['mean and 95% Student-t interval over 3–5 seeds']);
    const svg = await renderSvg(lineWithBand(rows, { title: 'T', subtitle: intervalCaption(rows), x: 'x (s)', y: 'y (J)', series: 'm' }));
    expect(texts(svg)).toContain('mean and 95% Student-t interval over 10 seeds');
  });

  it('series on top of each other are drawn apart along x and named in a note', async () => {
    const rows = lines(['proposed', 'edge-only', 'local-only'], true);
    const { rows: drawn, groups } = separateCoincident(rows, { logX: false, logY: false });
    expect(groups).toEqual([['proposed', 'edge-only', 'local-only']]);
    for (const x of [1, 2, 3, 4, 5]) {
      const at = drawn.filter((r) => r.x === x).map((r) => r.xDrawn as number);
      expect(new Set(at).size).toBe(3);
      expect(at.reduce((s, v) => s + v, 0) / 3).toBeCloseTo(x, 12); // spread around the true x
    }
    // Series apart keep their x.
    expect(separateCoincident(lines(['a', 'b']), { logX: false, logY: false }).groups).toEqual([]);
    const svg = await renderSvg(lineWithBand(rows, { x: 'x (s)', y: 'y (J)', series: 'm' }));
    // The note, wrapped to short lines, names every series.
    const shown = svg.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(shown).toContain('drawn slightly apart along x where they coincide: proposed and edge-only and local-only');
  });

  it('panels of one figure share one legend when they share their series', () => {
    const a = lineWithBand(lines(['x', 'y']), { x: 'u (s)', y: 'v (J)', series: 's' });
    expect(sideBySide([a, a]).resolve).toBeUndefined();
    const b = lineWithBand(lines(['z']), { x: 'u (s)', y: 'w (J)' });
    expect(sideBySide([a, b]).resolve).toBeDefined();
  });
});

/** The text a PDF shows: the hex and literal strings of its text operators, per text object, from every (inflated) content stream. */
function pdfTexts(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = zlib.inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1');
    } catch {
      content = m[1];
    }
    for (const block of content.matchAll(/BT([\s\S]*?)ET/g)) {
      const parts = [...block[1].matchAll(/<([0-9a-fA-F]*)>|\(((?:\\.|[^\\)])*)\)/g)].map((p) => (p[1] !== undefined ? Buffer.from(p[1], 'hex').toString('latin1') : p[2]));
      out.push(parts.join(''));
    }
  }
  return out;
}

describe('PDF output', () => {
  it('is a valid one-page PDF, the same bytes each time, with the axis titles as text', async () => {
    const spec = lineWithBand(lines(['proposed', 'edge-only']), { title: 'Energy', subtitle: ['mean and 95% Student-t interval over 10 seeds'], x: axisTitle('users.0.count'), y: axisTitle('energyJ'), series: 'method' });
    const svg = await renderSvg(spec);
    const pdf = await svgToPdf(svg);
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-1.')).toBe(true);
    expect(raw.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(/\/Type \/Pages\s+\/Count (\d+)/.exec(raw)?.[1]).toBe('1');
    // The cross-reference table is where startxref says, and each object is at its offset.
    const xref = Number(/startxref\s+(\d+)/.exec(raw)![1]);
    expect(raw.slice(xref, xref + 4)).toBe('xref');
    const entries = [...raw.slice(xref).matchAll(/^(\d{10}) 00000 n/gm)].map((m) => Number(m[1]));
    expect(entries.length).toBeGreaterThan(5);
    for (const offset of entries) expect(raw.slice(offset)).toMatch(/^\d+ 0 obj/);
    const shown = pdfTexts(pdf);
    expect(shown).toContain('total energy per iteration (J)');
    expect(shown).toContain('users (count)');
    expect(shown).toContain('mean and 95% Student-t interval over 10 seeds');
    expect((await svgToPdf(svg)).equals(pdf)).toBe(true);
  });
});
