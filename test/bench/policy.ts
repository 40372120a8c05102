import path from 'node:path';
import { feasibilityViolations } from '../../src/allocation/feasibility.js';
import { RandomStreams } from '../../src/engine/random.js';
import { pipeAllocator } from '../../src/plugins/pipe-allocator.js';
import { paperInstance } from '../helpers/instances.js';

/**
 * Round trip of an external policy per decision: snapshot written, answer
 * read and parsed, decision checked for feasibility. The echo policy answers
 * with a decision computed once, so what is measured is mecsim's side and
 * the pipe (plus reading one line in Python), not the policy's thinking.
 */
export function policyRoundTrip(users: number, servers: number, calls: number): { medianMs: number; p95Ms: number; firstMs: number } {
  const snapshot = paperInstance({ users, servers, seed: 1, includeAirtime: true });
  const allocator = pipeAllocator(`exec:python3 ${path.resolve('test/bench/echo-policy.py')}`);
  const streams = new RandomStreams(1);
  const times: number[] = [];
  try {
    for (let i = 0; i <= calls; i++) {
      const t0 = performance.now();
      const r = allocator.decide(snapshot, { streams });
      if (feasibilityViolations(snapshot, r.decision).length > 0) throw new Error('the echo policy answered an infeasible decision');
      times.push(performance.now() - t0);
    }
  } finally {
    allocator.close?.({});
  }
  const [first, ...rest] = times;
  rest.sort((a, b) => a - b);
  return { firstMs: first, medianMs: rest[Math.floor(rest.length / 2)], p95Ms: rest[Math.floor(rest.length * 0.95)] };
}
