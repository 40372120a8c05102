import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeShards } from '../../src/campaign/merge.js';
import { planSweepFile } from '../../src/campaign/plan.js';
import { parseShard, runCampaign, workerFile } from '../../src/campaign/runner.js';
import { metricNames } from '../../src/campaign/execute.js';
import { readCampaignFolder } from '../../src/campaign/folder.js';
import { InputError } from '../../src/engine/input-error.js';
import { runCli } from '../helpers/cli.js';
import { folderContents, smallTopology, tempDir, writeSweep } from './helpers.js';

describe('mecsim sweep: the same results whatever the workers, shards and interruptions', () => {
  const dir = tempDir();
  const file = writeSweep(dir);

  it('uses the compiled worker from dist/', () => {
    expect(workerFile()).toMatch(/dist[\\/]campaign[\\/]worker\.js$/);
  });

  it('1 worker, 2 workers, the main thread and 3 merged shards write identical files', async () => {
    const plan = planSweepFile(file);
    expect(plan.runs).toHaveLength(12);
    const one = path.join(dir, 'one');
    const two = path.join(dir, 'two');
    const main = path.join(dir, 'main');
    expect((await runCampaign(plan, { outDir: one, workers: 1 })).complete).toBe(true);
    expect((await runCampaign(plan, { outDir: two, workers: 2 })).complete).toBe(true);
    expect((await runCampaign(plan, { outDir: main, workers: 0 })).complete).toBe(true);
    const shards: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const out = path.join(dir, `shard-${i}`);
      const r = await runCampaign(plan, { outDir: out, workers: 2, shard: { index: i, count: 3 } });
      expect(r.total).toBe(4);
      expect(r.complete).toBe(false);
      expect(fs.existsSync(path.join(out, 'results.csv'))).toBe(false);
      shards.push(out);
    }
    const merged = path.join(dir, 'merged');
    mergeShards(shards, merged);

    const reference = folderContents(one);
    expect([...reference.keys()].filter((k) => k.startsWith('results/'))).toHaveLength(12);
    expect(reference.has('results.csv')).toBe(true);
    expect(reference.has('summary.csv')).toBe(true);
    for (const other of [two, main, merged]) expect(folderContents(other)).toEqual(reference);
    // 12 runs, one row each, in grid order: weights.time outer, seeds inner.
    const rows = reference.get('results.csv')!.trim().split('\n');
    expect(rows).toHaveLength(13);
    expect(rows[0]).toMatch(/^index,key,weights\.time,allocator,scheduler,seed,folder,/);
    expect(rows.slice(1).map((r) => r.split(',').slice(2, 6).join(','))).toEqual(
      [0.5, 1, 2].flatMap((w) => [1, 2, 3, 4].map((s) => `${w},strongest-server,,${s}`)),
    );
  });

  it('stopped after k runs and restarted, it ends with the files of an uninterrupted sweep', async () => {
    const plan = planSweepFile(file);
    const out = path.join(dir, 'interrupted');
    const first = await runCampaign(plan, { outDir: out, workers: 2, stopAfter: 5 });
    expect(first.stopped).toBe(true);
    expect(first.complete).toBe(false);
    expect(fs.readdirSync(path.join(out, 'results')).filter((f) => f.endsWith('.json'))).toHaveLength(5);
    expect(fs.existsSync(path.join(out, 'results.csv'))).toBe(false);
    // What a killed process leaves: a half-written result under a hidden temporary name.
    const leftover = path.join(out, 'results', '.0123456789abcdef.json.tmp-4242-0');
    fs.writeFileSync(leftover, '{"key": "0123');
    const second = await runCampaign(plan, { outDir: out, workers: 2 });
    expect(second.skipped).toBe(5);
    expect(second.ran).toBe(7);
    expect(second.complete).toBe(true);
    expect(fs.existsSync(leftover)).toBe(false);
    const reference = path.join(dir, 'reference');
    await runCampaign(plan, { outDir: reference, workers: 1 });
    expect(folderContents(out)).toEqual(folderContents(reference));
    // A third start finds everything done.
    const third = await runCampaign(plan, { outDir: out, workers: 2 });
    expect([third.skipped, third.ran]).toEqual([12, 0]);
  });

  it('report exactly the metric names --help lists for kind solve', () => {
    for (const r of readCampaignFolder(path.join(dir, 'one')).results) expect(Object.keys(r.metrics).sort()).toEqual([...metricNames.solve].sort());
  });

  it('a run\'s metrics are those mecsim solve prints for the topology with the field changed by hand', async () => {
    const plan = planSweepFile(file);
    const out = path.join(dir, 'one');
    const folder = readCampaignFolder(out);
    const run = folder.results.find((r) => r.spec.seed === 3 && r.spec.overrides[0][1] === 2)!;
    const topology = JSON.parse(fs.readFileSync(smallTopology, 'utf8'));
    topology.weights.time = 2;
    const edited = path.join(dir, 'edited.json');
    fs.writeFileSync(edited, JSON.stringify(topology));
    const solved = JSON.parse(runCli(['solve', edited, '--json', '--seed', '3', '--allocator', 'strongest-server']).stdout);
    expect(run.metrics.objective).toBe(solved.objective.total);
    expect(run.metrics.energyJ).toBe(solved.objective.totals.energyJ);
    expect(run.metrics.stability).toBe(solved.objective.totals.stability);
    expect(plan.runs.map((r) => r.key)).toContain(run.key);
  });

  it('refuses to mix two campaigns in one folder, and merge names the runs missing', async () => {
    const copy = path.join(dir, 'other-topology.json');
    fs.copyFileSync(smallTopology, copy);
    const other = planSweepFile(writeSweep(dir, { seeds: '1-2', topology: copy }, 'other.json'));
    await expect(runCampaign(other, { outDir: path.join(dir, 'one'), workers: 0 })).rejects.toThrow(/holds the results of campaigns on another topology file/);
    expect(() => mergeShards([path.join(dir, 'shard-1'), path.join(dir, 'shard-3')], path.join(dir, 'partial'))).toThrow(
      /4 of 12 runs have no result in the folders given \(run indices 1, 4, 7, 10\)/,
    );
  });

  it('parses shard specifications 1-based', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    for (const bad of ['0/3', '4/3', '1', 'a/b', '1/0']) expect(() => parseShard(bad)).toThrow(InputError);
  });
});

