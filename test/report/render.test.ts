import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../src/report/render.js';

describe('Vega-Lite to SVG without a browser', () => {
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: [{ x: 1, y: 2, s: 'a' }, { x: 2, y: 8, s: 'a' }, { x: 1, y: 1, s: 'b' }] },
    mark: 'point',
    encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, color: { field: 's', type: 'nominal' } },
  };
  it('draws one mark per datum, deterministically', async () => {
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<path [^>]*transform="translate\(/g)!.length).toBeGreaterThanOrEqual(3);
    expect(await renderSvg(spec)).toBe(svg);
  });
});
