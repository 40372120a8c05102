/**
 * A campaign whose runs finished no iteration (a horizon shorter than the
 * first job) has no mean delay to draw: its report leaves such metrics out
 * instead of failing, as compare's plots do.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planCampaign } from '../../src/campaign/plan.js';
import { runCampaign } from '../../src/campaign/runner.js';
import { readCampaignFolder } from '../../src/campaign/folder.js';
import { writeCampaignReport } from '../../src/cli/report.js';
import { repoRoot } from '../helpers/cli.js';
import { tempDir } from './helpers.js';

describe('the report of a campaign with an undefined metric', () => {
  it('is written, without the metrics some run has no value of', async () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(repoRoot, 'topologies/urban-short.json'), path.join(dir, 'urban-short.json'));
    const plan = planCampaign(
      {
        name: 'short',
        kind: 'run',
        topology: 'urban-short.json',
        horizonS: 20,
        points: [10, 20, 40].map((n) => ({ 'users.pedestrians.count': n })),
        allocators: ['strongest-server'],
        schedulers: [null],
        seeds: [1, 2],
        baseline: null,
      },
      dir,
      'test',
    );
    const out = path.join(dir, 'short');
    await runCampaign(plan, { outDir: out, workers: 0 });
    const delays = readCampaignFolder(out).results.map((r) => r.metrics.delayMeanS);
    expect(delays.some(Number.isNaN) && delays.some(Number.isFinite)).toBe(true);
    const file = await writeCampaignReport(out);
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toContain('throughputPerS');
  });
});
