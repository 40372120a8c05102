import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  associationProblem,
  cccpAssociation,
  linearCost,
  milpAssociation,
  penalisedObjective,
  withinCapacity,
  type AssociationProblem,
} from '../../src/allocation/association.js';
import { solveFixedAssociation } from '../../src/allocation/fixed-association.js';
import { evaluate } from '../../src/allocation/objective.js';
import { solveProposed } from '../../src/allocation/proposed.js';
import type { Decision, Snapshot } from '../../src/allocation/types.js';
import { strongestServer } from '../../src/allocation/weights.js';
import { RandomStreams } from '../../src/engine/random.js';
import { capablePhone, paperInstance } from '../helpers/instances.js';

const strongest = (s: Snapshot): number[] => s.users.map((_, n) => strongestServer(s, n));

/** Every association within the capacities, by brute force. */
function enumerate(problem: AssociationProblem): { best: number; count: number } {
  const { users: N, servers: M } = problem;
  const a = new Array<number>(N).fill(0);
  let best = Infinity;
  let count = 0;
  for (;;) {
    if (withinCapacity(problem, a)) {
      count++;
      best = Math.min(best, linearCost(problem, a));
    }
    let i = 0;
    while (i < N && a[i] === M - 1) a[i++] = 0;
    if (i === N) break;
    a[i]++;
  }
  return { best, count };
}

/** A random association problem from a real decision (random association, so loads are uneven). */
function problemFor(seed: number, users: number, servers: number, airtime: boolean, extraUsers = 1): { s: Snapshot; d: Decision; problem: AssociationProblem } {
  const s = paperInstance({ users, servers, seed, includeAirtime: airtime, user: seed % 2 ? capablePhone : undefined });
  const rng = new RandomStreams(seed).stream('test/association');
  const d = solveFixedAssociation(s, s.users.map(() => rng.integer(0, servers - 1))).decision;
  return { s, d, problem: associationProblem(s, d, { extraUsers }) };
}

describe('per-pair costs (docs/model.md, the association step)', () => {
  it("a user's cost on its own server is its share of the objective at equal shares", () => {
    const { s, d, problem } = problemFor(4, 9, 3, true);
    const count = [0, 0, 0];
    d.users.forEach((u) => count[u.server]++);
    const equal: Decision = {
      users: d.users.map((u) => ({ ...u, bandwidthHz: s.servers[u.server].bandwidthHz / count[u.server], serverFreqHz: s.servers[u.server].maxFreqHz / count[u.server] })),
    };
    const e = evaluate(s, equal);
    d.users.forEach((u, n) => expect(problem.cost[n * 3 + u.server]).toBeCloseTo(e.perUser[n].weightedCost, 12));
    // A newcomer is priced at the share among the users the server would then hold.
    const n = d.users.findIndex((u) => u.server !== 0);
    const moved: Decision = { users: equal.users.map((u, k) => (k === n ? { ...u, server: 0, bandwidthHz: s.servers[0].bandwidthHz / (count[0] + 1), serverFreqHz: s.servers[0].maxFreqHz / (count[0] + 1) } : u)) };
    expect(problem.cost[n * 3]).toBeCloseTo(evaluate(s, moved).perUser[n].weightedCost, 12);
    expect(Array.from(problem.capacity)).toEqual(count.map((k) => k + 1));
  });
});

