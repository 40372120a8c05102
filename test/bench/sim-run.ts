import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTopology } from '../../src/scenario/load.js';
import { runToFolder } from '../../src/scenario/run-folder.js';

export interface RunBenchResult {
  wallS: number;
  events: number;
  iterations: number;
  epochs: number;
  solveWallS: number;
  /** Heap plus array buffers retained after a full GC, at 1 h and one hour before the end (MiB). */
  heapAt1hMiB: number;
  heapAtEndMiB: number;
  maxRssMiB: number;
}

function retainedMiB(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench does)');
  gc();
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 2 ** 20;
}

/**
 * urban.json scaled to `users` users (two thirds pedestrians) and `servers`
 * servers (all but two L4, two A100), run for `horizonS` with epochs every
 * 60 s, writing its run folder to a temporary directory.
 */
export async function urbanRun(users: number, servers: number, horizonS: number, allocator: string): Promise<RunBenchResult> {
  const doc = JSON.parse(readFileSync(new URL('../../../topologies/urban.json', import.meta.url), 'utf8'));
  const pedestrians = Math.round((2 * users) / 3);
  doc.users[0].count = pedestrians;
  doc.users[1].count = users - pedestrians;
  doc.servers[0].count = servers - 2;
  doc.simulation.horizonS = horizonS;
  doc.simulation.epochS = 60;
  doc.simulation.allocator = allocator;
  const topology = parseTopology(JSON.stringify(doc), 'urban.json (scaled)');
  const dir = mkdtempSync(join(tmpdir(), 'mecsim-bench-'));
  let heapAt1hMiB = NaN;
  let heapLateMiB = NaN;
  const t0 = process.hrtime.bigint();
  let gcS = 0;
  try {
    const r = await runToFolder({
      topology,
      out: join(dir, 'run'),
      version: 'bench',
      progressEvents: 200_000,
      onProgress: (p) => {
        // Both readings are taken mid-run, with the simulation alive.
        const late = Math.max(3600, horizonS - 3600);
        if (Number.isNaN(heapAt1hMiB) ? p.timeS >= 3600 : Number.isNaN(heapLateMiB) && p.timeS >= late && late > 3600) {
          const g = process.hrtime.bigint();
          if (Number.isNaN(heapAt1hMiB)) heapAt1hMiB = retainedMiB();
          else heapLateMiB = retainedMiB();
          gcS += Number(process.hrtime.bigint() - g) / 1e9;
        }
      },
    });
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9 - gcS;
    return {
      wallS,
      events: r.events,
      iterations: r.summary.iterations,
      epochs: r.epochs,
      solveWallS: r.solveWallS.reduce((a, b) => a + b, 0),
      heapAt1hMiB,
      heapAtEndMiB: heapLateMiB,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
