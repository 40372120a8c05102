import { edgeThroughput, summaryMemory } from './edge.js';
import { holdModel } from './hold.js';

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
];
