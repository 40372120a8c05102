import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocatorByName, allocatorNames } from '../../src/allocation/allocators.js';
import { blockCoordinateDescent } from '../../src/allocation/alternating.js';
import { exhaustiveSearch } from '../../src/allocation/exhaustive.js';
import { checkFeasible } from '../../src/allocation/feasibility.js';
import { solveFixedAssociation } from '../../src/allocation/fixed-association.js';
import { evaluate } from '../../src/allocation/objective.js';
import { solveProposed } from '../../src/allocation/proposed.js';
import type { Snapshot } from '../../src/allocation/types.js';
import { RandomStreams } from '../../src/engine/random.js';
import { buildWorld, snapshotOf } from '../../src/scenario/build.js';
import { loadTopology } from '../../src/scenario/load.js';
import { contractInstances } from '../helpers/allocator-contract.js';
import { capablePhone, paperInstance } from '../helpers/instances.js';
import { smallInstance } from './small-instances.js';

const objective = (s: Snapshot, name: string, seed = 1): number =>
  evaluate(s, allocatorByName(name).decide(s, { streams: new RandomStreams(seed) }).decision).totals.total;

describe('exhaustive search', () => {
  it('equals a plain enumeration of every split and association (each continuous part by the exact solver)', () => {
    for (const seed of [1, 2, 3]) {
      const s = seed === 2 ? paperInstance({ users: 3, servers: 2, seed, layers: 4 }) : smallInstance(2 * seed);
      const t = { ...s, users: s.users.slice(0, 3), gains: s.gains.slice(0, 3).map((g) => g.slice(0, 2)), servers: s.servers.slice(0, 2), layers: 4 } as Snapshot;
      const ex = exhaustiveSearch(t);
      let best = Infinity;
      // Every split in 1..Y, Y = 4 included (constraint 9a).
      for (let code = 0; code < 8 * 64; code++) {
        const association = [0, 1, 2].map((n) => (code >> n) & 1);
        const alpha = [0, 1, 2].map((n) => 1 + (Math.floor((code >> 3) / 4 ** n) % 4));
        best = Math.min(best, solveFixedAssociation(t, association, { fixedAlpha: alpha }).objective);
      }
      expect(ex.objective).toBeCloseTo(best, 8);
      expect(Math.abs(ex.objective - best) / best).toBeLessThan(1e-9);
      expect(checkFeasible(t, ex.decision)).toEqual([]);
    }
  });

  it('refuses instances too large to enumerate, saying so', () => {
    const s = paperInstance({ users: 50, servers: 10 });
    expect(() => allocatorByName('exhaustive').decide(s, { streams: new RandomStreams(1) })).toThrow(/exhaustive search would need 10·32\^50 .* above its limit .*tiny instances/);
  });
});

describe('proposed against exhaustive search on small instances (up to 8 users, 3 servers)', () => {
  it('is within 10% on each of 50 random instances, and exact on most', () => {
    const gaps: number[] = [];
    for (let i = 0; i < 50; i++) {
      const s = smallInstance(i);
      const ex = exhaustiveSearch(s);
      const pr = solveProposed(s, { streams: new RandomStreams(i) });
      expect(checkFeasible(s, pr.decision)).toEqual([]);
      const gap = (pr.objective - ex.objective) / ex.objective;
      // Exhaustive search is a lower bound: a negative gap beyond rounding would be a bug in one of them.
      expect(gap).toBeGreaterThan(-1e-8);
      gaps.push(Math.max(0, gap));
    }
    gaps.sort((a, b) => a - b);
    const exact = gaps.filter((g) => g < 1e-6).length;
    console.log(`proposed vs exhaustive, 50 instances: exact on ${exact}; gap median ${gaps[25].toExponential(2)}, 90th percentile ${gaps[45].toExponential(2)}, max ${gaps[49].toExponential(2)}`);
    expect(gaps[49]).toBeLessThan(0.1);
    expect(exact).toBeGreaterThanOrEqual(25);
    // Fifty exhaustive searches of up to 3^8 x 4^8 points: a minute on an idle machine, more when it is shared.
  }, 400_000);
});

