import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleTimesS } from '../../src/metrics/map-recorder.js';
import { buildWorld } from '../../src/scenario/build.js';
import { loadTopology } from '../../src/scenario/load.js';
import { runToFolder } from '../../src/scenario/run-folder.js';
import { repoRoot } from '../helpers/cli.js';

const file = join(repoRoot, 'topologies/urban-short.json');

describe('map.json', () => {
  it('samples at whole multiples of the interval up to the horizon', () => {
    expect(sampleTimesS({ kind: 'interval', everyS: 0.1 }, 0.3, 60)).toEqual([0, 0.1, 0.2, 0.30000000000000004]);
    expect(sampleTimesS({ kind: 'epochs' }, 150, 60)).toEqual([0, 60, 120]);
    expect(sampleTimesS({ kind: 'none' }, 150, 60)).toEqual([]);
  });

  it('recording a map leaves every other file byte-identical, and the map is reproducible', async () => {
    const topology = loadTopology(file);
    const world = buildWorld(topology);
    const dir = mkdtempSync(join(tmpdir(), 'mecsim-map-'));
    const map = { mode: { kind: 'interval' as const, everyS: 7 }, sites: world.servers.map((s) => s.position), userCount: world.users.length };
    const common = { topology, source: file, baseDir: join(repoRoot, 'topologies'), horizonS: 120, version: 'test', allocator: 'proposed' };
    await runToFolder({ ...common, out: join(dir, 'plain') });
    await runToFolder({ ...common, out: join(dir, 'a'), map });
    await runToFolder({ ...common, out: join(dir, 'b'), map });
    for (const f of ['iterations.csv', 'epochs.csv', 'run.json']) {
      expect(readFileSync(join(dir, 'a', f), 'utf8'), f).toBe(readFileSync(join(dir, 'plain', f), 'utf8'));
    }
    const text = readFileSync(join(dir, 'a', 'map.json'), 'utf8');
    expect(readFileSync(join(dir, 'b', 'map.json'), 'utf8')).toBe(text);
    const m = JSON.parse(text);
    expect(m.samplesS).toEqual(sampleTimesS(map.mode, 120, 60));
    expect(m.positionsM.every((p: number[]) => p.length === 2 * world.users.length && p.every(Number.isInteger))).toBe(true);
    // One association per allocator call, each naming a site, local-only or no work for every phone.
    const epochs = readFileSync(join(dir, 'a', 'epochs.csv'), 'utf8').trim().split('\n').length - 1;
    expect(m.epochs).toHaveLength(epochs);
    expect(m.epochs.every((e: { server: number[] }) => e.server.length === world.users.length && e.server.every((s) => s >= -2 && s < world.servers.length))).toBe(true);
    expect(m.epochs.some((e: { server: number[] }) => e.server.some((s) => s >= 0))).toBe(true);
  });
});
