import { InputError } from '../engine/input-error.js';

/**
 * PDF bytes of an SVG plot, with vector paths and real text (a reader can
 * search for an axis title), for LaTeX's \includegraphics. PDFKit writes
 * the document and svg-to-pdfkit translates the SVG into its drawing
 * calls: both are plain JavaScript, with no browser or native binary. Text
 * is set in PDF's built-in Helvetica, so no font file is embedded and the
 * file stays a few tens of kB; the dates are fixed, so the same SVG gives
 * the same bytes. One SVG pixel is one PDF point (1/72 in).
 *
 * Both libraries are loaded on first use, like vega.
 */
export async function svgToPdf(svg: string): Promise<Buffer> {
  const [{ default: PDFDocument }, { default: SVGtoPDF }] = await Promise.all([import('pdfkit'), import('svg-to-pdfkit')]);
  const width = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1]);
  const height = Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)?.[1]);
  if (!(width > 0 && height > 0)) throw new InputError(undefined, undefined, 'the plot has no size to make a PDF page of');
  const fixed = new Date(Date.UTC(2000, 0, 1));
  const doc = new PDFDocument({ size: [width, height], margin: 0, autoFirstPage: true, info: { Producer: 'mecsim', Creator: 'mecsim', CreationDate: fixed, ModDate: fixed } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  // Helvetica has no glyph for some of Unicode's signs: plain ones instead.
  const text = svg.replace(/≤/g, '<=').replace(/≥/g, '>=').replace(/−/g, '-');
  SVGtoPDF(doc, text, 0, 0, { width, height, assumePt: true, fontCallback: (_family, bold, italic) => `Helvetica${bold && italic ? '-BoldOblique' : bold ? '-Bold' : italic ? '-Oblique' : ''}` });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