describe("proposed against the baselines on the paper's preset", () => {
  it('is no worse than alternating, alpha-only, resource-only, greedy-assoc and random-assoc for 10 seeds', () => {
    const topology = loadTopology('topologies/paper-default.json');
    for (let seed = 1; seed <= 10; seed++) {
      const s = snapshotOf(buildWorld(topology, seed));
      const p = objective(s, 'proposed', seed);
      for (const name of ['alternating', 'alpha-only', 'resource-only', 'greedy-assoc', 'random-assoc']) {
        expect(p, `seed ${seed}, ${name}`).toBeLessThanOrEqual(objective(s, name, seed) * (1 + 1e-9));
      }
    }
  });
});

describe('baselines do what docs/model.md section 6 says', () => {
  const s = paperInstance({ users: 12, servers: 3, seed: 4, user: capablePhone, server: { cores: 256, flopsPerCycle: 2, maxFreqHz: 1.5e9 } });
  const decide = (name: string, seed = 1) => allocatorByName(name).decide(s, { streams: new RandomStreams(seed) }).decision;
  it('local-only trains every layer on the device; edge-only one', () => {
    expect(decide('local-only').users.every((u) => u.alpha === s.layers && u.bandwidthHz === 0)).toBe(true);
    expect(decide('edge-only').users.every((u) => u.alpha === 1)).toBe(true);
  });
  it('resource-only holds alpha drawn from its streams; random-assoc draws servers from its streams', () => {
    const streams = new RandomStreams(7);
    const alpha = s.users.map((_, n) => streams.fresh(`alloc/resource-only/u${n}`).integer(1, s.layers - 1));
    expect(decide('resource-only', 7).users.map((u) => u.alpha)).toEqual(alpha);
    const servers = s.users.map((_, n) => streams.fresh(`alloc/random-assoc/u${n}`).integer(0, 2));
    expect(decide('random-assoc', 7).users.map((u) => u.server)).toEqual(servers);
  });
  it('alpha-only: given its random resources, no other integer split of any user is better', () => {
    const d = decide('alpha-only');
    const h = evaluate(s, d).totals.total;
    d.users.forEach((_u, n) => {
      for (let a = 1; a < s.layers; a++) {
        const other = { users: d.users.map((x, k) => (k === n ? { ...x, alpha: a } : x)) };
        expect(evaluate(s, other).totals.total).toBeGreaterThanOrEqual(h * (1 - 1e-12));
      }
    });
  });
  it('alternating: every sweep lowers the objective; at the end no single block moves it', () => {
    const association = s.users.map((_, n) => n % 3);
    const r = blockCoordinateDescent(s, association, { tolerance: 1e-12 });
    for (let k = 1; k < r.trace.length; k++) expect(r.trace[k]).toBeLessThanOrEqual(r.trace[k - 1] * (1 + 1e-12));
    // From its end point another sweep gains nothing.
    expect(r.trace.at(-2)! - r.trace.at(-1)!).toBeLessThanOrEqual(1e-12 * r.objective);
    expect(checkFeasible(s, r.decision)).toEqual([]);
  });
  it('same seed, same bytes', () => {
    for (const name of allocatorNames().filter((x) => x !== 'exhaustive')) {
      expect(JSON.stringify(decide(name, 3))).toBe(JSON.stringify(decide(name, 3)));
    }
  });
});

describe('every allocator returns a feasible decision (property)', () => {
  it('random instances, weak channels, several weightings', () => {
    fc.assert(
      fc.property(contractInstances(), ({ seed, snapshot: s }) => {
        for (const name of allocatorNames()) {
          const r = allocatorByName(name).decide(s, { streams: new RandomStreams(seed) });
          expect(checkFeasible(s, r.decision, { txPowerFloorFraction: allocatorByName(name).txPowerFloorFraction }), name).toEqual([]);
          expect(r.trace.length).toBeGreaterThan(0);
          if (name !== 'local-only') expect(Number.isFinite(evaluate(s, r.decision).totals.total), name).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});
