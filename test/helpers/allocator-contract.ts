import fc from 'fast-check';
import type { Snapshot } from '../../src/allocation/types.js';
import { normaliseWeights } from '../../src/allocation/weights.js';
import { capablePhone, paperInstance } from './instances.js';

/**
 * The instances of the allocator contract (every built-in allocator and every
 * example plug-in must return a feasible decision on each): the paper's
 * setting with 1-6 users and 1-3 servers, capable or paper phones, airtime in
 * the objective or not, a user with hopeless channels or not, and several
 * weightings (one weight 0 among them).
 */
export function contractInstances(): fc.Arbitrary<{ seed: number; snapshot: Snapshot }> {
  return fc
    .tuple(
      fc.integer({ min: 1, max: 1_000_000 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 3 }),
      fc.boolean(),
      fc.boolean(),
      fc.boolean(),
      fc.constantFrom({ time: 1, energy: 1, stability: 1 }, { time: 0, energy: 1, stability: 1 }, { time: 1, energy: 0, stability: 1 }, { time: 5, energy: 1, stability: 0.2 }),
    )
    .map(([seed, users, servers, capable, airtime, weak, w]) => {
      const s = paperInstance({ users, servers, seed, includeAirtime: airtime, user: capable ? capablePhone : undefined, layers: 6, rawWeights: true });
      if (weak) s.gains[0] = s.gains[0].map(() => 1e-20);
      s.weights = normaliseWeights({ ...s, weights: { time: 1, energy: 1, stability: 1 } }, w);
      return { seed, snapshot: s };
    });
}
