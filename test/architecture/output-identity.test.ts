import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

/**
 * The bytes mecsim writes, pinned: `run` and `solve --json` on every shipped
 * topology with seeds 1-3, `reproduce --quick`, and a small sweep. A change
 * that means to alter no output (a reshaping of the code) must leave every
 * hash here as it is; a change that alters outputs on purpose records them
 * anew with
 *
 *     MECSIM_RECORD_HASHES=1 npx vitest run test/architecture/output-identity.test.ts
 *
 * and says in its commit message which outputs moved and why.
 */

const referenceFile = path.join(repoRoot, 'test/reference/output-hashes.json');
const recording = process.env.MECSIM_RECORD_HASHES === '1';
const recorded: Record<string, string> = recording || !fs.existsSync(referenceFile) ? {} : JSON.parse(fs.readFileSync(referenceFile, 'utf8'));
const measured: Record<string, string> = {};
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-identity-'));

/** Longest simulated time per run here: long enough to exercise epochs, handovers and every scheduler path. */
const HORIZON = '600s';
const SEEDS = [1, 2, 3];
const topologies = fs.readdirSync(path.join(repoRoot, 'topologies')).filter((f) => f.endsWith('.json')).sort();
/**
 * city.json (10,000 phones, 1,000 sites) is pinned on one seed, a short
 * horizon and strongest-server, to keep this test within minutes; its full
 * runs are measured by `npm run bench -- scale`.
 */
const LIGHT: Record<string, { seeds: number[]; horizon: string; args: string[] }> = {
  city: { seeds: [1], horizon: '20s', args: ['--allocator', 'strongest-server'] },
};
const plan = (name: string): { seeds: number[]; horizon: string; args: string[] } => LIGHT[name] ?? { seeds: SEEDS, horizon: HORIZON, args: [] };

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Every file below a folder, by relative path, except the wall-clock timings. */
function folderHashes(dir: string, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name !== 'timing.csv') out[`${prefix}/${path.relative(dir, p)}`] = sha256(fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** Compares every hash under `prefix` with the record: same files, same bytes. */
function check(prefix: string, hashes: Record<string, string>): void {
  Object.assign(measured, hashes);
  if (recording) return;
  const expected = Object.fromEntries(Object.entries(recorded).filter(([k]) => k.startsWith(`${prefix}/`)));
  expect(Object.keys(expected).length).toBeGreaterThan(0);
  expect(hashes).toEqual(expected);
}

function cli(args: string[]): string {
  const r = runCli(args);
  expect(r.stderr.includes('internal error') ? r.stderr : '').toBe('');
  expect(r.status, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  if (recording) fs.writeFileSync(referenceFile, JSON.stringify(Object.fromEntries(Object.entries(measured).sort()), null, 2) + '\n');
});

describe('outputs are byte-identical to the recorded ones', () => {
  it('has a record to compare with', () => {
    expect(recording || Object.keys(recorded).length > 0).toBe(true);
  });

  for (const file of topologies) {
    const name = file.replace(/\.json$/, '');
    const { seeds, horizon, args } = plan(name);
    it(`solve --json: ${name}, seeds ${seeds.join(', ')}`, () => {
      const hashes: Record<string, string> = {};
      for (const seed of seeds) {
        hashes[`solve/${name}/seed-${seed}`] = sha256(cli(['solve', `topologies/${file}`, '--json', '--seed', String(seed), ...args]));
      }
      check(`solve/${name}`, hashes);
    });

    it(`run: ${name}, seeds ${seeds.join(', ')}`, () => {
      const hashes: Record<string, string> = {};
      for (const seed of seeds) {
        const out = path.join(work, `run-${name}-${seed}`);
        cli(['run', `topologies/${file}`, '--seed', String(seed), '--horizon', horizon, '--out', out, ...args]);
        Object.assign(hashes, folderHashes(out, `run/${name}/seed-${seed}`));
      }
      check(`run/${name}`, hashes);
    });
  }

  it('reproduce --quick --seeds 2', () => {
    const out = path.join(work, 'reproduce');
    cli(['reproduce', '--quick', '--seeds', '2', '--out', out]);
    const hashes = folderHashes(out, 'reproduce/quick');
    // The run time and the solver's version are recorded for the reader, not for identity.
    for (const k of Object.keys(hashes)) if (k.endsWith('reproduce.json')) delete hashes[k];
    check('reproduce/quick', hashes);
  });

  it('sweep: test/fixtures/identity-sweep.json with 2 workers', () => {
    const out = path.join(work, 'sweep');
    cli(['sweep', 'test/fixtures/identity-sweep.json', '--workers', '2', '--out', out]);
    const all = folderHashes(out, 'sweep/identity');
    const hashes = Object.fromEntries(Object.entries(all).filter(([k]) => /\/(results|summary|differences)\.csv$/.test(k)));
    check('sweep/identity', hashes);
  });
});
