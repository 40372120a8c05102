import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFeasible } from '../../src/allocation/feasibility.js';
import { evaluate } from '../../src/allocation/objective.js';
import type { Allocator } from '../../src/allocation/types.js';
import { RandomStreams } from '../../src/engine/random.js';
import { resolveAllocator } from '../../src/plugins/resolve.js';
import { contractInstances } from '../helpers/allocator-contract.js';
import { paperInstance } from '../helpers/instances.js';
import { repoRoot } from '../helpers/cli.js';

/**
 * The contract every built-in allocator passes (test/allocation/baselines.test.ts,
 * "every allocator returns a feasible decision"), run on the example plug-ins.
 */
const specs = ['./examples/least-loaded-allocator/least-loaded.js', 'exec:python3 examples/python-policy/policy.py'];
const allocators: Allocator[] = [];
beforeAll(async () => {
  for (const s of specs) allocators.push(await resolveAllocator(s, { baseDir: repoRoot }));
});
afterAll(() => allocators.forEach((a) => a.close?.()));

describe('every example plug-in returns a feasible decision (property)', () => {
  it('random instances, weak channels, several weightings', () => {
    fc.assert(
      fc.property(contractInstances(), ({ seed, snapshot: s }) => {
        for (const a of allocators) {
          const r = a.decide(s, { streams: new RandomStreams(seed) });
          expect(checkFeasible(s, r.decision, { txPowerFloorFraction: a.txPowerFloorFraction }), a.name).toEqual([]);
          expect(Number.isFinite(evaluate(s, r.decision).totals.total), a.name).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
  it('same input, same bytes', () => {
    const s = paperInstance({ users: 8, servers: 3, seed: 2, includeAirtime: true });
    for (const a of allocators) expect(JSON.stringify(a.decide(s, { streams: new RandomStreams(1) })), a.name).toBe(JSON.stringify(a.decide(s, { streams: new RandomStreams(1) })));
  });
});
