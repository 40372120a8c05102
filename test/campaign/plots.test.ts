import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCampaignFolder } from '../../src/campaign/folder.js';
import { planSweepFile } from '../../src/campaign/plan.js';
import { campaignFigure, writeFigure } from '../../src/campaign/plots.js';
import { runCampaign } from '../../src/campaign/runner.js';
import { renderSvg, svgToPng } from '../../src/report/render.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeSweep } from './helpers.js';

/** Checks that tags nest properly (a well-formedness check without an XML library). */
function wellFormed(svg: string): boolean {
  const body = svg.replace(/<!--[\s\S]*?-->/g, '').replace(/<\?[\s\S]*?\?>/g, '');
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)(?:\s[^<>]*?)?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing === '/') continue;
    if (closing === '/') {
      if (stack.pop() !== name) return false;
    } else stack.push(name);
  }
  return stack.length === 0 && /^\s*<svg[\s>]/.test(body) && /<\/svg>\s*$/.test(body);
}

function textElements(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

describe('plots of a campaign', () => {
  const dir = tempDir();
  const file = writeSweep(dir, {
    grid: { 'llm.preset': ['llama-7b-paper', 'gpt2-small'], 'weights.time': [0.5, 1, 2] },
    seeds: '1-3',
  });
  const out = path.join(dir, 'study');

  it('a line plot with bands is valid SVG naming each series, and renders to PNG', async () => {
    await runCampaign(planSweepFile(file), { outDir: out, workers: 0 });
    const folder = readCampaignFolder(out);
    const figure = campaignFigure(folder, { x: 'weights.time', y: 'objective', by: 'llm.preset' });
    expect(figure.type).toBe('line');
    expect(figure.series).toEqual(['llama-7b-paper', 'gpt2-small']);
    const svg = await renderSvg(figure.spec);
    expect(wellFormed(svg)).toBe(true);
    const texts = textElements(svg);
    expect(texts).toContain('llama-7b-paper');
    expect(texts).toContain('gpt2-small');
    expect(texts).toContain('objective (dimensionless)');
    // Each series: a line through three means and a band (an area path).
    expect((svg.match(/class="mark-area/g) ?? []).length).toBeGreaterThanOrEqual(1);
    expect(await renderSvg(figure.spec)).toBe(svg);
    const png = svgToPng(svg);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('the data under the line are the means and t intervals over the seeds', () => {
    const folder = readCampaignFolder(out);
    const figure = campaignFigure(folder, { x: 'weights.time', y: 'energyJ', by: 'llm.preset' });
    const values = (figure.spec.data as { values: Array<{ x: number; series: string; mean: number; lower: number; n: number }> }).values;
    const cell = values.find((v) => v.series === 'gpt2-small' && v.x === 2)!;
    const runs = folder.results.filter((r) => r.spec.overrides[0][1] === 'gpt2-small' && r.spec.overrides[1][1] === 2).map((r) => r.metrics.energyJ);
    expect(runs).toHaveLength(3);
    const mean = runs.reduce((s, x) => s + x, 0) / 3;
    const sd = Math.sqrt(runs.reduce((s, x) => s + (x - mean) ** 2, 0) / 2);
    expect(cell.n).toBe(3);
    expect(cell.mean).toBeCloseTo(mean, 6);
    expect(cell.lower).toBeCloseTo(mean - 4.302653 * (sd / Math.sqrt(3)), 3); // t_{0.975,2} = 4.302653
  });

  it('bars with error bars and empirical CDFs name their series too', async () => {
    const folder = readCampaignFolder(out);
    for (const request of [
      { x: 'llm.preset', y: 'objective', where: { 'weights.time': '1' } },
      { type: 'ecdf' as const, y: 'objective', by: 'llm.preset', where: { 'weights.time': '1' } },
    ]) {
      const svg = await renderSvg(campaignFigure(folder, request).spec);
      expect(wellFormed(svg)).toBe(true);
      expect(textElements(svg)).toContain('gpt2-small');
    }
  });

  it('refuses to average over a configuration column that is not drawn', () => {
    const folder = readCampaignFolder(out);
    expect(() => campaignFigure(folder, { x: 'weights.time', y: 'objective' })).toThrow(/column "llm\.preset" takes 2 values.*--where "llm\.preset=llama-7b-paper"/);
  });

  it('mecsim plot writes the SVG (and a PNG) from the command line', () => {
    const target = path.join(dir, 'fig.svg');
    const r = runCli(['plot', out, '--x', 'weights.time', '--y', 'objective', '--by', 'llm.preset', '--out', target, '--png']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/line plot of objective \(2 series: llama-7b-paper, gpt2-small\)/);
    expect(wellFormed(fs.readFileSync(target, 'utf8'))).toBe(true);
    expect(fs.statSync(path.join(dir, 'fig.png')).size).toBeGreaterThan(1000);
    expect(runCli(['plot', out, '--y', 'nope', '--x', 'weights.time', '--by', 'llm.preset']).stderr).toMatch(/--y: no column "nope"/);
  });

  it('mecsim plot names a filtered plot after its filter, says when it replaces one, writes a PDF and takes a size and font size', () => {
    const plot = (...extra: string[]) => runCli(['plot', out, '--type', 'bar', '--x', 'llm.preset', '--y', 'objective', ...extra]);
    const a = plot('--where', 'weights.time=1', '--pdf');
    const b = plot('--where', 'weights.time=2');
    expect(a.stderr + b.stderr).toBe('');
    const fileA = path.join(out, 'plots', 'objective-vs-llm.preset-weights.time_1.svg');
    const fileB = path.join(out, 'plots', 'objective-vs-llm.preset-weights.time_2.svg');
    expect(a.stdout).toContain(fileA);
    expect(b.stdout).toContain(fileB);
    expect(fs.readFileSync(fileA, 'utf8')).toContain('runs with weights.time = 1');
    expect(fs.readFileSync(fileB, 'utf8')).toContain('runs with weights.time = 2');
    expect(fs.readFileSync(fileA.replace(/svg$/, 'pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    // The same plot again replaces its file, and says so.
    expect(plot('--where', 'weights.time=2').stdout).toContain(`${fileB} (replaced the earlier one)`);
    // A user's own file of that name is never replaced.
    fs.writeFileSync(fileB, 'my notes\n');
    expect(plot('--where', 'weights.time=2').status).toBe(2);
    expect(fs.readFileSync(fileB, 'utf8')).toBe('my notes\n');
    const sized = plot('--where', 'weights.time=1', '--width', '200', '--height', '120', '--font-size', '17', '--out', path.join(dir, 'small.svg'));
    expect(sized.stderr).toBe('');
    const svg = fs.readFileSync(path.join(dir, 'small.svg'), 'utf8');
    expect(svg).toMatch(/font-size="17px"/);
    // The plotting area's frame is 200 by 120 px.
    expect(svg).toContain('h200v120h-200Z');
    expect(plot('--font-size', '0', '--where', 'weights.time=1').stderr).toMatch(/--font-size: expected a number from 4 to 72/);
  });

  it('writeFigure refuses an unknown extension', async () => {
    const folder = readCampaignFolder(out);
    const figure = campaignFigure(folder, { x: 'weights.time', y: 'objective', by: 'llm.preset' });
    await expect(writeFigure(figure, path.join(dir, 'fig.gif'))).rejects.toThrow(/\.svg, \.png, \.pdf or \.json/);
  });
});

describe('CDF steps', () => {
  it('keep every step of a small sample and thin a large one to within 1/maxSteps in height', async () => {
    const { cdfRows } = await import('../../src/report/figures.js');
    expect(cdfRows(new Map([['a', [2, 1, 2]]]))).toEqual([
      { value: 1, fraction: 1 / 3, series: 'a' },
      { value: 2, fraction: 1, series: 'a' },
    ]);
    const xs = Array.from({ length: 10_000 }, (_, i) => Math.sqrt(i));
    const rows = cdfRows(new Map([['b', xs]]), 100);
    expect(rows.length).toBeLessThanOrEqual(105); // one per rise of 1/100, the ends, rounding
    expect(rows[0].fraction).toBe(1 / 10_000);
    expect(rows[rows.length - 1].fraction).toBe(1);
    // Between kept steps the true CDF rises by at most 1/100 (+ one sample).
    for (let i = 1; i < rows.length; i++) expect(rows[i].fraction - rows[i - 1].fraction).toBeLessThanOrEqual(0.01 + 1e-4 + 1e-12);
  });
});

describe('figures a sweep file declares', () => {
  const dir = tempDir();
  const file = writeSweep(dir, {
    topology: path.resolve('topologies/paper-default.json'),
    grid: { 'servers.0.count': [2, 4], 'users.0.count': [12] },
    allocators: ['proposed'],
    seeds: '1-3',
    trace: 6,
    plots: [
      { name: 'conv', title: 'Convergence', panels: [{ type: 'trace', y: 'objectiveStep', by: 'servers.0.count', seriesTitle: 'servers' }] },
      { name: 'two', panels: [{ x: 'servers.0.count', y: 'objective' }, { x: 'servers.0.count', y: 'traceSteps', type: 'bar' }] },
    ],
  });
  const out = path.join(dir, 'study');

  it('mecsim sweep draws them into plots/ once every run is in', () => {
    const r = runCli(['sweep', file, '--out', out, '--workers', '0']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/figures: plots\/conv\.svg, plots\/conv\.pdf, plots\/two\.svg, plots\/two\.pdf/);
    for (const f of ['conv.svg', 'two.svg']) expect(wellFormed(fs.readFileSync(path.join(out, 'plots', f), 'utf8'))).toBe(true);
    expect(textElements(fs.readFileSync(path.join(out, 'plots', 'conv.svg'), 'utf8'))).toContain('Convergence');
  });

  it('a trace panel draws, per step, the mean over the seeds of each run\'s relative objective', () => {
    const folder = readCampaignFolder(out);
    const spec = campaignFigure(folder, { type: 'trace', y: 'objectiveStep', by: 'servers.0.count' }).spec;
    const values = (spec.data as { values: Array<{ x: number; series: string; mean: number; n: number }> }).values;
    for (const servers of [2, 4]) {
      const runs = folder.results.filter((r) => r.spec.overrides.some(([p, v]) => p === 'servers.0.count' && v === servers));
      const longest = Math.max(...runs.map((r) => r.metrics.traceSteps));
      const drawn = values.filter((v) => v.series === String(servers));
      expect(drawn.map((v) => v.x)).toEqual(Array.from({ length: Math.max(longest, 0) + 1 }, (_, k) => k));
      for (const v of drawn) {
        const mean = runs.reduce((s, r) => s + r.metrics[`objectiveStep${v.x}`], 0) / runs.length;
        expect(v.mean).toBeCloseTo(mean, 12);
        expect(v.n).toBe(3);
      }
    }
  });
});
