import { Resvg } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from './specs.js';

/**
 * SVG text of a Vega-Lite specification (src/report/specs.ts), drawn on the
 * server side without a browser: Vega-Lite compiles it to a Vega
 * specification, and a headless Vega view (renderer 'none') draws it as
 * SVG text. Text widths are estimated (no canvas is loaded), which is
 * enough for axis labels. The same specification gives the same bytes.
 *
 * vega and vega-lite are loaded on first use: together they take a few
 * hundred milliseconds to import, which every other command would pay.
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * PNG bytes of an SVG, `scale` times its size, rasterised by resvg with the
 * system's fonts (DejaVu Sans when the SVG's font is not installed).
 */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  return resvg.render().asPng();
}