describe('mecsim sweep from the command line', () => {
  it('runs on worker threads, resumes, shards and merges to the same bytes', () => {
    const dir = tempDir();
    const file = writeSweep(dir, { seeds: [1, 2, 3] });
    const full = runCli(['sweep', file, '--out', path.join(dir, 'full'), '--workers', '2']);
    expect(full.stderr).toBe('');
    expect(full.status).toBe(0);
    expect(full.stdout).toMatch(/study: 9 runs, 9 run now, 0 already done -> .*full: results\.csv, summary\.csv/);
    const part = runCli(['sweep', file, '--out', path.join(dir, 'part'), '--workers', '1', '--stop-after', '4']);
    expect(part.stdout).toMatch(/9 runs, 4 run now, 0 already done .* stopped early/);
    const rest = runCli(['sweep', file, '--out', path.join(dir, 'part')]);
    expect(rest.stdout).toMatch(/9 runs, 5 run now, 4 already done/);
    for (const i of [1, 2]) expect(runCli(['sweep', file, '--shard', `${i}/2`, '--out', path.join(dir, `s${i}`)]).status).toBe(0);
    const merged = runCli(['merge', path.join(dir, 's1'), path.join(dir, 's2'), '--out', path.join(dir, 'merged')]);
    expect(merged.status).toBe(0);
    const reference = folderContents(path.join(dir, 'full'));
    expect(folderContents(path.join(dir, 'part'))).toEqual(reference);
    expect(folderContents(path.join(dir, 'merged'))).toEqual(reference);
  });
});
