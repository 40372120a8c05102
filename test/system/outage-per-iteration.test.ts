import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { iterationColumns } from '../../src/metrics/recorders.js';
import { loadTopology } from '../../src/scenario/load.js';
import { runToFolder } from '../../src/scenario/run-folder.js';
import { repoRoot } from '../helpers/cli.js';

const file = join(repoRoot, 'topologies/urban-short.json');

/** iterations.csv as columns of numbers. */
function columns(dir: string): Record<string, number[]> {
  const [header, ...rows] = readFileSync(join(dir, 'iterations.csv'), 'utf8').trim().split('\n');
  const names = header.split(',');
  const out: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const row of rows) row.split(',').forEach((v, k) => out[names[k]].push(Number(v)));
  return out;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

describe('outage per iteration in iterations.csv', () => {
  it("adds up to run.json's outageS, lies within each upload, and is zero without an outage rule", async () => {
    const topology = loadTopology(file);
    expect(topology.simulation?.outage).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'mecsim-outage-'));
    const common = { source: file, baseDir: join(repoRoot, 'topologies'), horizonS: 120, version: 'test', allocator: 'proposed' };
    await runToFolder({ ...common, topology, out: join(dir, 'with') });
    const { outage: _, ...withoutRule } = topology.simulation!;
    await runToFolder({ ...common, topology: { ...topology, simulation: withoutRule }, out: join(dir, 'without') });

    const header = readFileSync(join(dir, 'with', 'iterations.csv'), 'utf8').split('\n', 1)[0];
    expect(header).toBe(iterationColumns.join(','));
    expect(header.endsWith(',outageS')).toBe(true);

    const c = columns(join(dir, 'with'));
    const totalS = JSON.parse(readFileSync(join(dir, 'with', 'run.json'), 'utf8')).outageS as number;
    // The shipped urban scenario has links below -5 dB within two minutes; a zero total would make the sum vacuous.
    expect(totalS).toBeGreaterThan(0);
    expect(c.outageS.filter((v) => v > 1e-6).length).toBeGreaterThan(1);
    expect(Math.abs(sum(c.outageS) - totalS)).toBeLessThanOrEqual(1e-9 * totalS);
    // Outage is time of the upload during which the link carried nothing: never negative, never more than the
    // upload, up to the rounding of upload time minus time on air (a few 1e-16 s on an upload of seconds).
    c.outageS.forEach((v, i) => {
      expect(v).toBeGreaterThanOrEqual(-1e-12 * c.uplinkS[i]);
      expect(v).toBeLessThanOrEqual(c.uplinkS[i] * (1 + 1e-12));
    });

    const none = columns(join(dir, 'without'));
    expect(none.outageS.length).toBeGreaterThan(0);
    expect(none.outageS.every((v, i) => Math.abs(v) <= 1e-12 * none.uplinkS[i])).toBe(true);
    // Without a rule the total is rounding only, and still the sum of the rows.
    const noneTotalS = JSON.parse(readFileSync(join(dir, 'without', 'run.json'), 'utf8')).outageS as number;
    expect(Math.abs(noneTotalS)).toBeLessThan(1e-9);
    expect(Math.abs(sum(none.outageS) - noneTotalS)).toBeLessThanOrEqual(1e-15 * none.outageS.length);
  });
});
