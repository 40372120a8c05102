/**
 * One campaign folder holds several campaigns on the same topology file:
 * results are named by the run's key, so extending a comparison (another
 * allocator, more seeds) runs only the new runs, the reused ones keep their
 * numbers, and the folder ends as a fresh run of the extended campaign
 * would have written it. A topology file changed in between is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCampaignFolder } from '../../src/campaign/folder.js';
import { planCampaign, type CampaignDefinition } from '../../src/campaign/plan.js';
import { runCampaign } from '../../src/campaign/runner.js';
import { runCli } from '../helpers/cli.js';
import { folderContents, smallTopology, tempDir } from './helpers.js';

function comparison(dir: string, allocators: string[], seeds: number[]): ReturnType<typeof planCampaign> {
  const definition: CampaignDefinition = {
    name: 'compare-small',
    kind: 'solve',
    topology: 'small.json',
    horizonS: null,
    points: [{}],
    allocators,
    schedulers: [null],
    seeds,
    baseline: allocators[0],
  };
  return planCampaign(definition, dir, 'test');
}

describe('a campaign folder extended with allocators and seeds', () => {
  it('runs only the new runs, keeps the numbers of the others and ends as a fresh campaign would', async () => {
    const dir = tempDir();
    fs.copyFileSync(smallTopology, path.join(dir, 'small.json'));
    const out = path.join(dir, 'compare-small');
    const first = await runCampaign(comparison(dir, ['strongest-server', 'greedy-assoc'], [1, 2, 3]), { outDir: out, workers: 0 });
    expect([first.ran, first.skipped, first.complete]).toEqual([6, 0, true]);
    const before = new Map(readCampaignFolder(out).results.map((r) => [r.key, r.metrics]));
    const firstTables = folderContents(out);

    const wider = comparison(dir, ['strongest-server', 'greedy-assoc', 'proposed'], [1, 2, 3, 4, 5]);
    const second = await runCampaign(wider, { outDir: out, workers: 0 });
    // 3 allocators x 5 seeds, of which 2 x 3 were done.
    expect([second.total, second.ran, second.skipped, second.complete]).toEqual([15, 9, 6, true]);
    const after = readCampaignFolder(out);
    expect(after.results.map((r) => r.index)).toEqual([...Array(15).keys()]);
    for (const [key, metrics] of before) expect(after.results.find((r) => r.key === key)!.metrics).toEqual(metrics);

    const fresh = path.join(dir, 'fresh');
    await runCampaign(wider, { outDir: fresh, workers: 0 });
    expect(folderContents(out)).toEqual(folderContents(fresh));

    // Back to the first comparison: nothing runs, and its tables are again the ones it wrote the first time.
    const back = await runCampaign(comparison(dir, ['strongest-server', 'greedy-assoc'], [1, 2, 3]), { outDir: out, workers: 0 });
    expect([back.ran, back.skipped]).toEqual([0, 6]);
    for (const table of ['results.csv', 'summary.csv', 'differences.csv']) expect(fs.readFileSync(path.join(out, table), 'utf8')).toBe(firstTables.get(table));
  });

  it('refuses a folder whose runs were made on the topology file before it changed', async () => {
    const dir = tempDir();
    const topology = path.join(dir, 'small.json');
    fs.copyFileSync(smallTopology, topology);
    const out = path.join(dir, 'cmp');
    await runCampaign(comparison(dir, ['strongest-server'], [1]), { outDir: out, workers: 0 });
    const t = JSON.parse(fs.readFileSync(topology, 'utf8'));
    t.weights.time = 2;
    fs.writeFileSync(topology, JSON.stringify(t));
    await expect(runCampaign(comparison(dir, ['strongest-server'], [1, 2]), { outDir: out, workers: 0 })).rejects.toThrow(/before it changed; choose another --out folder/);
    // The same definition too: its stored result no longer matches the file.
    await expect(runCampaign(comparison(dir, ['strongest-server'], [1]), { outDir: out, workers: 0 })).rejects.toThrow(/before it changed/);
  });
});

describe('mecsim compare twice into its default folder', () => {
  it('a second comparison with other allocators and seeds reuses the runs of the first', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'topologies'));
    fs.copyFileSync(smallTopology, path.join(dir, 'topologies/small.json'));
    const args = ['compare', 'topologies/small.json', '--metrics', 'objective', '--workers', '0'];
    const first = runCli([...args, '--allocators', 'strongest-server', '--seeds', '1-2'], { cwd: dir });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/compare-small: 2 runs, 2 run now, 0 already done/);
    const second = runCli([...args, '--allocators', 'strongest-server,greedy-assoc', '--seeds', '1-3'], { cwd: dir });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/compare-small: 6 runs, 4 run now, 2 already done/);
    expect(second.stdout).toMatch(/^objective\s+greedy-assoc\s+3\s/m);
  });
});
