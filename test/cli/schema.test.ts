import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

describe('mecsim schema', () => {
  const r = runCli(['schema', 'topology']);
  const schema = JSON.parse(r.stdout);
  // An independent validator judges the shipped files against the printed schema.
  const ajv = new Ajv2020.default({ strict: false, allErrors: true });
  const check = ajv.compile(schema);

  it('prints a JSON Schema that accepts every shipped topology', () => {
    expect(r.status).toBe(0);
    const files = readdirSync(join(repoRoot, 'topologies')).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const ok = check(JSON.parse(readFileSync(join(repoRoot, 'topologies', f), 'utf8')));
      expect({ f, ok, errors: check.errors }).toEqual({ f, ok: true, errors: null });
    }
  });

  it('rejects what mecsim rejects: an unknown field, a wrong type, a bad distribution', () => {
    const base = JSON.parse(readFileSync(join(repoRoot, 'topologies/small.json'), 'utf8'));
    for (const mutate of [
      (t: any) => (t.colour = 1),
      (t: any) => (t.seed = 'one'),
      (t: any) => (t.users[0].hardware.kappa = { triangle: [1, 2, 3] }),
      (t: any) => (t.radio.pathLoss = { model: 'okumura' }),
    ]) {
      const t = structuredClone(base);
      mutate(t);
      expect(check(t)).toBe(false);
    }
  });

  it('the sweep schema accepts the shipped study', () => {
    const sweep = JSON.parse(runCli(['schema', 'sweep']).stdout);
    const checkSweep = ajv.compile(sweep);
    const study = JSON.parse(readFileSync(join(repoRoot, 'studies/users-allocators.json'), 'utf8'));
    expect(checkSweep(study)).toBe(true);
    expect(checkSweep({ ...study, colour: 1 })).toBe(false);
  });

  it('an unknown format name is a usage error', () => {
    expect(runCli(['schema', 'nonsense']).status).toBe(2);
  });
});
