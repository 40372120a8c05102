import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { planSweepFile } from '../../src/campaign/plan.js';
import { runCampaign } from '../../src/campaign/runner.js';

export interface SweepTiming {
  runs: number;
  /** Wall seconds, one per repetition. */
  wallS: number[];
}

/**
 * A sweep of 40 short simulations (urban-short.json, 10 simulated minutes,
 * pedestrians 10/20/30/40 × schedulers ps/fcfs × seeds 1-5), run into a fresh
 * folder with the given number of worker threads. The time includes starting
 * the pool and writing every result file and run folder.
 */
export async function sweepWall(workers: number, repetitions: number, horizonS = 600): Promise<SweepTiming> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-bench-sweep-'));
  const file = path.join(dir, 'sweep.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      format: 'mecsim-sweep',
      version: 1,
      name: 'bench',
      topology: path.resolve('topologies/urban-short.json'),
      kind: 'run',
      horizonS,
      grid: { 'users.pedestrians.count': [10, 20, 30, 40] },
      allocators: ['strongest-server'],
      schedulers: ['ps', 'fcfs'],
      seeds: '1-5',
    }),
  );
  const plan = planSweepFile(file);
  const wallS: number[] = [];
  try {
    for (let i = 0; i < repetitions; i++) {
      const out = path.join(dir, `out-${workers}-${i}`);
      const t0 = performance.now();
      const r = await runCampaign(plan, { outDir: out, workers });
      wallS.push((performance.now() - t0) / 1000);
      if (!r.complete) throw new Error('benchmark sweep did not complete');
      fs.rmSync(out, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { runs: plan.runs.length, wallS };
}
