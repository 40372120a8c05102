import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, repoRoot } from '../helpers/cli.js';

describe('mecsim solve', () => {
  it('prints a table with a row per user and the totals', () => {
    const r = runCli(['solve', 'topologies/small.json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/small: 4 users, 2 servers, seed 1/);
    expect(r.stdout).toMatch(/alpha/);
    expect(r.stdout.split('\n').filter((l) => /^[0-3]\s/.test(l))).toHaveLength(4);
    expect(r.stdout).toMatch(/^total\s/m);
    expect(r.stdout).toMatch(/objective .* = time .* \+ energy .* \+ stability/);
  });

  it('--json has the instance, decision and objective, in SI units', () => {
    const r = runCli(['solve', 'topologies/small.json', '--json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    for (const key of ['layers', 'batch', 'hidden', 'bitsPerValue', 'lipschitz', 'noiseWPerHz', 'weights', 'users', 'servers']) {
      expect(doc.instance).toHaveProperty(key);
    }
    for (const key of ['tokens', 'samples', 'cores', 'flopsPerCycle', 'maxFreqHz', 'kappa', 'maxTxPowerW', 'activationBits', 'gains']) {
      expect(doc.instance.users[0]).toHaveProperty(key);
    }
    expect(doc.instance.users[0].gains).toHaveLength(2);
    for (const key of ['cores', 'flopsPerCycle', 'maxFreqHz', 'kappa', 'bandwidthHz']) expect(doc.instance.servers[0]).toHaveProperty(key);
    for (const key of ['alpha', 'server', 'txPowerW', 'bandwidthHz', 'freqHz', 'serverFreqHz']) {
      expect(doc.decision.users[0]).toHaveProperty(key);
    }
    expect(doc.objective.total).toBeGreaterThan(0);
    expect(doc.objective.terms).toHaveProperty('energy');
  });

  it('the same seed gives the same bytes; another seed another instance', () => {
    const a = runCli(['solve', 'topologies/small.json', '--json', '--seed', '5']);
    const b = runCli(['solve', 'topologies/small.json', '--json', '--seed', '5']);
    const c = runCli(['solve', 'topologies/small.json', '--json', '--seed', '6']);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).instance).not.toEqual(JSON.parse(c.stdout).instance);
  });

  it('rejects a bad topology with the file and field, exit 2, no output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mecsim-'));
    const t = JSON.parse(readFileSync(join(repoRoot, 'topologies/small.json'), 'utf8'));
    t.users[0].hardware.maxTxPowerW = 0;
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(t));
    const r = runCli(['solve', file]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/bad\.json: users\[0\]\.hardware\.maxTxPowerW: expected a value >= 0\.000001/);
    expect(r.stderr).not.toMatch(/at .*\.js/); // no stack trace
  });

  it('rejects a bad seed, a missing file and an unknown allocator', () => {
    expect(runCli(['solve', 'topologies/small.json', '--seed', 'x']).stderr).toMatch(/--seed: expected a non-negative whole number/);
    const missing = runCli(['solve', 'topologies/none.json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/none\.json: no such file/);
    const alloc = runCli(['solve', 'topologies/small.json', '--allocator', 'magic']);
    expect(alloc.status).toBe(2);
    expect(alloc.stderr).toMatch(/magic/);
  });
});
