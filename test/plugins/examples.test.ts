import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-examples-'));
const objective = (stdout: string): number => Number(/^objective (\S+)/m.exec(stdout)![1]);

describe('examples/ run as their READMEs say', () => {
  it('least-loaded allocator: every server gets users within one of each other', () => {
    const r = runCli(['solve', 'topologies/small.json', '--json', '--allocator', './examples/least-loaded-allocator/least-loaded.js']);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as { allocator: string; decision: { users: Array<{ server: number }> }; instance: { servers: unknown[] } };
    expect(doc.allocator).toBe('least-loaded.js');
    const load = doc.instance.servers.map((_, m) => doc.decision.users.filter((u) => u.server === m).length);
    expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(1);
  });
  it('EDF scheduler: a run finishes iterations and names the scheduler', () => {
    const out = path.join(tmp, 'edf');
    const r = runCli(['run', 'topologies/urban-short.json', '--horizon', '120', '--record', 'none', '--out', out, '--scheduler', './examples/edf-scheduler/edf.js']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/scheduler edf\.js/);
    const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as { summary: { iterations: number } };
    expect(run.summary.iterations).toBeGreaterThan(0);
  });
  it('Python policy: solves, and is compared with proposed on paired seeds', () => {
    const solve = runCli(['solve', 'topologies/small.json', '--allocator', 'exec:python3 examples/python-policy/policy.py --alpha 2']);
    expect(solve.status).toBe(0);
    expect(objective(solve.stdout)).toBeGreaterThan(0);
    const out = path.join(tmp, 'cmp');
    const cmp = runCli(['compare', 'topologies/small.json', '--allocators', 'proposed,exec:python3 examples/python-policy/policy.py', '--seeds', '1-3', '--out', out]);
    expect(cmp.status).toBe(0);
    // proposed minimises the objective: the heuristic's paired difference cannot be negative.
    const row = cmp.stdout.split('\n').find((l) => l.startsWith('objective') && l.includes('policy.py'))!;
    expect(row).toBeDefined();
    expect(Number(row.trim().split(/\s+/).at(-1))).toBeGreaterThan(0);
  });
  it('Python learning loop: it learns from the feedback and its cost falls over 30 runs', () => {
    const r = spawnSync('python3', ['examples/python-learning/train.py', '--mecsim', `${process.execPath} ${path.join(repoRoot, 'bin/mecsim.js')}`, '--out', path.join(tmp, 'learn')], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const m = /first 6 runs ([\d.]+), last 6 runs ([\d.]+)/.exec(r.stdout)!;
    expect(Number(m[2])).toBeLessThan(Number(m[1]));
    // It learned from the feedback of its own decisions: every run heard the realised cost of some.
    const table = JSON.parse(fs.readFileSync(path.join(tmp, 'learn', 'table.json'), 'utf8')) as { history: Array<{ decisions: number }> };
    expect(table.history).toHaveLength(30);
    for (const h of table.history) expect(h.decisions).toBeGreaterThan(0);
  });
});
