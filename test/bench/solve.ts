import { solveFixedAssociation } from '../../src/allocation/fixed-association.js';
import { strongestServer } from '../../src/allocation/weights.js';
import { paperInstance } from '../helpers/instances.js';

/**
 * Wall time of the fixed-association solver with strongest-server
 * association on a paper-like instance (test/helpers/instances.ts): the
 * median of `runs` solves after one warm-up solve.
 */
export function solveBench(users: number, servers: number, includeAirtime: boolean, runs = 7): { medianMs: number; iterations: number } {
  const s = paperInstance({ users, servers, seed: 1, includeAirtime });
  const association = s.users.map((_, n) => strongestServer(s, n));
  let iterations = solveFixedAssociation(s, association).iterations;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    iterations = solveFixedAssociation(s, association).iterations;
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], iterations };
}
