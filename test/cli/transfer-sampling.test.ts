import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

/**
 * `simulation.transferSampling`: every shipped topology run with its rate
 * samples read ahead (the default) and with one event per sample writes the
 * same bytes in every file but run.json, whose only differences are the
 * event count and the field itself. Where test/reference/output-hashes.json
 * pins the run (same horizon and seed as output-identity.test.ts), both are
 * also checked against those recorded bytes. One seed per topology: the
 * property test of test/system/transfer-ahead.test.ts varies the worlds.
 */
const SEEDS = [1];
const HORIZON = '600s';
/** city.json: a short horizon and strongest-server, as the identity test pins it. */
const LIGHT: Record<string, { horizon: string; args: string[] }> = {
  city: { horizon: '20s', args: ['--allocator', 'strongest-server'] },
};
const topologies = fs.readdirSync(path.join(repoRoot, 'topologies')).filter((f) => f.endsWith('.json')).sort();
const recorded: Record<string, string> = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/reference/output-hashes.json'), 'utf8'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-sampling-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

function run(file: string, seed: number, horizon: string, args: string[], out: string): void {
  const r = runCli(['run', file, '--seed', String(seed), '--horizon', horizon, '--out', out, ...args]);
  expect(r.status, r.stderr).toBe(0);
}

describe.each(topologies)('%s with rates read ahead and with one event per sample', (file) => {
  const name = file.replace(/\.json$/, '');
  const { horizon, args } = LIGHT[name] ?? { horizon: HORIZON, args: [] };

  it.each(SEEDS)(
    'seed %i: the same files, run.json apart from the event count',
    (seed) => {
      // The same document with the field set, under the same name (run.json names the topology, not the file).
      const doc = JSON.parse(fs.readFileSync(path.join(repoRoot, 'topologies', file), 'utf8'));
      doc.simulation = { ...doc.simulation, transferSampling: 'events' };
      const dir = path.join(work, `${name}-${seed}`);
      fs.mkdirSync(path.join(dir, 'events'), { recursive: true });
      const eventsFile = path.join(dir, 'events', file);
      fs.writeFileSync(eventsFile, JSON.stringify(doc));
      const ahead = path.join(dir, 'ahead-run');
      const events = path.join(dir, 'events-run');
      run(path.join('topologies', file), seed, horizon, args, ahead);
      run(eventsFile, seed, horizon, args, events);

      const files = fs.readdirSync(ahead).filter((f) => f !== 'timing.csv').sort();
      expect(fs.readdirSync(events).filter((f) => f !== 'timing.csv').sort()).toEqual(files);
      expect(files).toContain('iterations.csv');
      for (const f of files.filter((f) => f !== 'run.json')) {
        expect(fs.readFileSync(path.join(ahead, f)).equals(fs.readFileSync(path.join(events, f))), f).toBe(true);
        const key = `run/${name}/seed-${seed}/${f}`;
        if (recorded[key] !== undefined) expect(sha256(fs.readFileSync(path.join(ahead, f))), key).toBe(recorded[key]);
      }

      const a = JSON.parse(fs.readFileSync(path.join(ahead, 'run.json'), 'utf8'));
      const e = JSON.parse(fs.readFileSync(path.join(events, 'run.json'), 'utf8'));
      expect(e.scenario.simulation.transferSampling).toBe('events');
      expect(a.scenario.simulation.transferSampling).toBeUndefined();
      delete e.scenario.simulation.transferSampling;
      expect(a.events).toBeLessThanOrEqual(e.events);
      // Rates read ahead (the default) write the recorded run.json; one event per sample differs in its event count alone.
      const key = `run/${name}/seed-${seed}/run.json`;
      if (recorded[key] !== undefined) expect(sha256(fs.readFileSync(path.join(ahead, 'run.json'))), key).toBe(recorded[key]);
      expect({ ...a, events: e.events }).toEqual(e);
    },
    300_000,
  );
});
