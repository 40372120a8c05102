import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocatorByName, allocatorNames } from '../../src/allocation/allocators.js';
import { checkFeasible } from '../../src/allocation/feasibility.js';
import { solveFixedAssociation } from '../../src/allocation/fixed-association.js';
import { evaluate } from '../../src/allocation/objective.js';
import type { Snapshot } from '../../src/allocation/types.js';
import { normaliseWeights, referenceAllocation, strongestServer } from '../../src/allocation/weights.js';
import { RandomStreams } from '../../src/engine/random.js';
import { capablePhone, paperInstance } from '../helpers/instances.js';

const strongest = (s: Snapshot): number[] => s.users.map((_, n) => strongestServer(s, n));

const allFinite = (xs: object[]): boolean => xs.every((o) => Object.values(o).every((v) => typeof v !== 'number' || Number.isFinite(v)));

/** A random small instance; user 0 may have a hopeless channel (gain 1e-20). */
const instanceArb = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  users: fc.integer({ min: 1, max: 7 }),
  servers: fc.integer({ min: 1, max: 3 }),
  capable: fc.boolean(),
  includeAirtime: fc.boolean(),
  weakChannel: fc.boolean(),
  weights: fc.constantFrom(
    { time: 1, energy: 1, stability: 1 },
    { time: 0, energy: 1, stability: 1 },
    { time: 1, energy: 0, stability: 1 },
    { time: 1, energy: 1, stability: 0 },
    { time: 10, energy: 0, stability: 0 },
    { time: 0, energy: 10, stability: 0 },
    { time: 1e-6, energy: 1e6, stability: 1e3 },
  ),
});

type InstanceParams = typeof instanceArb extends fc.Arbitrary<infer T> ? T : never;

function build(p: InstanceParams): Snapshot {
  const s = paperInstance({
    users: p.users,
    servers: p.servers,
    seed: p.seed,
    includeAirtime: p.includeAirtime,
    user: p.capable ? capablePhone : undefined,
    rawWeights: true,
  });
  if (p.weakChannel) s.gains[0] = s.gains[0].map(() => 1e-20);
  s.weights = normaliseWeights({ ...s, weights: { time: 1, energy: 1, stability: 1 } }, p.weights);
  return s;
}

describe('every decision is feasible and finite (property)', () => {
  it('random instances, weak channels, extreme weights', () => {
    fc.assert(
      fc.property(instanceArb, (p) => {
        const s = build(p);
        const r = solveFixedAssociation(s, strongest(s));
        expect(checkFeasible(s, r.decision)).toEqual([]);
        expect(allFinite(r.decision.users)).toBe(true);
        const e = evaluate(s, r.decision);
        // A user at alpha = Y (chosen only when w_s = 0) has an infinite stability bound by definition.
        expect(allFinite(e.perUser.map((c, n) => (r.decision.users[n].alpha === s.layers ? { ...c, stabilityBound: 0 } : c)))).toBe(true);
        expect(Number.isFinite(e.totals.total)).toBe(true);
        expect(r.trace.every(Number.isFinite)).toBe(true);
        // never worse than the reference allocation of the same snapshot
        const ref = evaluate(s, referenceAllocation(s)).totals.total;
        expect(r.objective).toBeLessThanOrEqual(ref * (1 + 1e-12));
      }),
      { numRuns: 120, seed: 20261125 },
    );
  });

  it('integer local search never returns a worse objective than plain rounding', () => {
    fc.assert(
      fc.property(instanceArb, (p) => {
        const s = build({ ...p, capable: true });
        const r = solveFixedAssociation(s, strongest(s));
        expect(r.objective).toBeLessThanOrEqual(r.roundedObjective);
        const plain = solveFixedAssociation(s, strongest(s), { localSearch: false });
        expect(plain.objective).toBe(plain.roundedObjective);
        expect(r.objective).toBeLessThanOrEqual(plain.objective);
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});

describe('held alpha (for baselines)', () => {
  it('edge-only and resource-only keep the given alpha and stay feasible', () => {
    const s = paperInstance({ users: 12, servers: 3, seed: 5, user: capablePhone, includeAirtime: true });
    const rng = new RandomStreams(5).stream('test/alpha');
    for (const alpha of [s.users.map(() => 1), s.users.map(() => rng.integer(1, s.layers - 1))]) {
      const r = solveFixedAssociation(s, strongest(s), { fixedAlpha: alpha });
      expect(r.decision.users.map((u) => u.alpha)).toEqual(alpha);
      expect(checkFeasible(s, r.decision)).toEqual([]);
    }
  });
  it('local-only (alpha = Y) sends nothing, holds no share and is feasible', () => {
    const s = paperInstance({ users: 6, servers: 2, seed: 5, user: capablePhone });
    s.weights = { ...s.weights, stability: 0 };
    const r = solveFixedAssociation(s, strongest(s), { fixedAlpha: s.users.map(() => s.layers) });
    expect(checkFeasible(s, r.decision)).toEqual([]);
    expect(r.decision.users.every((u) => u.bandwidthHz === 0 && u.serverFreqHz === 0)).toBe(true);
    const e = evaluate(s, r.decision);
    expect(e.totals.airtimeS).toBe(0);
    expect(e.perUser.every((u) => u.txEnergyJ === 0 && u.edgeTimeS === 0)).toBe(true);
    expect(Number.isFinite(e.totals.total)).toBe(true);
  });
  it('rejects alpha outside [1, Y] and a bad association', () => {
    const s = paperInstance({ users: 2, servers: 1 });
    expect(() => solveFixedAssociation(s, [0, 0], { fixedAlpha: [0, 3] })).toThrow(/fixedAlpha\[0\]/);
    expect(() => solveFixedAssociation(s, [0, 1])).toThrow(/association\[1\]/);
  });
});

describe('same input, same bytes', () => {
  it('two solves give identical decisions', () => {
    const s = paperInstance({ users: 30, servers: 5, seed: 11, includeAirtime: true });
    const a = solveFixedAssociation(s, strongest(s));
    const b = solveFixedAssociation(s, strongest(s));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});

describe('allocator registry', () => {
  it('lists the known names for an unknown one', () => {
    expect(allocatorNames()).toContain('strongest-server');
    expect(() => allocatorByName('magic')).toThrow(/unknown allocator 'magic'.*strongest-server/);
  });
  it('strongest-server puts each user on its highest-gain server', () => {
    const s = paperInstance({ users: 25, servers: 5, seed: 2 });
    const out = allocatorByName('strongest-server').decide(s, { streams: new RandomStreams(1) });
    out.decision.users.forEach((u, n) => expect(s.gains[n][u.server]).toBe(Math.max(...s.gains[n])));
    expect(checkFeasible(s, out.decision)).toEqual([]);
    expect(out.trace.at(-1)).toBeCloseTo(evaluate(s, out.decision).totals.total, 12);
  });
});
