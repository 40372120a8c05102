import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

const urbanShort = join(repoRoot, 'topologies/urban-short.json');

describe('mecsim run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mecsim-run-'));

  it('writes a complete run folder and prints the summary table', () => {
    const out = join(dir, 'ok');
    const r = runCli(['run', urbanShort, '--horizon', '2m', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/urban-short: seed 7, allocator strongest-server, scheduler ps, fwd-bwd pipeline, 2m00s simulated/);
    expect(r.stdout).toMatch(/^delay mean\s/m);
    expect(readdirSync(out).sort()).toEqual(['.mecsim', 'epochs.csv', 'iterations.csv', 'map.json', 'run.json', 'timing.csv']);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.horizonS).toBe(120);
    expect(run.seed).toBe(7);
    expect(run.summary.iterations).toBe(readFileSync(join(out, 'iterations.csv'), 'utf8').trim().split('\n').length - 1);
    expect(run.scenario.simulation.horizonS).toBe(120);
    expect(readFileSync(join(out, 'epochs.csv'), 'utf8').split('\n')[0]).toBe('index,timeS,allocator,predictedObjective,realisedCost,iterations,handovers');
  });

  it('--scheduler, --seed and --allocator apply', () => {
    const out = join(dir, 'fcfs');
    const r = runCli(['run', urbanShort, '--horizon', '60s', '--scheduler', 'fcfs', '--seed', '3', '--allocator', 'strongest-server', '--out', out]);
    expect(r.status).toBe(0);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.scheduler).toEqual({ policy: 'fcfs' });
    expect(run.seed).toBe(3);
  });

  it.each([
    ['soon', /--horizon: expected a positive duration such as 90s, 15m, 2h or 7d, got "soon"/],
    ['-5s', /--horizon: expected a positive duration/],
    ['0h', /--horizon: expected a positive duration/],
    ['3 weeks', /--horizon: expected a positive duration/],
  ])('rejects the horizon %s with exit 2', (h, message) => {
    const out = join(dir, 'never');
    const r = runCli(['run', urbanShort, `--horizon=${h}`, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects unknown schedulers and allocators with exit 2', () => {
    const a = runCli(['run', urbanShort, '--scheduler', 'lifo', '--out', join(dir, 'x')]);
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/--scheduler: unknown scheduler 'lifo'; expected one of: allocated, ps, eps, fcfs, rr, srpt/);
    const b = runCli(['run', urbanShort, '--allocator', 'oracle', '--out', join(dir, 'x')]);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/--allocator: unknown allocator 'oracle'/);
  });

  it('a bad topology is exit 2 naming the file and field, and writes nothing', () => {
    const t = JSON.parse(readFileSync(urbanShort, 'utf8'));
    t.simulation.epochS = -1;
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(t));
    const out = join(dir, 'bad-out');
    const r = runCli(['run', file, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file}: simulation.epochS:`);
    expect(existsSync(out)).toBe(false);
  });

  it('a run that fails midway leaves no partial folder and keeps the earlier complete one', () => {
    const out = join(dir, 'kept');
    expect(runCli(['run', urbanShort, '--horizon', '30s', '--out', out]).status).toBe(0);
    const before = readFileSync(join(out, 'iterations.csv'));
    const t = JSON.parse(readFileSync(urbanShort, 'utf8'));
    // The trace is read when the run builds its users, after the output folder was opened.
    t.users[0].mobility = { model: 'trace', file: 'no-such-trace.csv' };
    const file = join(dir, 'missing-trace.json');
    writeFileSync(file, JSON.stringify(t));
    const r = runCli(['run', file, '--horizon', '30s', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no-such-trace\.csv/);
    expect(readFileSync(join(out, 'iterations.csv'))).toEqual(before);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('is quiet apart from the report when stdout is not a terminal', () => {
    mkdirSync(join(dir, 'q'), { recursive: true });
    const r = runCli(['run', urbanShort, '--horizon', '30s', '--out', join(dir, 'q', 'run')]);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('\r');
  });
});
