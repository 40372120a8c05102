import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, loadTopology, registries, runCampaign, runSimulation, solve, type Allocator, type SweepFile } from '../../src/index.js';
import { repoRoot, runCli } from '../helpers/cli.js';

/**
 * The library's entry points do what the matching command does: the same
 * numbers as the CLI (an independent path through yargs and the files it
 * writes), the same errors, and campaigns that resume.
 */
const small = path.join(repoRoot, 'topologies', 'small.json');
const urbanShort = path.join(repoRoot, 'topologies', 'urban-short.json');

describe('the library', () => {
  it('solve gives the objective mecsim solve --json prints', async () => {
    const cli = JSON.parse(runCli(['solve', small, '--json', '--allocator', 'greedy-assoc', '--seed', '7']).stdout) as { objective: { total: number }; decision: unknown };
    const lib = await solve(small, { allocator: 'greedy-assoc', seed: 7 });
    expect(lib.objective.totals.total).toBe(cli.objective.total);
    expect(JSON.parse(JSON.stringify(lib.decision))).toEqual(cli.decision);
  });

  it('runSimulation gives the summary mecsim run writes, and calls the listeners', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-lib-'));
    const cli = runCli(['run', urbanShort, '--horizon', '90s', '--allocator', 'strongest-server', '--scheduler', 'fcfs', '--out', path.join(out, 'run')]);
    expect(cli.status).toBe(0);
    const written = JSON.parse(fs.readFileSync(path.join(out, 'run', 'run.json'), 'utf8')) as { summary: { iterations: number; delay: { meanS: number } } };
    let iterations = 0;
    const lib = await runSimulation({ topology: urbanShort, horizonS: 90, allocator: 'strongest-server', scheduler: 'fcfs', onIteration: () => iterations++ });
    expect(lib.summary.iterations).toBe(written.summary.iterations);
    expect(lib.summary.delay.meanS).toBe(written.summary.delay.meanS);
    expect(iterations).toBe(lib.summary.iterations);
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('an allocator object is called at every epoch, with the run seed', async () => {
    const seen: number[] = [];
    const mine: Allocator = {
      name: 'recording',
      decide(snapshot, context) {
        seen.push(snapshot.timeS);
        expect(context.streams.seed).toBe(3);
        return { decision: { users: snapshot.users.map((u) => ({ alpha: 1, server: 0, txPowerW: u.maxTxPowerW, bandwidthHz: snapshot.servers[0].bandwidthHz / snapshot.users.length, freqHz: u.maxFreqHz, serverFreqHz: snapshot.servers[0].maxFreqHz / snapshot.users.length })) }, trace: [] };
      },
    };
    const r = await runSimulation({ topology: urbanShort, horizonS: 60, seed: 3, allocator: mine });
    expect(seen.length).toBe(r.epochs);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('bad input is an InputError with the one line the command line prints', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-lib-'));
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(small, 'utf8')), seed: 'one' }));
    let message = '';
    try {
      loadTopology(file);
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      message = (err as Error).message;
    }
    const cli = runCli(['solve', file]);
    expect(cli.status).toBe(2);
    expect(cli.stderr.trim()).toContain(message);
    expect(message).toContain('seed');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runCampaign runs a sweep and resumes it without running anything twice', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-lib-'));
    fs.copyFileSync(small, path.join(dir, 'small.json'));
    const sweep: SweepFile = { format: 'mecsim-sweep', version: 1, name: 'lib', kind: 'solve', topology: 'small.json', allocators: ['proposed', 'greedy-assoc'], seeds: [1, 2] };
    const first = await runCampaign(sweep, { outDir: path.join(dir, 'out'), baseDir: dir, workers: 0 });
    expect([first.total, first.ran, first.skipped]).toEqual([4, 4, 0]);
    expect(first.results.map((r) => r.spec.allocator)).toEqual(['proposed', 'proposed', 'greedy-assoc', 'greedy-assoc']);
    const again = await runCampaign(sweep, { outDir: path.join(dir, 'out'), baseDir: dir, workers: 0 });
    expect([again.ran, again.skipped]).toEqual([0, 4]);
    expect(again.results).toEqual(first.results);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the names of every registry', () => {
    const r = registries();
    expect(r.allocators).toContain('proposed');
    expect(r.schedulers).toContain('fcfs');
    expect(r.mobility).toContain('random-waypoint');
    expect(r.fading).toContain('rayleigh');
  });
});
