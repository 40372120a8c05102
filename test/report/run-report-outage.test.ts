import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { iterationColumnsWithoutOutage } from '../../src/metrics/recorders.js';
import { readRunFolder } from '../../src/report/html/run-data.js';
import { runReportHtml } from '../../src/report/html/run-report.js';
import { runSeries } from '../../src/report/html/run-series.js';
import { loadTopology } from '../../src/scenario/load.js';
import { runToFolder } from '../../src/scenario/run-folder.js';
import { repoRoot, runCli } from '../helpers/cli.js';

const file = join(repoRoot, 'topologies/urban-short.json');
const charts = (html: string): string[] => [...html.matchAll(/<figure class="chart" data-chart="([^"]+)"/g)].map((m) => m[1]);

/** iterations.csv as an earlier mecsim wrote it: the same rows without the last column, outageS. */
function dropOutageColumn(dir: string): void {
  const f = join(dir, 'iterations.csv');
  const lines = readFileSync(f, 'utf8').split('\n');
  expect(lines[0].endsWith(',outageS')).toBe(true);
  writeFileSync(f, lines.map((l) => (l === '' ? l : l.slice(0, l.lastIndexOf(',')))).join('\n'));
}

describe('outage over time in the run report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mecsim-outage-report-'));
  const current = join(dir, 'current');
  const older = join(dir, 'older');

  beforeAll(async () => {
    await runToFolder({ topology: loadTopology(file), source: file, baseDir: join(repoRoot, 'topologies'), horizonS: 120, version: 'test', allocator: 'proposed', out: current });
    cpSync(current, older, { recursive: true });
    dropOutageColumn(older);
  }, 60_000);

  it("draws the outage chart, whose bins add up to the run's outageS", async () => {
    const data = readRunFolder(current);
    expect(data.outageRecorded).toBe(true);
    expect(data.run.outageS).toBeGreaterThan(0);
    const series = runSeries(data.iterations, data.run.horizonS, 4);
    expect(series.outage).toHaveLength(series.bins.count);
    const binned = series.outage.reduce((a, p) => a + p.value, 0);
    expect(Math.abs(binned - data.run.outageS)).toBeLessThanOrEqual(1e-9 * data.run.outageS);
    // Outage is not spread evenly: some bins have none, some have some.
    expect(series.outage.some((p) => p.value > 1e-6)).toBe(true);
    expect(charts(await runReportHtml(data))).toContain('outage');
  });

  it('still loads iterations.csv without the outageS column: every other column read alike, no outage chart, a note instead', async () => {
    const now = readRunFolder(current);
    const before = readRunFolder(older);
    expect(before.outageRecorded).toBe(false);
    expect(before.iterations).toHaveLength(now.iterations.length);
    before.iterations.forEach((r, i) => {
      expect(r.outageS).toBeNaN();
      for (const c of iterationColumnsWithoutOutage) expect(r[c]).toBe(now.iterations[i][c]);
    });
    const html = await runReportHtml(before);
    expect(charts(html)).toEqual(charts(await runReportHtml(now)).filter((c) => c !== 'outage'));
    expect(html).toContain('written before it had the outageS column');
  });

  it('mecsim report writes the report of such a folder', () => {
    const r = runCli(['report', older]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(older, 'report.html'), 'utf8')).toContain('data-chart="site-queue"');
  });
});
