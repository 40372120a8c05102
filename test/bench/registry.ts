import os from 'node:os';
import { allocatorsBench } from './allocators.js';
import { channelQueries } from './channel.js';
import { edgeThroughput, summaryMemory } from './edge.js';
import { holdSideBySide } from './hold-vs-ns3.js';
import { proposedBench } from './proposed.js';
import { policyRoundTrip } from './policy.js';
import { urbanRun } from './sim-run.js';
import { scaleBench } from './scale.js';
import { solveBench } from './solve.js';
import { sweepWall } from './sweep.js';
import { allocatorNames } from '../../src/allocation/allocators.js';

export interface Bench {
  name: string;
  description: string;
  run(): Promise<void> | void;
}

const fmt = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });

export const benches: Bench[] = [
  {
    name: 'policy',
    description: 'external policy over a pipe: round trip per decision (snapshot out, decision in, checked), echo policy (target: 50 users <= 2 ms, 1,000 users <= 50 ms)',
    run() {
      for (const [users, servers, calls] of [[50, 10, 200], [1_000, 50, 50]]) {
        const r = policyRoundTrip(users, servers, calls);
        console.log(`${fmt(users).padStart(5)} users × ${String(servers).padStart(2)} servers: median ${r.medianMs.toFixed(2)} ms, p95 ${r.p95Ms.toFixed(2)} ms per decision (${calls} calls; the first, starting Python, ${r.firstMs.toFixed(0)} ms)`);
      }
    },
  },
  {
    name: 'hold',
    description: "event engine, classic hold model, side by side with ns-3's schedulers (target: >= ns-3's fastest at P = 1,000 and 100,000)",
    run: holdSideBySide,
  },
  {
    name: 'solve',
    description: 'fixed-association solver, strongest-server association, paper-like instances (target: 50×10 < 20 ms, 1,000×50 < 500 ms)',
    run() {
      for (const [users, servers] of [[50, 10], [1_000, 50]]) {
        for (const airtime of [false, true]) {
          const r = solveBench(users, servers, airtime);
          const what = airtime ? "paper's objective + airtime" : "paper's objective";
          console.log(`${fmt(users).padStart(5)} users × ${String(servers).padStart(2)} servers, ${what.padEnd(27)}: ${r.medianMs.toFixed(1)} ms (median of 7, ${r.iterations} alternations)`);
        }
      }
    },
  },
  {
    name: 'allocators',
    description: "strongest-server, greedy-assoc and proposed on city.json's snapshot at t = 0 (16 candidate sites per phone), 10,000 and about 1,000 active phones, cold and warm-started (target at 10,000: strongest-server and greedy <= 100 ms, proposed <= 2 s)",
    run: allocatorsBench,
  },
  {
    name: 'proposed',
    description: "the complete algorithm on the paper's preset, seeds 1-10 (target: 50×10 < 1 s; the paper reports <= 13 outer iterations)",
    run() {
      for (const [users, servers] of [[50, 10], [100, 10]]) {
        const r = proposedBench(users, servers, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        const ms = r.map((x) => x.medianMs).sort((a, b) => a - b);
        const outer = r.map((x) => x.outer);
        const steps = r.map((x) => x.steps);
        console.log(
          `${String(users).padStart(3)} users × ${servers} servers: median over seeds ${ms[Math.floor(ms.length / 2)].toFixed(1)} ms, slowest seed ${ms.at(-1)!.toFixed(1)} ms; accepted outer iterations ${Math.min(...outer)}–${Math.max(...outer)} (per seed: ${outer.join(' ')}), association steps run ${Math.min(...steps)}–${Math.max(...steps)}`,
        );
      }
    },
  },
  {
    name: 'channel',
    description: 'channel gain queries, Rician + shadowing + UMa under random waypoint, t += 1 ms (target: >= 5 M/s, flat heap)',
    run() {
      const variants = [
        ['Rician K=4, Gauss-Markov (fD from movement, 3.5 GHz)', { model: 'rician', kFactor: 4, correlation: { type: 'gauss-markov', carrierHz: 3.5e9 } }],
        ['Rician K=4, block fading, Tc = 10 ms', { model: 'rician', kFactor: 4, correlation: { type: 'block', coherenceTimeS: 0.01 } }],
        ['Rician K=4, sum of 32 sinusoids (fD from movement, 3.5 GHz)', { model: 'rician', kFactor: 4, correlation: { type: 'sum-of-sinusoids', carrierHz: 3.5e9, sinusoids: 32 } }],
      ] as const;
      for (const [label, fading] of variants) {
        channelQueries(1_000_000, fading); // warm-up
        const best = Math.max(...[1, 2, 3].map((seed) => channelQueries(2_000_000, fading, 0.001, seed).queriesPerS));
        console.log(`${label}: ${fmt(best)} queries/s (best of 3 runs of 2,000,000)`);
        const small = channelQueries(1_000_000, fading);
        const large = channelQueries(10_000_000, fading);
        console.log(`  heap after 1e6 queries (1,000 s simulated): ${small.heapMiB.toFixed(2)} MiB; after 1e7 (10,000 s): ${large.heapMiB.toFixed(2)} MiB`);
      }
      // The shipped topologies' shadowing (32 sinusoids, 13 m, inter-site 0.5: two sums per link) with block fading, exact and on the grid.
      const block = { model: 'rician', kFactor: 4, correlation: { type: 'block', coherenceTimeS: 0.01 } } as const;
      for (const stepS of [0.001, 0.1]) {
        for (const grid of [0, 8]) {
          const shadowing = { model: 'log-normal', sigmaDb: 7.82, decorrelationDistanceM: 13, interSiteCorrelation: 0.5, sinusoids: 32, gridPerDecorrelation: grid } as const;
          channelQueries(200_000, block, stepS, 1, shadowing); // warm-up
          const best = Math.max(...[1, 2, 3].map((seed) => channelQueries(1_000_000, block, stepS, seed, shadowing).queriesPerS));
          console.log(`block fading, sinusoid shadowing ${grid === 0 ? 'exact' : `on a grid of d_corr/${grid}`}, t += ${stepS * 1000} ms: ${fmt(best)} queries/s (best of 3 runs of 1,000,000)`);
        }
      }
    },
  },
  {
    name: 'edge',
    description: 'EdgeServer jobs/s with 50 concurrent jobs; SummaryAccumulator memory after 1e5 vs 1e6 records (flat)',
    run() {
      for (const policy of ['ps', 'allocated', 'fcfs', 'srpt', 'rr'] as const) {
        const jobs = 400_000;
        const runs = [0, 1, 2].map((i) => edgeThroughput(policy, 50, jobs, i + 1));
        const best = Math.max(...runs.map((r) => r.jobsPerS));
        console.log(`${policy.padEnd(9)} 50 concurrent: ${fmt(best)} jobs/s (best of 3 runs of ${fmt(jobs)} jobs after warm-up; ${(runs[0].events / jobs).toFixed(2)} events/job)`);
      }
      summaryMemory(100_000); // warm-up: compiled code is not the accumulator's memory
      for (const records of [0, 100_000, 1_000_000, 10_000_000]) {
        const kib = [0, 1, 2].map(() => summaryMemory(records) / 1024);
        console.log(`summary after ${fmt(records).padStart(10)} records: ${kib.map((k) => fmt(k)).join(', ')} KiB retained (3 runs)`);
      }
    },
  },
  {
    name: 'run',
    description: 'mecsim run on urban.json scaled to 200 users and 20 servers, 24 simulated hours, epochs every 60 s (targets: greedy-assoc < 30 s, proposed < 120 s)',
    async run() {
      const wanted = ['greedy-assoc', 'proposed', 'strongest-server'].filter((a) => allocatorNames().includes(a));
      for (const allocator of wanted) {
        const r = await urbanRun(200, 20, 86_400, allocator);
        console.log(
          `${allocator.padEnd(16)} ${r.wallS.toFixed(1)} s wall (${r.solveWallS.toFixed(1)} s in ${fmt(r.epochs)} allocator calls), ${fmt(r.events)} events, ${fmt(r.events / r.wallS)} events/s, ${fmt(r.iterations)} iterations`,
        );
        console.log(`${''.padEnd(16)} retained heap after GC: ${r.heapAt1hMiB.toFixed(1)} MiB at 1 h, ${r.heapAtEndMiB.toFixed(1)} MiB at 23 h; peak RSS ${r.maxRssMiB.toFixed(0)} MiB`);
      }
    },
  },
  {
    name: 'scale',
    description: 'mecsim run at city scale in a child process: wall, CPU and peak memory for 10,000 users × 100 and × 1,000 sites, and series over users (100 to 10,000; to 100,000 with --large) and horizon, with log-log slopes and docs/benchmarks-scale.svg',
    run: scaleBench,
  },
  {
    name: 'sweep',
    description: 'mecsim sweep of 40 short runs (urban-short, 10 simulated minutes each) with 1 and 2 worker threads (target: speed-up >= 1.8 on 2 cores); then 40 runs of 1 simulated hour',
    async run() {
      await sweepWall(0, 1); // warm-up: the main thread compiles the code it shares with nothing
      for (const horizonS of [600, 3600]) {
        const results: number[] = [];
        for (const workers of horizonS === 600 ? [0, 1, 2] : [1, 2]) {
          const r = await sweepWall(workers, 3, horizonS);
          const best = Math.min(...r.wallS);
          results[workers] = best;
          const label = workers === 0 ? 'main thread' : `${workers} worker${workers > 1 ? 's' : ''}`;
          console.log(`${horizonS} s runs, ${label.padEnd(11)}: ${best.toFixed(2)} s for ${r.runs} runs (best of 3: ${r.wallS.map((s) => s.toFixed(2)).join(', ')} s)`);
        }
        console.log(`${horizonS} s runs, speed-up of 2 workers over 1: ${(results[1] / results[2]).toFixed(2)}`);
      }
      console.log(`load average (1, 5, 15 min) at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(', ')} on ${os.cpus().length} cores`);
    },
  },
];
