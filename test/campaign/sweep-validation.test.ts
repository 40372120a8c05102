import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeSweep } from './helpers.js';

/**
 * A sweep refuses bad input before its first run starts: every point is
 * built as its runs would build it, so nothing is written when one point
 * cannot run (no campaign folder, no result of the points before it).
 */
describe('a sweep validates every point before any run', () => {
  it('kind run: a point whose mobility trace does not exist', () => {
    const dir = tempDir();
    const file = writeSweep(dir, {
      kind: 'run',
      horizonS: 60,
      grid: { 'users.phones.mobility': [{ model: 'static' }, { model: 'trace', file: 'no-such-trace.ns2' }] },
      seeds: '1-2',
    });
    const out = path.join(dir, 'out');
    const r = runCli(['sweep', file, '--out', out, '--workers', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/grid\["users\.phones\.mobility"\] = .*no-such-trace\.ns2/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('kind solve: every point of a probabilistic-LOS grid builds its snapshot, and the sweep runs', () => {
    const dir = tempDir();
    const file = writeSweep(dir, {
      topology: path.resolve('topologies/urban-short.json'),
      grid: { 'radio.pathLoss.los': ['probabilistic', 'nlos'] },
      allocators: ['edge-only'],
      seeds: [1],
    });
    const out = path.join(dir, 'out');
    const r = runCli(['sweep', file, '--out', out, '--workers', '0']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(out, 'results.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('kind solve: an unknown allocator is refused before any run', () => {
    const dir = tempDir();
    const file = writeSweep(dir, { allocators: ['strongest-server', 'no-such-allocator'] });
    const out = path.join(dir, 'out');
    const r = runCli(['sweep', file, '--out', out, '--workers', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/allocators\[1\]: unknown allocator "no-such-allocator"/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
