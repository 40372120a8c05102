import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reproduce } from '../../src/campaign/reproduce.js';

describe('mecsim reproduce (quick, 2 seeds)', () => {
  it('writes every table and plot into a complete folder; intervals hold their means', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-repro-'));
    const out = path.join(dir, 'figs');
    const r = await reproduce(out, { seeds: 2, quick: true });
    const files = fs.readdirSync(out).sort();
    expect(files.filter((f) => f !== '.mecsim')).toEqual(r.files);
    expect(files).toContain('.mecsim'); // the marker that lets a later reproduce replace this folder
    for (const f of ['fig2-split.csv', 'fig3-weights.csv', 'fig4-convergence.csv', 'fig4-iterations.csv', 'fig5-association.csv', 'fig2-split.svg', 'fig3-time-weight.svg', 'fig4-convergence.svg', 'fig5-association.svg', 'runs.csv', 'reproduce.json']) {
      expect(files).toContain(f);
    }
    expect(fs.readdirSync(dir)).toEqual(['figs']); // no temporary folder left behind
    const lines = fs.readFileSync(path.join(out, 'fig5-association.csv'), 'utf8').trim().split('\n');
    const head = lines[0].split(',');
    expect(head).toEqual(['users', 'method', 'metric', 'mean', 'ci95', 'lower', 'upper', 'seeds']);
    for (const line of lines.slice(1)) {
      const [, , , mean, , lower, upper, seeds] = line.split(',').map(Number);
      expect(seeds).toBe(2);
      expect(lower).toBeLessThanOrEqual(mean);
      expect(upper).toBeGreaterThanOrEqual(mean);
    }
    // The proposed association is never worse than random on the objective.
    const obj = lines.map((l) => l.split(',')).filter((c) => c[2] === 'objective');
    for (const users of ['20', '100']) {
      const get = (m: string) => Number(obj.find((c) => c[0] === users && c[1] === m)![3]);
      expect(get('proposed')).toBeLessThanOrEqual(get('random-assoc'));
      expect(get('proposed')).toBeLessThanOrEqual(get('greedy-assoc') * (1 + 1e-9));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
  it('refuses fewer than two seeds', async () => {
    await expect(reproduce('/tmp/never', { seeds: 1 })).rejects.toThrow(/at least|>= 2/);
  });
});
