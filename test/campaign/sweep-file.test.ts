import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSweepFile } from '../../src/campaign/plan.js';
import { InputError } from '../../src/engine/input-error.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeSweep } from './helpers.js';

describe('sweep files: bad ones fail with the file and the field before any run starts', () => {
  const dir = tempDir();
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['an unknown field path', { grid: { 'users.phones.cout': [4, 8] } }, /bad\.json: grid\["users\.phones\.cout"\] = 4: the topology .* rejects it: users\[0\]\.cout: unknown field/],
    ['a path through a list entry that does not exist', { grid: { 'users.cars.count': [4] } }, /grid\["users\.cars\.count"\] = 4: .*users\.cars: no entry named "cars".*names: phones/],
    ['a value the topology rejects', { grid: { 'weights.time': [1, -1] } }, /grid\["weights\.time"\] = -1: .*weights\.time: /],
    ['an empty grid', { grid: {} }, /bad\.json: grid: the grid is empty/],
    ['a field with no values', { grid: { 'weights.time': [] } }, /bad\.json: grid.*: expected at least one value/],
    ['an empty list of points', { grid: undefined, points: [] }, /points: the list of points is empty/],
    ['both grid and points', { points: [{ 'weights.time': 1 }] }, /points: give either "grid" or "points", not both/],
    ['an unknown allocator', { allocators: ['strongest-server', 'best'] }, /allocators\[1\]: unknown allocator "best"; expected one of: .*strongest-server/],
    ['schedulers for kind solve', { schedulers: ['ps'] }, /schedulers: kind "solve" has no edge scheduler/],
    ['an empty seed range', { seeds: '5-1' }, /seeds: the range is empty/],
    ['a misspelt top-level field', { seed: 3 }, /bad\.json: seed: unknown field/],
    ['a baseline that is not in the sweep', { baseline: 'other' }, /baseline: "other" is not among the campaign's allocators/],
    ['a trace for kind run', { kind: 'run', trace: 5 }, /trace: only kind "solve" records an objective trace/],
    ['two figures of the same name', { plots: [{ name: 'f', panels: [{ y: 'objective' }] }, { name: 'f', panels: [{ y: 'energyJ' }] }] }, /plots\[1\]\.name: "f" is used twice/],
    ['a figure over a column the sweep does not have', { plots: [{ name: 'f', panels: [{ x: 'weights.energy', y: 'objective' }] }] }, /plots\[0\]\.panels\[0\]\.x: "weights\.energy" is not a column of this sweep; expected one of: allocator, scheduler, seed, weights\.time/],
    ['a misspelt panel field', { plots: [{ name: 'f', panels: [{ y: 'objective', logy: true }] }] }, /plots\[0\]\.panels\[0\]\.logy: unknown field/],
    ['points that disagree on fields', { grid: undefined, points: [{ 'weights.time': 1 }, { 'weights.energy': 1 }] }, /points\[1\]: every point must set the same fields/],
  ];
  for (const [what, fields, message] of cases) {
    it(what, () => {
      const file = writeSweep(dir, fields, 'bad.json');
      expect(() => planSweepFile(file)).toThrow(InputError);
      expect(() => planSweepFile(file)).toThrow(message);
    });
  }

  it('the CLI prints the message, exits 2 and creates no campaign folder', () => {
    const file = writeSweep(dir, { grid: { 'users.phones.cout': [4, 8] } }, 'bad.json');
    const out = path.join(dir, 'never');
    const r = runCli(['sweep', file, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown field/);
    expect(r.stderr).not.toMatch(/at .*\.js/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('a grid point that is wrong only in combination is named as a point', () => {
    // Each value alone is fine; the listed positions then no longer match the count.
    const file = writeSweep(dir, { grid: { 'weights.time': [1], 'users.phones.count': [4, 5] } }, 'bad.json');
    expect(() => planSweepFile(file)).toThrow(/users\.phones\.count.*= 5.*positions: expected 5 positions/);
  });
});

describe('"$schema" in a sweep file', () => {
  it('is accepted and changes no run', () => {
    const dir = tempDir();
    const plain = planSweepFile(writeSweep(dir, {}, 'plain.json'));
    const withSchema = planSweepFile(writeSweep(dir, { $schema: './sweep.schema.json' }, 'with.json'));
    expect(withSchema.runs.map((r) => r.key)).toEqual(plain.runs.map((r) => r.key));
  });
});
