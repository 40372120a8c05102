import os from 'node:os';
import { allocatorByName } from '../../src/allocation/allocators.js';
import type { Decision, Snapshot } from '../../src/allocation/types.js';
import { RandomStreams } from '../../src/engine/random.js';
import { buildWorld, candidatePathGains, snapshotOf } from '../../src/scenario/build.js';
import { loadTopology } from '../../src/scenario/load.js';

/**
 * Allocator calls on city.json's snapshot at t = 0 (10,000 phones, 1,000
 * sites, 16 candidate sites each): every phone active, and every tenth
 * (about 1,000, the active users of a typical epoch). Each allocator is
 * called cold (no previous decision) and warm (the previous call's decision
 * passed as `previous`, as the epochs do), after one call that compiles
 * the code.
 */

export interface AllocatorTiming {
  allocator: string;
  users: number;
  coldMs: number[];
  warmMs: number[];
  /** CPU time of the cold calls (user + system): what a loaded machine inflates least. */
  coldCpuMs: number[];
  warmCpuMs: number[];
  objective: number;
}

export function citySnapshots(): { all: Snapshot; tenth: Snapshot } {
  const topology = loadTopology('topologies/city.json');
  const world = buildWorld(topology, topology.seed, 'topologies/city.json');
  const all = snapshotOf(world);
  const users = world.users.flatMap((u, n) => (n % 10 === 0 && u.excluded === undefined ? [n] : []));
  const links = candidatePathGains(world);
  const tenth = snapshotOf(world, [], 0, { users, queuedIterations: users.map(() => 0) }, { servers: users.map((n) => links.servers[n]), gains: users.map((n) => links.gains[n]) });
  return { all, tenth };
}

function timed<T>(f: () => T): [T, number, number] {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = f();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return [r, wall, (c.user + c.system) / 1000];
}

export function timeAllocator(snapshot: Snapshot, name: string, calls: number): AllocatorTiming {
  const allocator = allocatorByName(name);
  const call = (previous?: Decision) => allocator.decide(snapshot, { streams: new RandomStreams(7), previous });
  let [r] = timed(() => call()); // compiles the code
  const coldMs: number[] = [];
  const warmMs: number[] = [];
  const coldCpuMs: number[] = [];
  const warmCpuMs: number[] = [];
  for (let i = 0; i < calls; i++) {
    const [cold, ms, cpu] = timed(() => call());
    coldMs.push(ms);
    coldCpuMs.push(cpu);
    const [warm, wms, wcpu] = timed(() => call(cold.decision));
    warmMs.push(wms);
    warmCpuMs.push(wcpu);
    r = warm;
  }
  return { allocator: name, users: snapshot.users.length, coldMs, warmMs, coldCpuMs, warmCpuMs, objective: r.trace.at(-1) ?? NaN };
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function allocatorsBench(): void {
  const { all, tenth } = citySnapshots();
  console.log(`load average (1, 5, 15 min) at the start: ${os.loadavg().map((x) => x.toFixed(2)).join(', ')} on ${os.cpus().length} cores`);
  for (const snapshot of [tenth, all]) {
    for (const [name, calls] of [['strongest-server', 5], ['greedy-assoc', 5], ['proposed', 1]] as const) {
      const t = timeAllocator(snapshot, name, calls);
      const what = calls > 1 ? `median of ${calls}` : 'one call';
      console.log(
        `${String(t.users).padStart(6)} users, ${name.padEnd(16)}: cold ${median(t.coldMs).toFixed(0).padStart(5)} ms wall, ${median(t.coldCpuMs).toFixed(0).padStart(5)} ms CPU; warm ${median(t.warmMs).toFixed(0).padStart(5)} ms wall, ${median(t.warmCpuMs).toFixed(0).padStart(5)} ms CPU (${what}); objective ${t.objective.toFixed(12)}`,
      );
    }
  }
  console.log(`load average (1, 5, 15 min) at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}`);
}
