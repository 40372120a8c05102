import { describe, expect, it } from 'vitest';
import { allocatorByName } from '../../src/allocation/allocators.js';
import { exhaustiveSearch } from '../../src/allocation/exhaustive.js';
import { checkFeasible } from '../../src/allocation/feasibility.js';
import { solveFixedAssociation } from '../../src/allocation/fixed-association.js';
import { evaluate } from '../../src/allocation/objective.js';
import type { Snapshot } from '../../src/allocation/types.js';
import { normaliseWeights } from '../../src/allocation/weights.js';
import { RandomStreams } from '../../src/engine/random.js';
import { capablePhone, paperInstance } from '../helpers/instances.js';

/**
 * alpha = Y (every layer on the phone) is a split the paper allows
 * (constraint 9a). With the stability weight 0, a strong phone and a weak
 * server it is the optimum: the reference is a brute force over every
 * association and every split in 1..Y, each continuous part solved exactly.
 */
function instance(weakServer: boolean, seed: number): Snapshot {
  const s = paperInstance({
    users: 3,
    servers: 2,
    seed,
    layers: 4,
    user: capablePhone,
    server: weakServer ? { cores: 64, flopsPerCycle: 1, maxFreqHz: 5e8 } : undefined,
    rawWeights: true,
  });
  s.weights = normaliseWeights({ ...s, weights: { time: 1, energy: 1, stability: 1 } }, { time: 1, energy: 1, stability: 0 });
  return s;
}

function bruteForce(s: Snapshot): { objective: number; alpha: number[] } {
  const N = s.users.length;
  const M = s.servers.length;
  const Y = s.layers;
  let best = { objective: Infinity, alpha: [] as number[] };
  for (let code = 0; code < M ** N * Y ** N; code++) {
    const association = Array.from({ length: N }, (_, n) => Math.floor(code / M ** n) % M);
    const alpha = Array.from({ length: N }, (_, n) => 1 + (Math.floor(code / M ** N / Y ** n) % Y));
    const objective = solveFixedAssociation(s, association, { fixedAlpha: alpha }).objective;
    if (objective < best.objective) best = { objective, alpha };
  }
  return best;
}

/** The allocators that choose alpha by optimising it. */
const optimisers = ['proposed', 'milp-assoc', 'strongest-server', 'greedy-assoc', 'random-assoc', 'exhaustive'];

describe('alpha = Y, everything on the device, is found where it is optimal', () => {
  const strong = instance(true, 1);
  const reference = bruteForce(strong);

  it('the brute force puts every user at alpha = Y on this instance', () => {
    expect(reference.alpha).toEqual([4, 4, 4]);
  });

  it('exhaustive search equals the brute force', () => {
    const ex = exhaustiveSearch(strong);
    expect(Math.abs(ex.objective - reference.objective) / reference.objective).toBeLessThan(1e-9);
    expect(ex.decision.users.map((u) => u.alpha)).toEqual(reference.alpha);
    expect(checkFeasible(strong, ex.decision)).toEqual([]);
  });

  it.each(optimisers)('%s finds it', (name) => {
    const r = allocatorByName(name).decide(strong, { streams: new RandomStreams(1) });
    expect(checkFeasible(strong, r.decision)).toEqual([]);
    expect(r.decision.users.map((u) => u.alpha)).toEqual(reference.alpha);
    expect(evaluate(strong, r.decision).totals.total / reference.objective - 1).toBeLessThan(1e-6);
  });

  it('a user at alpha = Y sends nothing and holds no share', () => {
    const r = allocatorByName('proposed').decide(strong, { streams: new RandomStreams(1) });
    const e = evaluate(strong, r.decision);
    expect(r.decision.users.every((u) => u.bandwidthHz === 0 && u.serverFreqHz === 0)).toBe(true);
    expect(e.totals.airtimeS).toBe(0);
  });

  it('with a capable server the optimum is a split, and exhaustive search agrees with the brute force there too', () => {
    const s = instance(false, 2);
    const ref = bruteForce(s);
    const ex = exhaustiveSearch(s);
    expect(Math.abs(ex.objective - ref.objective) / ref.objective).toBeLessThan(1e-9);
    expect(ref.alpha.some((a) => a < s.layers)).toBe(true);
  });
});
