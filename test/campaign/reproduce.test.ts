import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCampaignFolder } from '../../src/campaign/folder.js';
import { PAPER_STUDIES, reproduce } from '../../src/campaign/reproduce.js';
import { InputError } from '../../src/engine/input-error.js';

/** A CSV file as rows of named cells (no quoted commas in these tables). */
function readCsv(file: string): Array<Record<string, string>> {
  const [head, ...lines] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const columns = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((c, i) => [columns[i], c])));
}

describe('mecsim reproduce (quick, 2 seeds)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-repro-'));
  const out = path.join(dir, 'figs');

  it('runs every study as a campaign and writes its tables and figures; intervals hold their means', async () => {
    const r = await reproduce(out, { seeds: 2, quick: true, workers: 0 });
    const top = fs.readdirSync(out).filter((f) => f !== 'campaigns' && f !== '.mecsim').sort();
    expect(fs.readdirSync(out)).toContain('.mecsim'); // the marker that lets a later reproduce write here
    expect(top).toEqual(r.files);
    for (const name of PAPER_STUDIES) {
      for (const f of [`${name}.csv`, `${name}.json`, `${name}-runs.csv`, `${name}.svg`, `${name}.pdf`]) expect(top).toContain(f);
      // Each is a complete campaign folder like any sweep's.
      expect(readCampaignFolder(path.join(out, 'campaigns', name)).results.length).toBeGreaterThan(0);
    }
    expect(r.ran).toBe(r.solves);
    expect(fs.readdirSync(dir)).toEqual(['figs']);
    expect(fs.readdirSync(out).filter((f) => f.startsWith('.'))).toEqual(['.mecsim']);

    const summary = readCsv(path.join(out, 'fig5-association.csv'));
    expect(Object.keys(summary[0])).toEqual(['users.0.count', 'servers.0.count', 'allocator', 'scheduler', 'metric', 'n', 'mean', 'std', 'level', 'halfWidth', 'lower', 'upper', 'totalUsers', 'totalServers']);
    for (const row of summary) {
      expect(Number(row.n)).toBe(2);
      expect(Number(row.lower)).toBeLessThanOrEqual(Number(row.mean));
      expect(Number(row.upper)).toBeGreaterThanOrEqual(Number(row.mean));
    }
    // The grid reached the topology: each solve saw the user and server counts of its point.
    for (const run of readCsv(path.join(out, 'fig5-association-runs.csv'))) {
      expect(run.users).toBe(run['users.0.count']);
      expect(run.servers).toBe(run['servers.0.count']);
    }
    // The proposed association is never worse than random on the objective, nor than greedy (which it starts from).
    const objective = (users: string, allocator: string): number => Number(summary.find((s) => s.metric === 'objective' && s['users.0.count'] === users && s.allocator === allocator)!.mean);
    for (const users of ['20', '100']) {
      expect(objective(users, 'proposed')).toBeLessThanOrEqual(objective(users, 'random-assoc'));
      expect(objective(users, 'proposed')).toBeLessThanOrEqual(objective(users, 'greedy-assoc') * (1 + 1e-9));
    }
    // Figure 4's trace: 1 at the start, never rising (an outer iteration is kept only when it lowers the objective), flat after the last step taken.
    for (const run of readCsv(path.join(out, 'fig4-convergence-runs.csv'))) {
      const steps = Object.keys(run).filter((c) => /^objectiveStep\d+$/.test(c)).sort();
      const trace = steps.map((c) => Number(run[c]));
      expect(trace[0]).toBe(1);
      for (let k = 1; k < trace.length; k++) expect(trace[k]).toBeLessThanOrEqual(trace[k - 1]);
      const taken = Number(run.traceSteps);
      for (let k = taken; k < trace.length; k++) expect(trace[k]).toBe(trace[taken]);
      if (taken > 0) expect(trace[taken]).toBeLessThan(1);
    }
  }, 300_000);

  it('a second run finds every solve done and writes the same bytes', async () => {
    const before = new Map(fs.readdirSync(out).filter((f) => f !== 'campaigns').map((f) => [f, fs.readFileSync(path.join(out, f), 'utf8')]));
    const r = await reproduce(out, { seeds: 2, quick: true, workers: 0 });
    expect(r.ran).toBe(0);
    for (const [f, text] of before) expect(fs.readFileSync(path.join(out, f), 'utf8')).toBe(text);
  }, 300_000);

  it('refuses a folder it did not write, and fewer than two seeds', async () => {
    const foreign = path.join(dir, 'mine');
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, 'notes.txt'), 'keep me');
    await expect(reproduce(foreign, { seeds: 2, quick: true, workers: 0 })).rejects.toThrow(InputError);
    expect(fs.readdirSync(foreign)).toEqual(['notes.txt']);
    await expect(reproduce(path.join(dir, 'never'), { seeds: 1 })).rejects.toThrow(/at least|>= 2/);
  });
});
