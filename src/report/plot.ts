import type { TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite specification to an SVG document on the server side,
 * without a browser: Vega-Lite compiles it to a Vega specification, and a
 * headless Vega view (renderer 'none') draws it as SVG text. Text widths are
 * estimated (no canvas is loaded), which is enough for axis labels.
 * Deterministic: the same specification and data give the same bytes.
 *
 * vega and vega-lite are loaded on first use: together they take a few
 * hundred milliseconds to import, which every other command would pay.
 */
export type { TopLevelSpec as VegaLiteSpec } from 'vega-lite';

export async function renderVegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
