import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/engine/input-error.js';
import { loadTopology, parseTopology } from '../../src/scenario/load.js';
import { repoRoot } from '../helpers/cli.js';

const small = (): any => JSON.parse(readFileSync(join(repoRoot, 'topologies/small.json'), 'utf8'));

function errorOf(mutate: (t: any) => void): InputError {
  const t = small();
  mutate(t);
  try {
    parseTopology(JSON.stringify(t, null, 2), 'bad.json');
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('the topology was accepted');
}

describe('shipped topologies', () => {
  it.each(['paper-default.json', 'small.json'])('%s validates', (name) => {
    const t = loadTopology(join(repoRoot, 'topologies', name));
    expect(t.version).toBe(1);
    expect(Object.keys(t.assumptions).length).toBeGreaterThan(0);
  });

  it('paper-default has the paper\'s 50 users and 10 servers', () => {
    const t = loadTopology(join(repoRoot, 'topologies/paper-default.json'));
    expect(t.users.reduce((a, g) => a + g.count, 0)).toBe(50);
    expect(t.servers.reduce((a, g) => a + g.count, 0)).toBe(10);
  });
});

describe('each field error gets its own clear message', () => {
  const cases: Array<[string, (t: any) => void, RegExp]> = [
    ['unknown top-level field', (t) => (t.colour = 'red'), /bad\.json: colour: unknown field/],
    ['misspelt unit in a field name', (t) => {
      t.users[0].hardware.maxTxPowerMw = 1;
    }, /users\[0\]\.hardware\.maxTxPowerMw: unknown field/],
    ['negative power', (t) => (t.users[0].hardware.maxTxPowerW = -1), /users\[0\]\.hardware\.maxTxPowerW: expected a value >= 0\.000001, <= 100, got -1/],
    ['fractional core count', (t) => (t.servers[0].hardware.gpuCores = 2.5), /servers\[0\]\.hardware\.gpuCores: expected a value whole numbers, >= 1, <= 1000000, got 2\.5/],
    ['uniform with a > b', (t) => (t.users[0].hardware.maxFreqHz = { uniform: [2, 1] }), /maxFreqHz: uniform \[a, b\] needs a <= b/],
    ['unknown distribution', (t) => (t.users[0].hardware.kappa = { triangle: [1, 2, 3] }), /kappa: expected a number, \{"uniform"/],
    ['wrong version', (t) => (t.version = 2), /version: expected 1 \(the only format version/],
    ['wrong format tag', (t) => (t.format = 'ns3'), /format: expected "mecsim-topology"/],
    ['missing seed', (t) => delete t.seed, /seed: Invalid input: expected number, received undefined/],
    ['unknown path-loss model', (t) => (t.radio.pathLoss = { model: 'okumura' }), /radio\.pathLoss\.model/],
    ['listed positions count', (t) => t.users[0].placement.positions.pop(), /users\[0\]\.placement\.positions: expected 4 positions \(the group's count\), got 3/],
    ['position outside the area', (t) => (t.servers[0].placement.positions[1].xM = 900), /servers\[0\]\.placement\.positions\[1\]: position \(900, 250\) m is outside the area/],
    ['duplicate group name', (t) => t.users.push({ ...t.users[0] }), /users\[1\]\.name: group name "phones" is used twice/],
    ['unknown placement kind', (t) => (t.users[0].placement = { kind: 'hexagonal' }), /users\[0\]\.placement\.kind: expected a placement/],
    ['zero batch', (t) => (t.llm.batchSize = 0), /llm\.batchSize: Too small/],
    ['negative weight', (t) => (t.weights.time = -1), /weights\.time: Too small/],
  ];
  it.each(cases)('%s', (_label, mutate, message) => {
    const err = errorOf(mutate);
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/^bad\.json/);
  });

  it('names every field at fault on one line when there are several', () => {
    const err = errorOf((t) => {
      t.seed = -1;
      t.llm.batchSize = 0;
    });
    expect(err.message).not.toContain('\n');
    expect(err.message).toMatch(/^bad\.json: seed: .*\(and 1 more problem, at llm\.batchSize\)$/);
  });

  it('reports JSON syntax errors with line and column', () => {
    expect(() => parseTopology('{\n  "format": "mecsim-topology",\n  "version": 1,,\n}', 'broken.json')).toThrow(/broken\.json: line 3, column \d+: not valid JSON/);
  });

  it('reports a missing file by name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mecsim-'));
    expect(() => loadTopology(join(dir, 'nope.json'))).toThrow(/nope\.json: no such file/);
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(small()));
    expect(loadTopology(join(dir, 'ok.json')).name).toBe('small');
  });
});

describe('"$schema", which `mecsim schema topology --help` suggests, is accepted and ignored', () => {
  it('a topology naming its schema loads as the same topology without it', () => {
    const t = small();
    const plain = parseTopology(JSON.stringify(t), 'plain.json');
    const withSchema = parseTopology(JSON.stringify({ $schema: './topology.schema.json', ...t }), 'with.json');
    expect({ ...withSchema, $schema: undefined }).toEqual({ ...plain, $schema: undefined });
  });

  it('a $schema that is not a string is still an error', () => {
    expect(errorOf((t) => (t.$schema = 5)).message).toMatch(/\$schema/);
  });
});
