import { Resvg } from '@resvg/resvg-js';
import { renderVegaLiteSvg, type VegaLiteSpec as TopLevelSpec } from './plot.js';
import type { VegaLiteSpec } from './specs.js';

/**
 * SVG text of a Vega-Lite specification, drawn without a browser by
 * src/report/plot.ts; the same specification gives the same bytes.
 */
export function renderSvg(spec: VegaLiteSpec): Promise<string> {
  return renderVegaLiteSvg(spec as unknown as TopLevelSpec);
}

/**
 * PNG bytes of an SVG, `scale` times its size, rasterised by resvg with the
 * system's fonts (DejaVu Sans when the SVG's font is not installed).
 */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  return resvg.render().asPng();
}
