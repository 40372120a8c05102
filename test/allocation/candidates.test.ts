import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocatorByName } from '../../src/allocation/allocators.js';
import { gainOf } from '../../src/allocation/candidates.js';
import { feasibilityViolations } from '../../src/allocation/feasibility.js';
import type { Snapshot } from '../../src/allocation/types.js';
import { strongestServer } from '../../src/allocation/weights.js';
import { RandomStreams } from '../../src/engine/random.js';
import { paperInstance } from '../helpers/instances.js';

/**
 * The sparse form of a snapshot (Snapshot.candidates) against the dense one
 * it was cut from: where every server an allocator could choose is a
 * candidate, the decision is the same, byte for byte.
 */

/** The snapshot with each user's candidates `keep(n)` (ascending), gains copied from the dense form. */
function sparse(s: Snapshot, keep: (n: number) => number[]): Snapshot {
  const servers = s.users.map((_, n) => keep(n));
  return { ...s, gains: [], candidates: { servers, gains: servers.map((ms, n) => ms.map((m) => s.gains[n][m])) } };
}

const instance = fc.record({ users: fc.integer({ min: 1, max: 12 }), servers: fc.integer({ min: 2, max: 6 }), seed: fc.integer({ min: 1, max: 1000 }) });

async function decide(name: string, s: Snapshot, seed: number) {
  return (await allocatorByName(name).decide(s, { streams: new RandomStreams(seed) })).decision;
}

describe('candidate servers', () => {
  it('strongest-server decides the same when each user keeps its strongest server among any candidates', async () => {
    await fc.assert(
      fc.asyncProperty(instance, fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), async (o, mask) => {
        const dense = paperInstance(o);
        const cut = sparse(dense, (n) => {
          const best = strongestServer(dense, n);
          return dense.servers.map((_, m) => m).filter((m) => m === best || mask[(m + n) % mask.length]);
        });
        expect(await decide('strongest-server', cut, o.seed)).toEqual(await decide('strongest-server', dense, o.seed));
      }),
      { numRuns: 40 },
    );
  });

  it('greedy-assoc decides the same when every server is a candidate', async () => {
    await fc.assert(
      fc.asyncProperty(instance, async (o) => {
        const dense = paperInstance(o);
        const all = sparse(dense, () => dense.servers.map((_, m) => m));
        expect(await decide('greedy-assoc', all, o.seed)).toEqual(await decide('greedy-assoc', dense, o.seed));
      }),
      { numRuns: 30 },
    );
  });

  it('a decision on a server outside the candidates is infeasible; gains outside read as 0', () => {
    const dense = paperInstance({ users: 3, servers: 4, seed: 5 });
    const cut = sparse(dense, () => [1, 3]);
    expect(gainOf(cut, 0, 2)).toBe(0);
    expect(gainOf(cut, 0, 3)).toBe(dense.gains[0][3]);
    const decision = {
      users: dense.users.map((u, n) => ({ alpha: 1, server: n === 0 ? 2 : 1, txPowerW: u.maxTxPowerW, bandwidthHz: 1e6, freqHz: u.maxFreqHz, serverFreqHz: 1e9 })),
    };
    expect(feasibilityViolations(cut, decision).some((v) => v.user === 0 && v.constraint === 'server')).toBe(true);
  });

  it('the sparse association step of proposed keeps every user on one of its candidates', async () => {
    const dense = paperInstance({ users: 30, servers: 8, seed: 3 });
    const cut = sparse(dense, (n) => [n % 8, (n + 3) % 8].sort((a, b) => a - b));
    const d = await decide('proposed', cut, 3);
    d.users.forEach((u, n) => expect(cut.candidates!.servers[n]).toContain(u.server));
    expect(feasibilityViolations(cut, d, { relTol: 1e-9 })).toEqual([]);
  });
});
