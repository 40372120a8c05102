import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseTopology } from '../../src/scenario/load.js';
import { runSimulation } from '../../src/scenario/simulate.js';
import { repoRoot } from '../helpers/cli.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function retainedBytes(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * urban-short at a city's density: `users` phones on the area that holds
 * them at 60 per km², one site per ten phones on a grid, every phone in
 * every allocator call (so each gets its links), 5 simulated seconds.
 */
function cityLike(users: number): string {
  const doc = JSON.parse(readFileSync(join(repoRoot, 'topologies/urban-short.json'), 'utf8'));
  const side = Math.round(Math.sqrt(users / 60) * 1000);
  doc.area = { widthM: side, heightM: side };
  doc.users[0].count = Math.round((2 * users) / 3);
  doc.users[1].count = users - doc.users[0].count;
  doc.servers[0].count = users / 10 - 2;
  doc.servers[1].placement.positions = [{ xM: side / 3, yM: side / 3 }, { xM: (2 * side) / 3, yM: (2 * side) / 3 }];
  doc.simulation.users = 'all';
  doc.simulation.horizonS = 5;
  return JSON.stringify(doc);
}

/** Heap the run holds at its end, with the simulation alive, above what was held before it. */
async function heldByRun(users: number): Promise<number> {
  const topology = parseTopology(cityLike(users), 'city-like.json');
  const before = retainedBytes();
  let atEnd = 0;
  await runSimulation({ topology, source: 'city-like.json', onProgress: (p) => void (p.timeS >= p.horizonS && (atEnd = retainedBytes())) });
  return atEnd - before;
}

describe('memory at scale', () => {
  it('grows linearly with users when sites grow with them (users × sites would quadruple it)', async () => {
    await heldByRun(100); // warm-up: compiled code is not the run's memory
    const small = await heldByRun(1_000);
    const large = await heldByRun(2_000);
    // Doubling users and sites: 2 for memory linear in users, 4 for a users × sites table
    // (measured: 2.0 from 1,000 to 2,000 users with candidate sites; 3.9 from 500 to 1,000
    // with candidateSites 4096, every link kept).
    expect(large / small).toBeLessThan(2.8);
    expect(large / small).toBeGreaterThan(1.2);
  });
});
