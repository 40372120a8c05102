import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batteryWeightFactor } from '../../src/allocation/battery-weight.js';
import { evaluate } from '../../src/allocation/objective.js';
import { proposedAllocator } from '../../src/allocation/proposed.js';
import type { Snapshot } from '../../src/allocation/types.js';
import { RandomStreams } from '../../src/engine/random.js';
import { buildWorld, snapshotOf } from '../../src/scenario/build.js';
import { loadTopology } from '../../src/scenario/load.js';

describe('battery weight of proposed (docs/device-limits.md)', () => {
  it('is 1 on a full battery, 1 + beta at the reserve, and falls as the charge rises', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e5, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), (usable, frac, beta) => {
        expect(batteryWeightFactor(usable, usable, beta)).toBe(1);
        expect(batteryWeightFactor(0, usable, beta)).toBeCloseTo(1 + beta, 12);
        const f = batteryWeightFactor(frac * usable, usable, beta);
        expect(f).toBeCloseTo(1 + beta * (1 - frac), 9);
        expect(batteryWeightFactor(Math.min(usable, frac * usable + 1), usable, beta)).toBeLessThanOrEqual(f);
      }),
    );
  });

  // Study (b)'s phones at t = 0, where the 16 GB phones (users 8-15) run their
  // GPUs at full frequency: user 8 full, user 9 at a tenth of its usable energy.
  const base = snapshotOf(buildWorld(loadTopology('studies/phones-llm-2h.json'), 1));
  const usable = 4320;
  const snapshot: Snapshot = {
    ...base,
    users: base.users.map((u, n) => (n === 8 || n === 9 ? { ...u, usableEnergyJ: usable, remainingEnergyJ: n === 8 ? usable : 0.1 * usable } : u)),
  };
  const decide = (beta?: number) => proposedAllocator(beta === undefined ? {} : { batteryEnergyWeight: beta }).decide(snapshot, { streams: new RandomStreams(1) }).decision;

  it('with beta = 0 decides exactly as without it', () => {
    expect(decide(0)).toEqual(decide());
  });

  it("lowers a low-battery phone's share of the phones' compute energy", () => {
    const share = (beta: number): number => {
      const cost = evaluate(snapshot, decide(beta)).perUser;
      const energy = (n: number): number => cost[n].localEnergyJ + cost[n].txEnergyJ;
      return energy(9) / (energy(8) + energy(9));
    };
    const plain = share(0);
    const weighted = share(4);
    // Identical phones at t = 0: equal shares without the weight.
    expect(plain).toBeCloseTo(0.5, 1);
    expect(weighted).toBeLessThan(0.4);
  });
});
