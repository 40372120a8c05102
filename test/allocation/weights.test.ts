import { describe, expect, it } from 'vitest';
import { checkFeasible } from '../../src/allocation/feasibility.js';
import { evaluate } from '../../src/allocation/objective.js';
import { normaliseWeights, referenceAllocation } from '../../src/allocation/weights.js';
import { paperInstance } from '../helpers/instances.js';

describe('normaliseWeights', () => {
  for (const includeAirtime of [false, true]) {
    it(`makes each term of the reference allocation worth its raw weight (airtime ${includeAirtime})`, () => {
      const s = paperInstance({ users: 15, servers: 4, seed: 9, includeAirtime, rawWeights: true });
      const raw = { time: 2, energy: 3, stability: 0.5 };
      const w = normaliseWeights(s, raw);
      const e = evaluate({ ...s, weights: w }, referenceAllocation(s));
      expect(e.weighted.time).toBeCloseTo(raw.time, 12);
      expect(e.weighted.energy).toBeCloseTo(raw.energy, 12);
      expect(e.weighted.stability).toBeCloseTo(raw.stability, 12);
    });
  }
  it('uses a reference allocation that is feasible: alpha 1, full power and frequency, equal shares', () => {
    const s = paperInstance({ users: 15, servers: 4, seed: 9 });
    const d = referenceAllocation(s);
    expect(checkFeasible(s, d)).toEqual([]);
    d.users.forEach((u, n) => {
      expect(u.alpha).toBe(1);
      expect(u.txPowerW).toBe(s.users[n].maxTxPowerW);
      expect(u.freqHz).toBe(s.users[n].maxFreqHz);
      expect(s.gains[n][u.server]).toBe(Math.max(...s.gains[n]));
    });
  });
});

describe('checkFeasible', () => {
  const s = paperInstance({ users: 4, servers: 2, seed: 1 });
  const ok = referenceAllocation(s);
  const broken = (f: (d: typeof ok) => void): string[] => {
    const d = structuredClone(ok);
    f(d);
    return checkFeasible(s, d);
  };
  it('names each kind of violation', () => {
    expect(broken((d) => (d.users[0].alpha = 1.5))).toEqual([expect.stringMatching(/user 0: alpha = 1.5/)]);
    expect(broken((d) => (d.users[0].alpha = s.layers + 1))[0]).toMatch(/user 0: alpha = \d+ is not an integer in \[1, \d+\]/);
    // alpha = Y is allowed (constraint 9a) but then the user holds no share.
    expect(broken((d) => (d.users[0].alpha = s.layers))[0]).toMatch(/user 0: trains locally only but holds a share/);
    expect(broken((d) => (d.users[1].txPowerW = 1e-4 * s.users[1].maxTxPowerW))).toEqual([]);
    expect(checkFeasible(s, ok, { txPowerFloorFraction: 1e-3 })).toEqual([]);
    const low = structuredClone(ok);
    low.users[1].txPowerW = 1e-4 * s.users[1].maxTxPowerW;
    expect(checkFeasible(s, low, { txPowerFloorFraction: 1e-3 })[0]).toMatch(/user 1: txPowerW = \S+ is outside \[/);
    expect(broken((d) => (d.users[1].txPowerW = 0))[0]).toMatch(/user 1: txPowerW/);
    expect(broken((d) => (d.users[1].txPowerW *= 1.01))[0]).toMatch(/txPowerW/);
    expect(broken((d) => (d.users[2].freqHz = s.users[2].maxFreqHz * 2))[0]).toMatch(/user 2: freqHz/);
    expect(broken((d) => (d.users[3].server = 7))[0]).toMatch(/user 3: server = 7/);
    expect(broken((d) => (d.users[0].bandwidthHz *= 1.001)).join()).toMatch(/bandwidth shares add up/);
    expect(broken((d) => (d.users[0].serverFreqHz *= 0.999)).join()).toMatch(/GPU shares add up/);
    expect(broken((d) => (d.users[0].freqHz = NaN)).join()).toMatch(/freqHz is NaN/);
  });
  it('accepts the reference allocation', () => {
    expect(checkFeasible(s, ok)).toEqual([]);
  });
});
