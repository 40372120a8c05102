import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildNs3Hold, runNs3Hold } from './ns3-hold.js';
import { keepSink, variants } from './hold-split-variants.js';

/**
 * Where the hold model's time per event goes: every variant of
 * hold-split-variants.ts in a child process of its own, repetitions
 * alternating (the order rotates each time) so that a change in machine load
 * touches every variant alike; ns-3's PriorityQueueScheduler runs in the same
 * rotation when it is installed. Events per second of processor time;
 * medians and ranges per variant.
 *
 * `node dist-bench-build/test/bench/hold-split.js [P] [events] [repetitions] [variant substring ...]`
 */
const NS3 = 'ns-3 PriorityQueueScheduler (splitmix64)';

function child(name: string, pending: number, events: number, seed: number): number {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', name, String(pending), String(events), String(seed)], { encoding: 'utf8' });
  return Number(out.trim());
}

const fmt = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  const [, name, p, e, seed] = argv;
  const v = variants[name];
  if (v === undefined) throw new Error(`no variant ${name}`);
  console.log(String(v(Number(p), Number(e), Number(seed))));
  void keepSink();
} else {
  const pending = Number(argv[0] ?? 100_000);
  const events = Number(argv[1] ?? 1_000_000);
  const reps = Number(argv[2] ?? 9);
  const filters = argv.slice(3);
  const names = Object.keys(variants).filter((n) => filters.length === 0 || filters.some((f) => n.includes(f)));
  const ns3 = buildNs3Hold();
  const all = 'binary' in ns3 && (filters.length === 0 || filters.some((f) => 'ns-3'.includes(f) || f === 'ns-3')) ? [...names, NS3] : names;
  const results = new Map<string, number[]>(all.map((n) => [n, []]));
  console.log(`P = ${fmt(pending)}, ${fmt(events)} events after as many of warm-up, ${reps} rotations; load average at start ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < all.length; i++) {
      const name = all[(i + r) % all.length];
      const x = name === NS3 && 'binary' in ns3
        ? runNs3Hold(ns3.binary, pending, events, r + 1, ['ns3::PriorityQueueScheduler'])[0].eventsPerCpuS
        : child(name, pending, events, r + 1);
      results.get(name)!.push(x);
    }
  }
  console.log(`load average at end ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log('| variant | median events/s | ns per event | min | max |');
  console.log('|---|---|---|---|---|');
  for (const [name, xs] of results) {
    const m = median(xs);
    console.log(`| ${name} | ${fmt(m)} | ${(1e9 / m).toFixed(0)} | ${fmt(Math.min(...xs))} | ${fmt(Math.max(...xs))} |`);
  }
  // Paired ratios: each variant against the first one named, rotation by
  // rotation, which cancels a change of load between rotations.
  const [first, ...rest] = all;
  for (const name of rest) {
    const ratios = results.get(name)!.map((x, r) => x / results.get(first)![r]);
    console.log(`${name} / ${first}: median of per-rotation ratios ${median(ratios).toFixed(2)} (range ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`);
  }
}
