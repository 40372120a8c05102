import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, repoRoot } from '../helpers/cli.js';

/*
 * A handful of the fuzz suite's cases end to end: the spawned CLI prints one
 * line naming the file and field and exits 2, before writing anything.
 */

const dir = mkdtempSync(join(tmpdir(), 'mecsim-fuzz-cli-'));
const small = (): any => JSON.parse(readFileSync(join(repoRoot, 'topologies/small.json'), 'utf8'));

function topology(name: string, mutate: (t: any) => void): string {
  const t = small();
  mutate(t);
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(t));
  return file;
}

describe('the CLI on bad input: one line, file and field, exit 2', () => {
  const cases: Array<[label: string, args: (file: string) => string[], mutate: (t: any) => void, field: RegExp]> = [
    ['epochS 1e-300', (f) => ['run', f], (t) => (t.simulation = { epochS: 1e-300 }), /simulation\.epochS/],
    ['layers 1e9', (f) => ['solve', f], (t) => (t.llm.layers = 1e9), /llm\.layers/],
    ['noise -1e308', (f) => ['solve', f], (t) => (t.radio.noiseDbmPerHz = -1e308), /radio\.noiseDbmPerHz/],
    ['all weights 0', (f) => ['solve', f], (t) => (t.weights = { time: 0, energy: 0, stability: 0 }), /weights/],
    ['many users at a tiny rate-update interval', (f) => ['run', f], (t) => ((t.users[0].count = 100_000), (t.users[0].placement = { kind: 'random' }), (t.simulation = { rateUpdateS: 1e-6 })), /simulation\.rateUpdateS/],
    ['a 1e9 s horizon', (f) => ['run', f, '--horizon', '1e9s'], () => undefined, /simulation\.horizonS: .*--force/],
  ];
  it.each(cases)('%s', (label, args, mutate, field) => {
    const file = topology(label.replace(/\W+/g, '-'), mutate);
    const out = join(dir, `out-${label.replace(/\W+/g, '-')}`);
    const r = runCli([...args(file), ...(args(file)[0] === 'run' ? ['--out', out] : [])]);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(field);
  });
});
