import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

/**
 * The reports opened in a real browser (Debian's chromium, no network): no
 * console errors, one map mark per phone and per site, the slider moves the
 * phones, every chart has data marks. With SCREENSHOTS=1 the screenshots of
 * docs/reports.md are refreshed from the shipped topologies.
 */
const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
// On CI a missing browser is a failure, not a skip: .ci/run installs it.
if (!available && process.env.CI === 'true') {
  describe('report in a browser', () => {
    it('needs chromium', () => {
      throw new Error(`${CHROMIUM} is missing; install it with apt-get install -y chromium (.ci/run does)`);
    });
  });
}

const shotsDir = process.env.SCREENSHOTS === '1' ? join(repoRoot, 'docs/reports') : mkdtempSync(join(tmpdir(), 'mecsim-shots-'));

describe.runIf(available)('report in a browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mecsim-report-'));
  const runDir = join(dir, 'run');
  const campaignDir = join(dir, 'compare');
  let context: BrowserContext;
  const errors: string[] = [];

  async function open(file: string): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${file}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`${file}: ${String(e)}`));
    // Nothing may be fetched: the report is one self-contained file.
    await page.route(/^(?!file:)/, (route) => {
      errors.push(`${file}: fetched ${route.request().url()}`);
      return route.abort();
    });
    await page.goto(`file://${file}`);
    return page;
  }

  beforeAll(async () => {
    const run = runCli(['run', join(repoRoot, 'topologies/urban-short.json'), '--allocator', 'proposed', '--out', runDir, '--report']);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n').at(-1)).toBe(`report: ${join(runDir, 'report.html')}`);
    const cmp = runCli(['compare', join(repoRoot, 'topologies/small.json'), '--allocators', 'strongest-server,proposed,random-assoc', '--seeds', '1-6', '--workers', '0', '--out', campaignDir]);
    expect(cmp.status).toBe(0);
    expect(cmp.stdout).toContain(`report: ${join(campaignDir, 'report.html')}`);
    mkdirSync(shotsDir, { recursive: true });
    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'mecsim-chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1100, height: 900 },
    });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
  });

  it('the run report: one mark per phone and site, the slider moves phones, hover tells the state, every chart drawn', async () => {
    const map = JSON.parse(readFileSync(join(runDir, 'map.json'), 'utf8'));
    const page = await open(join(runDir, 'report.html'));
    expect(await page.locator('#map .phone').count()).toBe(map.users);
    expect(await page.locator('#map .site').count()).toBe(map.sites.length);
    const positions = (): Promise<string[]> => page.locator('#map .phone').evaluateAll((cs) => cs.map((c) => `${c.getAttribute('cx')},${c.getAttribute('cy')}`));
    const before = await positions();
    // At the end of the run the phones have moved (random waypoint) and some are served.
    await page.locator('#map-slider').fill(String(map.samplesS.at(-1) * 0.9));
    const after = await positions();
    expect(after.filter((p, i) => p !== before[i]).length).toBeGreaterThan(map.users / 2);
    expect(await page.locator('#map .link[visibility=visible]').count()).toBeGreaterThan(0);
    const titles = await page.locator('#map .phone title').allTextContents();
    expect(titles).toHaveLength(map.users);
    expect(titles.some((t) => /uploading|computing|waiting|served|downloading/.test(t))).toBe(true);
    expect(titles.every((t) => /^phone \d+: /.test(t))).toBe(true);
    const charts = page.locator('figure.chart');
    expect(await charts.count()).toBe(10);
    expect(await page.locator('figure.chart[data-chart=outage]').count()).toBe(1);
    for (const chart of await charts.all()) {
      expect(await chart.locator('g.role-mark > *').count(), (await chart.getAttribute('data-chart')) ?? '').toBeGreaterThan(0);
    }
    expect(await page.locator('#users tbody tr').count()).toBeGreaterThan(0);
    await page.locator('#map').screenshot({ path: join(shotsDir, 'run-map.png') });
    await page.locator('.grid').first().screenshot({ path: join(shotsDir, 'run-series.png') });
    expect(errors).toEqual([]);
  }, 120_000);

  it('the campaign report: comparison table, forest plot and CDFs drawn', async () => {
    const page = await open(join(campaignDir, 'report.html'));
    expect(await page.locator('#comparison tbody tr').count()).toBe(4 * 3);
    expect(await page.locator('figure.chart[data-chart=forest]').count()).toBe(1);
    const charts = page.locator('figure.chart');
    expect(await charts.count()).toBe(1 + 4);
    for (const chart of await charts.all()) {
      expect(await chart.locator('g.role-mark > *').count(), (await chart.getAttribute('data-chart')) ?? '').toBeGreaterThan(0);
    }
    await page.screenshot({ path: join(shotsDir, 'campaign.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 120_000);
});
