import { describe, expect, it } from 'vitest';
import { solveFixedAssociation } from '../../src/allocation/fixed-association.js';
import { evaluate } from '../../src/allocation/objective.js';
import type { Decision, Snapshot } from '../../src/allocation/types.js';
import { strongestServer } from '../../src/allocation/weights.js';
import { paperInstance } from '../helpers/instances.js';
import { tradeoffInstance } from './helpers.js';

const FLOOR = 1e-3; // the solver's default floorFraction

const strongest = (s: Snapshot): number[] => s.users.map((_, n) => strongestServer(s, n));

function relaxedDecision(s: Snapshot, assoc: number[], r: ReturnType<typeof solveFixedAssociation>): Decision {
  return {
    users: s.users.map((_, n) => ({
      alpha: r.relaxed.alpha[n],
      server: assoc[n],
      txPowerW: r.relaxed.txPowerW[n],
      bandwidthHz: r.relaxed.bandwidthHz[n],
      freqHz: r.relaxed.freqHz[n],
      serverFreqHz: r.relaxed.serverFreqHz[n],
    })),
  };
}

const instances: [string, () => Snapshot][] = [
  ['paper 20×4', () => paperInstance({ users: 20, servers: 4, seed: 7 })],
  ['paper 20×4 with airtime', () => paperInstance({ users: 20, servers: 4, seed: 7, includeAirtime: true })],
  ['trade-off 6×1', () => tradeoffInstance({ users: 6 })],
  ['trade-off 8×2 with airtime', () => tradeoffInstance({ users: 8, servers: 2, includeAirtime: true, time: 0.3, stability: 0.1 })],
  // Several senders per server with interior alpha: the uplink Newton, the
  // compute polish and the per-server finish all take part.
  ['trade-off 24×3 with airtime', () => tradeoffInstance({ users: 24, servers: 3, seed: 5, includeAirtime: true, time: 0.3, stability: 0.1 })],
];

describe('the quadratic-transform alternation', () => {
  for (const [name, make] of instances) {
    it(`${name}: K equals the objective at the closed-form auxiliaries and never increases`, () => {
      const s = make();
      const r = solveFixedAssociation(s, strongest(s), { tolerance: 1e-13 });
      expect(r.iterations).toBeGreaterThan(1);
      r.surrogate.forEach((step, k) => {
        // K(aux_k, x_k) = H(x_k)
        expect(Math.abs(step.before - r.trace[k])).toBeLessThanOrEqual(1e-12 * r.trace[k]);
        // the P4 step does not raise K
        expect(step.after).toBeLessThanOrEqual(step.before * (1 + 1e-13));
        // and the next auxiliaries do not either: H(x_{k+1}) = K(aux_{k+1}, x_{k+1}) <= K(aux_k, x_{k+1})
        expect(r.trace[k + 1]).toBeLessThanOrEqual(step.after * (1 + 1e-13));
      });
      // The recorded objective is the objective evaluate() computes.
      const h = evaluate(s, relaxedDecision(s, strongest(s), r)).totals.total;
      expect(Math.abs(h - r.relaxed.objective)).toBeLessThanOrEqual(1e-12 * h);
    });
  }
});

/**
 * Projected gradient of the relaxed problem at the solver's point, from
 * central differences of evaluate(), each variable scaled by its range:
 * alpha by Y, f_n by f^max, p_n by p^max, each server's shares by its
 * budget (projected onto sum = budget by removing the mean). Box variables
 * at a bound count only the component pointing into the box.
 */
function projectedGradient(s: Snapshot, d: Decision): number {
  const h0 = evaluate(s, d).totals.total;
  const grad = (set: (dd: Decision, delta: number) => void, scale: number): number => {
    const step = 1e-6 * scale;
    const up = structuredClone(d);
    const down = structuredClone(d);
    set(up, step);
    set(down, -step);
    return ((evaluate(s, up).totals.total - evaluate(s, down).totals.total) / (2 * step)) * scale;
  };
  const boxed = (g: number, x: number, lo: number, hi: number): number => {
    const tol = 1e-9 * Math.max(Math.abs(hi), 1);
    if (x <= lo + tol && g > 0) return 0;
    if (x >= hi - tol && g < 0) return 0;
    return g;
  };
  let worst = 0;
  const Y = s.layers;
  d.users.forEach((u, n) => {
    const su = s.users[n];
    const ga = grad((dd, e) => (dd.users[n].alpha += e), Y);
    worst = Math.max(worst, Math.abs(boxed(ga, u.alpha, 1, Y)));
    const gf = grad((dd, e) => (dd.users[n].freqHz += e), su.maxFreqHz);
    worst = Math.max(worst, Math.abs(boxed(gf, u.freqHz, FLOOR * su.maxFreqHz, su.maxFreqHz)));
    const gp = grad((dd, e) => (dd.users[n].txPowerW += e), su.maxTxPowerW);
    worst = Math.max(worst, Math.abs(boxed(gp, u.txPowerW, FLOOR * su.maxTxPowerW, su.maxTxPowerW)));
  });
  s.servers.forEach((srv, m) => {
    const ids = d.users.map((u, n) => (u.server === m ? n : -1)).filter((n) => n >= 0);
    for (const [key, budget] of [['serverFreqHz', srv.maxFreqHz], ['bandwidthHz', srv.bandwidthHz]] as const) {
      const g = ids.map((n) => grad((dd, e) => (dd.users[n][key] += e), budget));
      const mean = g.reduce((a, b) => a + b, 0) / Math.max(g.length, 1);
      for (const gi of g) worst = Math.max(worst, Math.abs(gi - mean));
    }
  });
  return worst / h0;
}

describe('KKT conditions at convergence of the relaxed problem', () => {
  for (const [name, make] of instances) {
    it(`${name}: projected gradient / objective < 1e-6`, () => {
      const s = make();
      const assoc = strongest(s);
      const r = solveFixedAssociation(s, assoc, { tolerance: 1e-14 });
      expect(projectedGradient(s, relaxedDecision(s, assoc, r))).toBeLessThan(1e-6);
    });
  }
  it('the measure is not blind: a perturbed point fails it', () => {
    const s = tradeoffInstance({ users: 6 });
    const assoc = strongest(s);
    const r = solveFixedAssociation(s, assoc, { tolerance: 1e-14 });
    const d = relaxedDecision(s, assoc, r);
    d.users[0].serverFreqHz *= 1.01;
    d.users[1].serverFreqHz = s.servers[0].maxFreqHz - d.users.reduce((a, u, n) => (n === 1 ? a : a + u.serverFreqHz), 0);
    expect(projectedGradient(s, d)).toBeGreaterThan(1e-5);
  });
});

describe("the paper's constants (docs/model.md 7.7)", () => {
  it('put alpha = 1 for every user, with and without airtime', () => {
    for (const includeAirtime of [false, true]) {
      const s = paperInstance({ users: 50, servers: 10, seed: 1, includeAirtime });
      const r = solveFixedAssociation(s, strongest(s));
      expect(r.decision.users.every((u) => u.alpha === 1)).toBe(true);
    }
  });
});
