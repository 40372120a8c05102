import { solveProposed } from '../../src/allocation/proposed.js';
import { RandomStreams } from '../../src/engine/random.js';
import { buildWorld, snapshotOf } from '../../src/scenario/build.js';
import { loadTopology } from '../../src/scenario/load.js';
import type { Topology } from '../../src/scenario/schema.js';

/**
 * Wall time of the complete algorithm (`proposed`: fixed-association solver
 * and HiGHS association step in alternation) on the paper's preset
 * (topologies/paper-default.json) with `users` × `servers`: for each seed the
 * median of `runs` decides after one warm-up, its accepted outer iterations (association changes that lowered the
 * objective) and the association steps run (one more: the last finds nothing
 * better).
 */
export function proposedBench(users: number, servers: number, seeds: number[], runs = 5): Array<{ seed: number; medianMs: number; outer: number; steps: number }> {
  const base = loadTopology('topologies/paper-default.json');
  const topology: Topology = { ...base, users: [{ ...base.users[0], count: users }], servers: [{ ...base.servers[0], count: servers }] };
  return seeds.map((seed) => {
    const s = snapshotOf(buildWorld(topology, seed));
    const first = solveProposed(s, { streams: new RandomStreams(seed) });
    const outer = first.trace.length - 1;
    const steps = first.outerIterations;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      solveProposed(s, { streams: new RandomStreams(seed) });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    return { seed, medianMs: times[Math.floor(times.length / 2)], outer, steps };
  });
}
