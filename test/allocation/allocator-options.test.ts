import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocatorByName, allocatorNames } from '../../src/allocation/allocators.js';
import { allocatorOptionDescriptions, parseAllocatorOptions, parseOptionPairs } from '../../src/allocation/allocator-options.js';
import { RandomStreams } from '../../src/engine/random.js';
import { InputError } from '../../src/engine/input-error.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { tempDir } from '../campaign/helpers.js';
import { paperInstance } from '../helpers/instances.js';

function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('allocator options', () => {
  it('an unknown key names the option and lists the valid ones', () => {
    const e = inputError(() => parseAllocatorOptions('proposed', { txPowerFloor: 0.01 }, 'a.json', 'simulation.allocatorOptions'));
    expect(e.message).toMatch(/a\.json: simulation\.allocatorOptions\.txPowerFloor: allocator 'proposed' has no option "txPowerFloor"; valid options: txPowerFloorFraction, /);
  });

  it('an option of another allocator is refused, not ignored', () => {
    const e = inputError(() => parseAllocatorOptions('exhaustive', { cccpStarts: 3 }, 'a.json', 'simulation.allocatorOptions'));
    expect(e.message).toMatch(/valid options: txPowerFloorFraction, exhaustiveLimit$/);
  });

  it('a value outside its range names the option', () => {
    const e = inputError(() => parseAllocatorOptions('proposed', { txPowerFloorFraction: 2 }, 'a.json', 'simulation.allocatorOptions'));
    expect(e.message).toMatch(/simulation\.allocatorOptions\.txPowerFloorFraction: /);
    expect(() => parseOptionPairs(['txPowerFloorFraction'])).toThrow(/expected KEY=VALUE/);
    expect(() => parseOptionPairs(['tolerance=abc'])).toThrow(/tolerance: expected a number/);
  });

  it('every allocator takes at least the options it documents, and every option belongs to one', () => {
    for (const o of allocatorOptionDescriptions()) {
      expect(o.allocators.length, o.name).toBeGreaterThan(0);
      expect(o.description, o.name).not.toBe('');
    }
    expect(allocatorOptionDescriptions().flatMap((o) => o.allocators).every((a) => allocatorNames().includes(a))).toBe(true);
  });

  it('the power floor decides the uplink power of the paper objective (no airtime: power at its floor)', () => {
    const s = paperInstance({ users: 4, servers: 2, seed: 3 });
    for (const floor of [1e-3, 1e-2, 0.5]) {
      const opts = parseAllocatorOptions('strongest-server', { txPowerFloorFraction: floor }, undefined, 'x');
      const a = allocatorByName('strongest-server', opts);
      expect(a.txPowerFloorFraction).toBe(floor);
      const d = a.decide(s, { streams: new RandomStreams(1) }).decision;
      d.users.forEach((u, n) => expect(u.txPowerW / s.users[n].maxTxPowerW / floor - 1).toBeLessThan(1e-9));
    }
  });
});

describe('allocator options on the command line and in the topology', () => {
  it('solve --allocator-option with an unknown key: one line, exit 2', () => {
    const r = runCli(['solve', 'topologies/small.json', '--allocator-option', 'txPowerFloor=0.01']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--allocator-option: proposed\.txPowerFloor: .*valid options: txPowerFloorFraction/);
  });

  it('run reads simulation.allocatorOptions, and the command line wins; run.json records both', () => {
    const dir = tempDir();
    const doc = JSON.parse(fs.readFileSync(path.join(repoRoot, 'topologies/small.json'), 'utf8'));
    doc.simulation = { ...doc.simulation, horizonS: 60, allocatorOptions: { txPowerFloorFraction: 0.01, tolerance: 1e-8 } };
    const file = path.join(dir, 'small.json');
    fs.writeFileSync(file, JSON.stringify(doc));
    const out = path.join(dir, 'run');
    const r = runCli(['run', file, '--out', out, '--allocator-option', 'txPowerFloorFraction=0.02']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(run.scenario.simulation.allocatorOptions).toEqual({ txPowerFloorFraction: 0.02, tolerance: 1e-8 });
    doc.simulation.allocatorOptions = { cccpStarts: 2 };
    fs.writeFileSync(file, JSON.stringify(doc));
    const bad = runCli(['run', file, '--out', path.join(dir, 'bad')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/small\.json: simulation\.allocatorOptions\.cccpStarts: allocator 'strongest-server' has no option/);
  });
});
