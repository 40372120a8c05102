/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that can sit inside a <script> element: no `</script>` or `<!--` can end it early. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1100px;padding:1em 1.5em;color:#222}
h1{font-size:1.5em;margin-bottom:.2em} h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}
.sub{color:#666;margin-top:0}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
th,td{padding:.2em .6em;border-bottom:1px solid #eee;text-align:right} th{background:#f6f6f6}
td:first-child,th:first-child{text-align:left}
.grid{display:flex;flex-wrap:wrap;gap:1em}
figure.chart{margin:0} figure.chart figcaption{font-size:.8em;color:#555;max-width:520px}
.scroll{max-height:420px;overflow:auto;display:inline-block}
#map-controls{display:flex;gap:.8em;align-items:center;margin:.4em 0}
#map-controls input[type=range]{flex:1}
#map-info{font-size:.85em;min-height:1.4em;color:#333}
.legend span{display:inline-block;margin-right:1em;font-size:.85em}
`;

/** A whole HTML document: everything inline, nothing fetched, so it opens from disk anywhere. */
export function htmlPage(title: string, subtitle: string, body: string, script = ''): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="sub">${escapeHtml(subtitle)}</p>`,
    body,
    script === '' ? '' : `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** An HTML table: the header cells and rows are text (escaped here). */
export function htmlTable(header: readonly string[], rows: readonly (readonly (string | number | null)[])[], attributes = ''): string {
  // null: a quantity the run could not measure (no iteration finished), shown empty.
  const cell = (tag: string, v: string | number | null): string => `<${tag}>${escapeHtml(v === null ? '' : typeof v === 'number' ? formatValue(v) : v)}</${tag}>`;
  return [
    `<table${attributes}>`,
    `<thead><tr>${header.map((h) => cell('th', h)).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map((r) => `<tr>${r.map((v) => cell('td', v)).join('')}</tr>`),
    '</tbody></table>',
  ].join('\n');
}

/** Four significant digits, whole numbers as they are. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '' : String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  return Number(v.toPrecision(4)).toString();
}

/** A chart's figure: the SVG and a caption saying what is drawn. */
export function chartFigure(name: string, svg: string, caption: string): string {
  return `<figure class="chart" data-chart="${escapeHtml(name)}">${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}
