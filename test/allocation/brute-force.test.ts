import { describe, expect, it } from 'vitest';
import { solveFixedAssociation } from '../../src/allocation/fixed-association.js';
import { evaluate } from '../../src/allocation/objective.js';
import type { Decision, Snapshot } from '../../src/allocation/types.js';
import { tradeoffInstance } from './helpers.js';

/**
 * An independent check of the relaxed optimum on tiny instances, everyone on
 * server 0: a grid over every variable, then compass search (coordinate
 * steps, halved when none helps) from the best grid points. It knows
 * nothing of the solver's structure; it only calls evaluate().
 */
const FLOOR = 1e-3;

function bruteForce(s: Snapshot, perAxis: number): { value: number; x: number[] } {
  const N = s.users.length;
  const Y = s.layers;
  const dims = 3 * N + (N > 1 ? 2 : 0);
  const srv = s.servers[0];
  const decode = (u: number[]): Decision => {
    const shareF = N > 1 ? [u[3 * N], 1 - u[3 * N]] : [1];
    const shareB = N > 1 ? [u[3 * N + 1], 1 - u[3 * N + 1]] : [1];
    return {
      users: s.users.map((user, n) => ({
        alpha: 1 + u[3 * n] * (Y - 1) * (1 - 1e-9),
        server: 0,
        freqHz: user.maxFreqHz * FLOOR ** (1 - u[3 * n + 1]),
        txPowerW: user.maxTxPowerW * FLOOR ** (1 - u[3 * n + 2]),
        serverFreqHz: srv.maxFreqHz * shareF[n],
        bandwidthHz: srv.bandwidthHz * shareB[n],
      })),
    };
  };
  const shareDims = new Set(N > 1 ? [3 * N, 3 * N + 1] : []);
  const lo = (k: number): number => (shareDims.has(k) ? 1e-9 : 0);
  const hi = (k: number): number => (shareDims.has(k) ? 1 - 1e-9 : 1);
  const value = (u: number[]): number => evaluate(s, decode(u)).totals.total;
  // grid
  const best: { value: number; x: number[] }[] = [];
  const u = new Array<number>(dims).fill(0);
  const total = perAxis ** dims;
  for (let idx = 0; idx < total; idx++) {
    let r = idx;
    for (let k = 0; k < dims; k++) {
      const i = r % perAxis;
      r = Math.floor(r / perAxis);
      u[k] = lo(k) + ((hi(k) - lo(k)) * i) / (perAxis - 1);
    }
    const v = value(u);
    if (best.length < 4 || v < best[best.length - 1].value) {
      best.push({ value: v, x: u.slice() });
      best.sort((a, b) => a.value - b.value);
      if (best.length > 4) best.pop();
    }
  }
  // compass search from each of the best grid points
  let winner = best[0];
  for (const start of best) {
    const x = start.x.slice();
    let fx = start.value;
    let h = 1 / (perAxis - 1);
    while (h > 1e-13) {
      let moved = false;
      for (let k = 0; k < dims; k++) {
        for (const dir of [1, -1]) {
          const y = x.slice();
          y[k] = Math.min(hi(k), Math.max(lo(k), y[k] + dir * h));
          if (y[k] === x[k]) continue;
          const fy = value(y);
          if (fy < fx) {
            x[k] = y[k];
            fx = fy;
            moved = true;
          }
        }
      }
      if (!moved) h /= 2;
    }
    if (fx < winner.value) winner = { value: fx, x };
  }
  return winner;
}

const cases: [string, () => Snapshot, number][] = [
  ['1 user, weak server', () => tradeoffInstance({ users: 1, serverCores: 64 }), 21],
  ['1 user, weak server, airtime', () => tradeoffInstance({ users: 1, serverCores: 64, includeAirtime: true, time: 0.2, energy: 0.2 }), 21],
  ['2 users sharing a server', () => tradeoffInstance({ users: 2 }), 5],
  ['2 users sharing a server, airtime', () => tradeoffInstance({ users: 2, includeAirtime: true, time: 0.2, energy: 0.2, stability: 0.1 }), 5],
];

describe('relaxed optimum against brute force', () => {
  for (const [name, make, perAxis] of cases) {
    it(name, () => {
      const s = make();
      const r = solveFixedAssociation(s, s.users.map(() => 0), { tolerance: 1e-13 });
      const brute = bruteForce(s, perAxis);
      const rel = (r.relaxed.objective - brute.value) / brute.value;
      expect(Math.abs(rel), `solver ${r.relaxed.objective}, brute force ${brute.value}, alpha ${r.relaxed.alpha}`).toBeLessThan(1e-4);
    });
  }
  it('the cases exercise an interior split point', () => {
    const interior = cases.some(([, make]) => {
      const s = make();
      return solveFixedAssociation(s, s.users.map(() => 0)).relaxed.alpha.some((a) => a > 1.5 && a < s.layers - 1);
    });
    expect(interior).toBe(true);
  });
});
