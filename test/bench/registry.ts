import { channelQueries } from './channel.js';
import { holdModel } from './hold.js';
import { solveBench } from './solve.js';

export interface Bench {
  name: string;
  description: string;
  run(): Promise<void> | void;
}

const fmt = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });

export const benches: Bench[] = [
  {
    name: 'hold',
    description: 'event engine, classic hold model (target: >= 5 M events/s at P=1,000, >= 3 M at P=100,000)',
    run() {
      for (const pending of [1_000, 100_000]) {
        const events = 4_000_000;
        const best = Math.max(...[0, 1, 2].map((i) => holdModel(pending, events, i + 1).eventsPerS));
        console.log(`P = ${fmt(pending).padStart(7)}: ${fmt(best)} events/s (best of 3 runs of ${fmt(events)} events after warm-up)`);
      }
    },
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
    name: 'channel',
    description: 'channel gain queries, Rician + shadowing + UMa under random waypoint, t += 1 ms (target: >= 5 M/s, flat heap)',
    run() {
      const variants = [
        ['Rician K=4, Gauss-Markov (fD from movement, 3.5 GHz)', { model: 'rician', kFactor: 4, correlation: { type: 'gauss-markov', carrierHz: 3.5e9 } }],
        ['Rician K=4, block fading, Tc = 10 ms', { model: 'rician', kFactor: 4, correlation: { type: 'block', coherenceTimeS: 0.01 } }],
      ] as const;
      for (const [label, fading] of variants) {
        channelQueries(1_000_000, fading); // warm-up
        const best = Math.max(...[1, 2, 3].map((seed) => channelQueries(2_000_000, fading, 0.001, seed).queriesPerS));
        console.log(`${label}: ${fmt(best)} queries/s (best of 3 runs of 2,000,000)`);
        const small = channelQueries(1_000_000, fading);
        const large = channelQueries(10_000_000, fading);
        console.log(`  heap after 1e6 queries (1,000 s simulated): ${small.heapMiB.toFixed(2)} MiB; after 1e7 (10,000 s): ${large.heapMiB.toFixed(2)} MiB`);
      }
    },
  },
];
