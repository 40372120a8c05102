import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricNames } from '../../src/campaign/execute.js';
import { readCampaignFolder } from '../../src/campaign/folder.js';
import { mergeShards } from '../../src/campaign/merge.js';
import { planSweepFile } from '../../src/campaign/plan.js';
import { campaignFigure } from '../../src/campaign/plots.js';
import { runCampaign } from '../../src/campaign/runner.js';
import { renderSvg } from '../../src/report/render.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { folderContents, tempDir, writeSweep } from './helpers.js';

const urban = path.join(repoRoot, 'topologies/urban-short.json');

/** Everything but timing.csv, the one file of a run folder that holds wall-clock times. */
function reproducible(dir: string): Map<string, string> {
  return new Map([...folderContents(dir)].filter(([k]) => !k.endsWith('timing.csv')));
}

describe('campaigns of kind run (the dynamic simulation)', () => {
  const dir = tempDir();
  const file = writeSweep(dir, {
    topology: urban,
    kind: 'run',
    horizonS: 120,
    grid: { 'users.pedestrians.count': [10, 20] },
    schedulers: ['ps', 'fcfs'],
    seeds: [1, 2],
    baseline: 'strongest-server/ps',
  });

  it('writes a run folder per run and the same files with 1 or 2 workers, or as 3 merged shards', async () => {
    const plan = planSweepFile(file);
    expect(plan.runs).toHaveLength(8);
    await runCampaign(plan, { outDir: path.join(dir, 'one'), workers: 1 });
    await runCampaign(plan, { outDir: path.join(dir, 'two'), workers: 2 });
    const shards = [1, 2, 3].map((i) => path.join(dir, `shard-${i}`));
    for (let i = 0; i < 3; i++) await runCampaign(plan, { outDir: shards[i], workers: 1, shard: { index: i + 1, count: 3 } });
    mergeShards(shards, path.join(dir, 'merged'));
    const reference = reproducible(path.join(dir, 'one'));
    for (const key of plan.runs.map((r) => r.key)) {
      for (const f of ['run.json', 'iterations.csv', 'epochs.csv']) expect(reference.has(path.join('runs', key, f))).toBe(true);
    }
    expect(reference.has('differences.csv')).toBe(true);
    expect(reproducible(path.join(dir, 'two'))).toEqual(reference);
    expect(reproducible(path.join(dir, 'merged'))).toEqual(reference);
  });

  it('report exactly the metric names --help lists for kind run', () => {
    const folder = readCampaignFolder(path.join(dir, 'one'));
    for (const r of folder.results) expect(Object.keys(r.metrics).sort()).toEqual([...metricNames.run].sort());
  });

  it('a run\'s metrics are the summary mecsim run writes for the same scenario, seed and scheduler', () => {
    const folder = readCampaignFolder(path.join(dir, 'one'));
    const r = folder.results.find((x) => x.spec.scheduler === 'fcfs' && x.spec.seed === 2 && x.spec.overrides[0][1] === 20)!;
    const topology = JSON.parse(fs.readFileSync(urban, 'utf8'));
    topology.users.find((g: { name: string }) => g.name === 'pedestrians').count = 20;
    const edited = path.join(dir, 'edited.json');
    fs.writeFileSync(edited, JSON.stringify(topology));
    {
      const out = path.join(dir, 'direct');
      const cli = runCli(['run', edited, '--seed', '2', '--scheduler', 'fcfs', '--horizon', '120s', '--out', out]);
      expect(cli.status).toBe(0);
      const summary = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')).summary;
      expect(r.metrics.iterations).toBe(summary.iterations);
      expect(r.metrics.delayMeanS).toBe(summary.delay.meanS);
      expect(r.metrics.delayP95S).toBe(summary.delay.p95S);
      expect(r.metrics.energyTotalJ).toBe(summary.energyTotalsJ.total);
      expect(r.metrics.jainThroughput).toBe(summary.jainThroughput);
      expect(fs.readFileSync(path.join(out, 'iterations.csv'), 'utf8')).toBe(fs.readFileSync(path.join(folder.dir, r.folder!, 'iterations.csv'), 'utf8'));
    }
  });

  it('plots the empirical CDF of iteration delay from the runs\' iterations.csv', async () => {
    const folder = readCampaignFolder(path.join(dir, 'one'));
    const figure = campaignFigure(folder, { type: 'ecdf', y: 'totalDelayS', by: 'scheduler', where: { 'users.pedestrians.count': '20' } });
    expect(figure.series).toEqual(['ps', 'fcfs']);
    const values = (figure.spec.data as { values: Array<{ value: number; fraction: number; series: string }> }).values.filter((v) => v.series === 'fcfs');
    // The steps cover every iteration of the two fcfs runs at 20 pedestrians.
    const iterations = folder.results
      .filter((x) => x.spec.scheduler === 'fcfs' && x.spec.overrides[0][1] === 20)
      .reduce((n, x) => n + x.metrics.iterations, 0);
    expect(iterations).toBeGreaterThan(0);
    expect(values[values.length - 1].fraction).toBe(1);
    expect(values[0].fraction).toBeCloseTo(1 / iterations, 12);
    const svg = await renderSvg(figure.spec);
    expect(svg).toMatch(/>fcfs<\/text>/);
  });

  it('plots from iterations.csv written before the outageS column as from the current one, and says when outageS is missing', () => {
    const older = path.join(dir, 'older');
    fs.cpSync(path.join(dir, 'one'), older, { recursive: true });
    const runs = path.join(older, 'runs');
    for (const key of fs.readdirSync(runs)) {
      const f = path.join(runs, key, 'iterations.csv');
      const lines = fs.readFileSync(f, 'utf8').split('\n');
      expect(lines[0].endsWith(',outageS')).toBe(true);
      fs.writeFileSync(f, lines.map((l) => (l === '' ? l : l.slice(0, l.lastIndexOf(',')))).join('\n'));
    }
    const request = { type: 'ecdf' as const, y: 'totalDelayS', by: 'scheduler', where: { 'users.pedestrians.count': '20' } };
    const now = campaignFigure(readCampaignFolder(path.join(dir, 'one')), request);
    const before = campaignFigure(readCampaignFolder(older), request);
    expect(before.spec.data).toEqual(now.spec.data);
    // The new column plots from a current campaign; an older one names the file and the missing column.
    expect(campaignFigure(readCampaignFolder(path.join(dir, 'one')), { ...request, y: 'outageS' }).series).toEqual(['ps', 'fcfs']);
    expect(() => campaignFigure(readCampaignFolder(older), { ...request, y: 'outageS' })).toThrow(/iterations\.csv.*no column "outageS"/);
  });
});
