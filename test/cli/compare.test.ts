import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../campaign/helpers.js';

describe('mecsim compare', () => {
  it('prints means with 95% intervals, writes the tables and one bar plot per metric', () => {
    const dir = tempDir();
    const out = path.join(dir, 'cmp');
    const r = runCli(['compare', 'topologies/small.json', '--allocators', 'strongest-server', '--seeds', '1-5', '--out', out, '--workers', '2']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/compare-small: 5 runs, 5 run now/);
    expect(r.stdout).toMatch(/^objective\s+strongest-server\s+5\s/m);
    for (const f of ['campaign.json', 'results.csv', 'summary.csv', 'plots/objective.svg', 'plots/energyJ.svg']) expect(fs.existsSync(path.join(out, f))).toBe(true);
    // The table's interval is the one in summary.csv.
    const row = fs.readFileSync(path.join(out, 'summary.csv'), 'utf8').split('\n').find((l) => l.includes(',objective,'))!;
    const halfWidth = Number(row.split(',')[7]);
    expect(r.stdout).toMatch(new RegExp(`objective\\s+strongest-server\\s+5\\s+\\S+\\s+${halfWidth.toPrecision(4).replace('.', '\\.')}`));
    // Run again: nothing to do, same files.
    const before = fs.readFileSync(path.join(out, 'results.csv'), 'utf8');
    const again = runCli(['compare', 'topologies/small.json', '--allocators', 'strongest-server', '--seeds', '1-5', '--out', out]);
    expect(again.stdout).toMatch(/5 runs, 0 run now, 5 already done/);
    expect(fs.readFileSync(path.join(out, 'results.csv'), 'utf8')).toBe(before);
  });

  it('rejects bad options before running anything', () => {
    const dir = tempDir();
    const out = path.join(dir, 'never');
    const cases: Array<[string[], RegExp]> = [
      [['--allocators', 'nope'], /allocators\[0\]: unknown allocator "nope"/],
      [['--allocators', 'strongest-server', '--seeds', '3-1'], /--seeds: the range "3-1" is empty/],
      [['--allocators', 'strongest-server', '--schedulers', 'ps'], /--schedulers: kind "solve" has no edge scheduler/],
      [['--allocators', 'strongest-server', '--set', 'weights.tme=2'], /--set weights\.tme = 2: .*weights\.tme: unknown field/],
      [['--allocators', 'strongest-server', '--workers', '-1'], /--workers: expected a whole number >= 0/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(['compare', 'topologies/small.json', ...args, '--out', out]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(fs.existsSync(out)).toBe(false);
  });
});
