import type { Snapshot } from '../../src/allocation/types.js';
import { referenceScales } from '../../src/allocation/weights.js';
import { RandomStreams } from '../../src/engine/random.js';
import { capablePhone, paperInstance } from '../helpers/instances.js';

/**
 * Tiny instances for exact comparisons (up to 8 users, 3 servers, a few
 * layers so that exhaustive search is fast). Even-numbered ones have
 * interior splits (capable phones, weak servers, weights that let stability
 * hold alpha back), odd-numbered ones are paper-like (alpha = 1 is optimal).
 */
export function smallInstance(i: number): Snapshot {
  const s = new RandomStreams(i).stream('test/small-instance/shape');
  const users = s.integer(3, 8);
  const servers = s.integer(2, 3);
  const layers = users >= 7 ? 4 : users >= 6 ? 5 : s.integer(4, 8);
  const seed = 100 + i;
  if (i % 2 === 1) return paperInstance({ users, servers, seed, layers });
  const base = { users, servers, seed, layers, user: capablePhone, server: { cores: 48, flopsPerCycle: 2, maxFreqHz: 1.5e9 } };
  const sc = referenceScales(paperInstance(base));
  return paperInstance({ ...base, rawWeights: true, weights: { time: 1 / sc.time, energy: 0.05 / sc.energy, stability: 0.3 / sc.stability } });
}
