import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyOverrides, OverridePathError, splitPath } from '../../src/campaign/overrides.js';

const topology = () => ({
  name: 't',
  radio: { noiseDbmPerHz: -174 },
  users: [
    { name: 'phones', count: 4, hardware: { kappa: 1 } },
    { name: 'cars', count: 2, hardware: { kappa: 2 } },
  ],
});

describe('dotted-path overrides', () => {
  it('sets fields by name, by index, by group name and in brackets, leaving the input unchanged', () => {
    const t = topology();
    const r = applyOverrides(t, [
      ['radio.noiseDbmPerHz', -170],
      ['users.cars.count', 9],
      ['users.0.hardware.kappa', 5],
      ['users[1].hardware.kappa', 7],
    ]) as ReturnType<typeof topology>;
    expect(r.radio.noiseDbmPerHz).toBe(-170);
    expect(r.users[1].count).toBe(9);
    expect(r.users[0].hardware.kappa).toBe(5);
    expect(r.users[1].hardware.kappa).toBe(7);
    expect(t).toEqual(topology());
  });

  it('creates missing objects along the way (fields left to their defaults can be swept)', () => {
    const r = applyOverrides(topology(), [['simulation.triggers.minGapS', 3]]) as { simulation: unknown };
    expect(r.simulation).toEqual({ triggers: { minGapS: 3 } });
  });

  it('names the segment that cannot be followed', () => {
    const err = (f: () => unknown): OverridePathError => {
      try {
        f();
      } catch (e) {
        return e as OverridePathError;
      }
      throw new Error('no error');
    };
    expect(err(() => applyOverrides(topology(), [['users.5.count', 1]])).message).toMatch(/^users\.5: index 5 is out of range: the list has 2 entries/);
    expect(err(() => applyOverrides(topology(), [['users.bikes.count', 1]])).message).toMatch(/no entry named "bikes".*names: phones, cars/);
    expect(err(() => applyOverrides(topology(), [['name.first', 1]])).message).toMatch(/^name\.first: cannot set a field inside name/);
    expect(() => splitPath('users..count')).toThrow(OverridePathError);
    expect(() => splitPath('')).toThrow(OverridePathError);
  });

  it('reads back what it wrote, and later overrides win', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        const r = applyOverrides(topology(), [
          ['users.phones.count', a],
          ['users.phones.count', b],
        ]) as ReturnType<typeof topology>;
        expect(r.users[0].count).toBe(b);
      }),
      { seed: 3, numRuns: 50 },
    );
  });
});
