import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderSvg } from '../../src/report/render.js';
import { lineWithBand, type IntervalRow } from '../../src/report/specs.js';
import { scaledTopology } from './scale-topology.js';

export interface ScaleRun {
  users: number;
  sites: number;
  horizonS: number;
  wallS: number;
  /** User plus system CPU seconds of the child: what the run costs on a loaded machine. */
  cpuS: number;
  maxRssMiB: number;
  events: number;
}

const repo = path.resolve(new URL('../../..', import.meta.url).pathname);

/**
 * `mecsim run` of urban-short scaled to `users` phones and `sites` sites
 * (scale-topology.ts) in a child process, timed by /usr/bin/time: wall
 * clock, CPU and peak resident memory of the whole process, map included.
 */
export function scaleRun(users: number, sites: number, horizonS: number, allocator = 'strongest-server'): ScaleRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-bench-scale-'));
  try {
    const file = path.join(dir, 'topology.json');
    fs.writeFileSync(file, JSON.stringify(scaledTopology(users, sites, horizonS, allocator)));
    const out = path.join(dir, 'run');
    const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, path.join(repo, 'bin/mecsim.js'), 'run', file, '--out', out, '--max-memory', '16G'], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const m = /TIME (\S+) (\S+) (\S+) (\d+)/.exec(r.stderr);
    if (r.status !== 0 || m === null) throw new Error(`scale run ${users}x${sites} failed: ${r.stderr.slice(-2000)}`);
    const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8'));
    return { users, sites, horizonS, wallS: Number(m[1]), cpuS: Number(m[2]) + Number(m[3]), maxRssMiB: Number(m[4]) / 1024, events: run.events };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Least-squares slope of log y against log x. */
export function logLogSlope(xs: readonly number[], ys: readonly number[]): number {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
  }
  return sxy / sxx;
}

const fmt = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });

function print(r: ScaleRun): void {
  console.log(
    `${fmt(r.users).padStart(7)} users × ${fmt(r.sites).padStart(5)} sites × ${fmt(r.horizonS).padStart(6)} s: ${r.wallS.toFixed(1).padStart(7)} s wall, ${r.cpuS.toFixed(1).padStart(7)} s CPU, peak RSS ${fmt(r.maxRssMiB).padStart(6)} MiB, ${fmt(r.events)} events`,
  );
}

/**
 * `npm run bench -- scale [--large | --targets]`: the targets of issue 13, a
 * series over users and one over the horizon, and docs/benchmarks-scale.svg;
 * `--targets` stops after the target rows (the series take far longer).
 */
export async function scaleBench(): Promise<void> {
  const large = process.argv.includes('--large');
  console.log('targets (10 simulated minutes, strongest-server): 10,000 × 100 <= 60 s and 1 GB; 10,000 × 1,000 <= 90 s and 1.5 GB');
  for (const [u, s] of [[10_000, 100], [10_000, 1_000], ...(large ? [[100_000, 1_000]] : [])]) print(scaleRun(u, s, 600));
  if (process.argv.includes('--targets')) {
    console.log(`load average (1, 5, 15 min) at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(', ')} on ${os.cpus().length} cores`);
    return;
  }
  // Users at city density, ten per site, 10 simulated minutes.
  const users = [100, 300, 1_000, 3_000, 10_000, ...(large ? [30_000, 100_000] : [])];
  const byUsers = users.map((u) => scaleRun(u, Math.max(8, u / 10), 600));
  byUsers.forEach(print);
  console.log(`slope of log wall against log users: ${logLogSlope(users, byUsers.map((r) => r.wallS)).toFixed(2)}; of CPU: ${logLogSlope(users, byUsers.map((r) => r.cpuS)).toFixed(2)}; of peak RSS: ${logLogSlope(users, byUsers.map((r) => r.maxRssMiB)).toFixed(2)}`);
  const horizons = [600, 1_800, 3_600, ...(large ? [86_400] : [])];
  const byHorizon = horizons.map((h) => scaleRun(1_000, 100, h));
  byHorizon.forEach(print);
  console.log(`slope of log wall against log horizon (1,000 × 100): ${logLogSlope(horizons, byHorizon.map((r) => r.wallS)).toFixed(2)}; of CPU: ${logLogSlope(horizons, byHorizon.map((r) => r.cpuS)).toFixed(2)}`);
  const row = (x: number, series: string, y: number): IntervalRow => ({ x, series, mean: y, lower: null, upper: null, n: 1 });
  const rows = byUsers.flatMap((r) => [row(r.users, 'wall (s)', r.wallS), row(r.users, 'CPU (s)', r.cpuS), row(r.users, 'peak RSS (MiB)', r.maxRssMiB)]);
  const spec = lineWithBand(rows, { title: 'mecsim run, 10 simulated minutes, ten users per site', x: 'users', y: 'seconds / MiB', series: 'measure' }, { logX: true, logY: true });
  const svg = path.join(repo, 'docs/benchmarks-scale.svg');
  fs.writeFileSync(svg, await renderSvg(spec));
  console.log(`wrote ${path.relative(repo, svg)}`);
  console.log(`load average (1, 5, 15 min) at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(', ')} on ${os.cpus().length} cores`);
}
