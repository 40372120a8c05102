/**
 * Plug-ins in campaigns: --baseline names a module as --allocators does,
 * tables and plots name it by its file, --policy-timeout reaches every run
 * (main thread and worker threads), and a sweep file's module paths are
 * read relative to its own folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

const example = path.join(repoRoot, 'examples/least-loaded-allocator/least-loaded.js');
const misbehave = path.join(repoRoot, 'test/fixtures/plugins/misbehave.py');

/** A fresh folder holding small.json and the example allocator saved as mine.js. */
function study(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-campaign-plugins-'));
  fs.copyFileSync(path.join(repoRoot, 'topologies/small.json'), path.join(dir, 'small.json'));
  fs.copyFileSync(example, path.join(dir, 'mine.js'));
  return dir;
}

function csvRows(file: string): Array<Record<string, string>> {
  const [head, ...lines] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

describe('compare with a module plug-in', () => {
  it('--baseline ./mine.js is the allocator ./mine.js; tables and plots name it mine.js, the results keep its absolute path', () => {
    const dir = study();
    const r = runCli(['compare', 'small.json', '--allocators', 'proposed,./mine.js', '--baseline', './mine.js', '--seeds', '1-2', '--workers', '0', '--out', 'cmp'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^diff: paired over seeds against mine\.js;/m);
    // proposed is now the one compared: its objective row has a difference, and it is negative (proposed minimises the objective).
    const row = r.stdout.split('\n').find((l) => /^objective\s+proposed\s/.test(l))!;
    expect(row.trim().split(/\s+/)).toHaveLength(8);
    expect(Number(row.trim().split(/\s+/)[5])).toBeLessThan(0);
    expect(r.stdout).not.toContain(path.join(dir, 'mine.js'));
    const diffs = csvRows(path.join(dir, 'cmp', 'differences.csv'));
    expect(diffs.length).toBeGreaterThan(0);
    for (const d of diffs) expect(d.baselineAllocator).toBe(path.join(dir, 'mine.js'));
    const svg = fs.readFileSync(path.join(dir, 'cmp', 'plots', 'objective.svg'), 'utf8');
    expect(svg).toContain('mine.js');
    expect(svg).not.toContain(path.join(dir, 'mine.js'));
    const report = fs.readFileSync(path.join(dir, 'cmp', 'report.html'), 'utf8');
    expect(report).toContain('against mine.js');
  });

  it('a baseline that names no allocator of the comparison is one line, exit 2', () => {
    const dir = study();
    const r = runCli(['compare', 'small.json', '--allocators', 'proposed,./mine.js', '--baseline', './other.js', '--seeds', '1', '--workers', '0', '--out', 'cmp'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/baseline: ".*other\.js" is not among the campaign's allocators/);
  });
});

describe('--policy-timeout reaches the runs of a campaign', () => {
  for (const workers of ['0', '1']) {
    it(`compare --workers ${workers}: a policy slower than the timeout stops the campaign, naming the timeout`, () => {
      const dir = study();
      const r = runCli(['compare', 'small.json', '--allocators', `exec:python3 ${misbehave} hang`, '--seeds', '1', '--workers', workers, '--policy-timeout', '0.5', '--out', 'cmp'], { cwd: dir });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/no answer within 0\.5 s \(--policy-timeout\)/);
    });
  }

  it('a timeout that is not a positive number is refused before any run', () => {
    const dir = study();
    const r = runCli(['compare', 'small.json', '--allocators', 'proposed', '--seeds', '1', '--policy-timeout', '0', '--out', 'cmp'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--policy-timeout: expected a number of seconds > 0/);
  });
});

describe('a sweep file reads its module paths relative to its own folder', () => {
  function sweepFile(dir: string, allocators: string[], baseline?: string): string {
    const file = path.join(dir, 'sweep.json');
    fs.writeFileSync(file, JSON.stringify({ format: 'mecsim-sweep', version: 1, name: 'mine', topology: 'small.json', kind: 'solve', allocators, seeds: '1-2', ...(baseline === undefined ? {} : { baseline }) }));
    return file;
  }

  it('run from another folder, with worker threads: ./mine.js is the one beside the sweep file, and the baseline names it', () => {
    const dir = study();
    const file = sweepFile(dir, ['proposed', './mine.js'], './mine.js');
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-elsewhere-'));
    const r = runCli(['sweep', file, '--workers', '1', '--out', path.join(elsewhere, 'out')], { cwd: elsewhere });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const results = csvRows(path.join(elsewhere, 'out', 'results.csv'));
    expect(new Set(results.map((x) => x.allocator))).toEqual(new Set(['proposed', path.join(dir, 'mine.js')]));
    const diffs = csvRows(path.join(elsewhere, 'out', 'differences.csv'));
    expect(diffs.length).toBeGreaterThan(0);
    for (const d of diffs) expect(d.baselineAllocator).toBe(path.join(dir, 'mine.js'));
  });

  it('a module missing beside the sweep file is one line naming the sweep file and the field, exit 2', () => {
    const dir = study();
    const file = sweepFile(dir, ['proposed', './missing.js']);
    const r = runCli(['sweep', file, '--workers', '0', '--out', path.join(dir, 'out')], { cwd: repoRoot });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${file}: allocators[1]: no such module ${path.join(dir, 'missing.js')}`);
  });
});