describe('concave-convex procedure (property)', () => {
  it('no step raises the penalised objective; the result is integral, one server per user, within capacity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.constantFrom(undefined, 0, 1e-3, 0.1, 1, 10),
        fc.integer({ min: 1, max: 3 }),
        (seed, users, servers, airtime, penaltyScale, extra) => {
          const { d, problem } = problemFor(seed, users, servers, airtime, extra);
          const current = d.users.map((u) => u.server);
          const r = cccpAssociation(problem, current, new RandomStreams(seed).stream('test/cccp'), { penaltyScale, starts: 4 });
          for (const run of r.runs) {
            for (let k = 1; k < run.objective.length; k++) expect(run.objective[k]).toBeLessThanOrEqual(run.objective[k - 1]);
            expect(run.integral).toBe(true);
            expect(withinCapacity(problem, run.association)).toBe(true);
            // At an integral point the penalty vanishes.
            const chi = new Float64Array(users * servers);
            run.association.forEach((m, n) => (chi[n * servers + m] = 1));
            expect(penalisedObjective(problem, chi, r.penalty)).toBeCloseTo(run.linearCost, 9);
          }
          expect(r.association).toHaveLength(users);
          expect(r.association.every((m) => Number.isInteger(m) && m >= 0 && m < servers)).toBe(true);
          expect(withinCapacity(problem, r.association)).toBe(true);
          expect(r.linearCost).toBe(Math.min(...r.runs.map((x) => x.linearCost)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a large penalty holds a run near its start (moves only for a gain above 2ρ)', () => {
    const { d, problem } = problemFor(8, 10, 3, false);
    const current = d.users.map((u) => u.server);
    const stuck = cccpAssociation(problem, current, new RandomStreams(1).stream('x'), { penalty: 1e6, starts: 1 });
    expect(stuck.runs[0].start).toBe('current');
    expect(stuck.association).toEqual(current);
  });
});

describe('the exact MILP of the linear problem', () => {
  it('equals brute-force enumeration of every association within capacity (up to 8 users, 3 servers)', () => {
    let cases = 0;
    for (let seed = 1; seed <= 24; seed++) {
      const users = 2 + (seed % 7);
      const servers = 2 + (seed % 2);
      const { d, problem } = problemFor(seed, users, servers, seed % 3 === 0, 1 + (seed % 2));
      const brute = enumerate(problem);
      const milp = milpAssociation(problem);
      expect(withinCapacity(problem, milp.association)).toBe(true);
      expect(milp.linearCost).toBeCloseTo(brute.best, 9);
      expect((milp.linearCost - brute.best) / brute.best).toBeLessThan(1e-12);
      // The LP over this transportation polytope has integral vertices, so
      // CCCP with the default (small) penalty reaches the same optimum.
      const cccp = cccpAssociation(problem, d.users.map((u) => u.server), new RandomStreams(seed).stream('x'));
      expect(cccp.linearCost).toBeGreaterThanOrEqual(brute.best * (1 - 1e-12));
      expect(cccp.linearCost).toBeLessThanOrEqual(brute.best * (1 + 1e-9));
      cases++;
    }
    expect(cases).toBe(24);
  });
});

describe('loads can move', () => {
  it('users leave an overloaded server for an idle one of the same kind, a step at a time', () => {
    // Two identical servers 40 m apart, everyone starts on server 0.
    const s = paperInstance({ users: 8, servers: 2, seed: 3, user: capablePhone, server: { cores: 256, flopsPerCycle: 2, maxFreqHz: 1.5e9, kappa: 1e-28 } });
    s.servers[1] = { ...s.servers[0] };
    s.gains = s.gains.map((g) => [g[0], g[0] * 0.9]);
    const crowded = solveFixedAssociation(s, s.users.map(() => 0));
    const problem = associationProblem(s, crowded.decision);
    expect(Array.from(problem.capacity)).toEqual([9, 1]);
    const step = cccpAssociation(problem, crowded.decision.users.map(() => 0), new RandomStreams(1).stream('x'));
    expect(step.association.filter((m) => m === 1)).toHaveLength(1);
    const r = solveProposed(s, { streams: new RandomStreams(1), previous: crowded.decision });
    const onOne = r.decision.users.filter((u) => u.server === 1).length;
    expect(onOne).toBeGreaterThanOrEqual(2);
    expect(onOne).toBeLessThanOrEqual(6);
    expect(r.objective).toBeLessThan(crowded.objective);
    for (let k = 1; k < r.trace.length; k++) expect(r.trace[k]).toBeLessThan(r.trace[k - 1]);
    expect(r.trace.length - 1).toBeGreaterThanOrEqual(2);
  });
});

describe('the complete algorithm', () => {
  it('its objective never rises over outer iterations and matches the decision', () => {
    const s = paperInstance({ users: 40, servers: 6, seed: 9, user: capablePhone, server: { cores: 512, flopsPerCycle: 2, maxFreqHz: 1.5e9 } });
    const r = solveProposed(s, { streams: new RandomStreams(2) });
    for (let k = 1; k < r.trace.length; k++) expect(r.trace[k]).toBeLessThan(r.trace[k - 1]);
    expect(r.trace.at(-1)).toBeCloseTo(evaluate(s, r.decision).totals.total, 12);
    expect(r.objective).toBeLessThanOrEqual(solveFixedAssociation(s, strongest(s)).objective);
  });
});
