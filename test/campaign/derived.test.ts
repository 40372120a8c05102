import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCampaignFolder } from '../../src/campaign/folder.js';
import { planSweepFile } from '../../src/campaign/plan.js';
import { runTotals } from '../../src/campaign/derived.js';
import { campaignFigure } from '../../src/campaign/plots.js';
import { expectedCosts } from '../../src/campaign/run-cost.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { tempDir, writeSweep } from './helpers.js';

/** A CSV file as objects, numbers as numbers, empty cells as null (the files here quote nothing). */
function readCsv(file: string): Array<Record<string, string | number | null>> {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const columns = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((c, i) => [columns[i], c === '' ? null : c === 'NaN' ? null : Number.isFinite(Number(c)) ? Number(c) : c])));
}

describe('derived columns and the tables of a sweep', () => {
  const dir = tempDir();
  // Two user groups moved together: 10+5 and 20+10 users.
  const points = [{ 'users.pedestrians.count': 10, 'users.vehicles.count': 5 }, { 'users.pedestrians.count': 20, 'users.vehicles.count': 10 }];
  const file = writeSweep(dir, { topology: path.join(repoRoot, 'topologies/urban-short.json'), grid: undefined, points, allocators: ['strongest-server', 'greedy-assoc'], seeds: '1-3', baseline: 'strongest-server' });
  const out = path.join(dir, 'study');

  it('mecsim sweep prints the summary table at the end, with a column per swept field', () => {
    const r = runCli(['sweep', file, '--out', out, '--workers', '0', '--metrics', 'objective,energyJ']);
    expect(r.stderr).toBe('');
    const table = r.stdout.split('\n');
    const header = table.find((l) => l.startsWith('metric'))!;
    expect(header.split(/\s{2,}/)).toEqual(['metric', 'users.pedestrians.count', 'users.vehicles.count', 'allocator', 'n', 'mean', '±95%', 'diff vs baseline', '±95%', 'diff %']);
    // 2 metrics x 2 points x 2 allocators, each mean the one in summary.csv.
    const rows = table.filter((l) => /^(objective|energyJ)\s/.test(l));
    expect(rows).toHaveLength(8);
    const summary = readCsv(path.join(out, 'summary.csv'));
    const energy = summary.find((s) => s.metric === 'energyJ' && s['users.pedestrians.count'] === 20 && s.allocator === 'greedy-assoc')!;
    const row = rows.find((l) => /^energyJ\s+20\s+10\s+greedy-assoc/.test(l))!;
    expect(Number(row.split(/\s+/)[5])).toBeCloseTo(energy.mean as number, -Math.floor(Math.log10(energy.mean as number)) + 3);
    expect(r.stdout).toMatch(/diff: paired over seeds against strongest-server/);
  });

  it('every table ends with totalUsers and totalServers, the sums over all groups', () => {
    const topology = JSON.parse(fs.readFileSync(path.join(repoRoot, 'topologies/urban-short.json'), 'utf8')) as { servers: Array<{ count: number }> };
    const servers = topology.servers.reduce((s, g) => s + g.count, 0);
    for (const table of ['results', 'summary', 'differences']) {
      const rows = readCsv(path.join(out, `${table}.csv`));
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r['totalUsers']).toBe((r['users.pedestrians.count'] as number) + (r['users.vehicles.count'] as number));
        expect(r['totalServers']).toBe(servers);
      }
      const header = fs.readFileSync(path.join(out, `${table}.csv`), 'utf8').split('\n')[0].split(',');
      expect(header.slice(-2)).toEqual(['totalUsers', 'totalServers']);
    }
  });

  it('a JSON file beside every CSV table holds the same rows', () => {
    for (const table of ['results', 'summary', 'differences']) {
      const csv = readCsv(path.join(out, `${table}.csv`));
      const json = JSON.parse(fs.readFileSync(path.join(out, `${table}.json`), 'utf8')) as Array<Record<string, unknown>>;
      expect(json).toHaveLength(csv.length);
      json.forEach((row, i) => {
        expect(Object.keys(row)).toEqual(Object.keys(csv[i]));
        for (const [k, v] of Object.entries(row)) {
          if (typeof v === 'number') expect(v).toBe(csv[i][k]);
          else expect(v ?? null).toEqual(csv[i][k] === null ? null : csv[i][k]);
        }
      });
    }
  });

  it('a plot against the total of two fields that move together, and against either field', () => {
    const folder = readCampaignFolder(out);
    const byTotal = campaignFigure(folder, { x: 'totalUsers', y: 'energyJ', by: 'allocator' });
    expect(byTotal.type).toBe('line');
    const xs = (byTotal.spec.data as { values: Array<{ x: number }> }).values.map((v) => v.x);
    expect([...new Set(xs)].sort((a, b) => a - b)).toEqual([15, 30]);
    expect(JSON.stringify(byTotal.spec)).toContain('users, all groups (count)');
    // The vehicles move with the pedestrians: no configuration is averaged, so this is allowed too.
    expect(() => campaignFigure(folder, { x: 'users.pedestrians.count', y: 'energyJ', by: 'allocator' })).not.toThrow();
    // Without the allocator drawn, two configurations would be averaged: refused.
    expect(() => campaignFigure(folder, { x: 'totalUsers', y: 'energyJ' })).toThrow(/column "allocator" takes 2 values/);
  });

  it('a simulation run gives its totals from the scenario in its run.json', () => {
    const runDir = path.join(dir, 'fake-run');
    fs.mkdirSync(runDir);
    fs.writeFileSync(path.join(runDir, 'run.json'), JSON.stringify({ scenario: { users: [{ count: 7 }, { count: 3 }], servers: [{ count: 2 }] } }));
    expect(runTotals({ metrics: { delayMeanS: 1 }, folder: 'fake-run' }, dir)).toEqual({ 'totalUsers': 10, 'totalServers': 2 });
    expect(runTotals({ metrics: { delayMeanS: 1 }, folder: null }, dir)).toEqual({ 'totalUsers': null, 'totalServers': null });
  });

  it("a run's expected cost, for the time left, is its users times its horizon", () => {
    const runFile = writeSweep(dir, { topology: path.join(repoRoot, 'topologies/urban-short.json'), kind: 'run', grid: undefined, points, allocators: ['strongest-server'], seeds: '1-2', horizonS: 90 }, 'run-sweep.json');
    const costs = expectedCosts(planSweepFile(runFile));
    expect(costs).toEqual([15 * 90, 15 * 90, 30 * 90, 30 * 90]);
  });
});
