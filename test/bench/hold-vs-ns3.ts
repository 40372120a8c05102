import os from 'node:os';
import { holdModel } from './hold.js';
import { buildNs3Hold, NS3_SCHEDULERS, runNs3Hold } from './ns3-hold.js';

const PENDING = [1_000, 100_000];
/** Timed events per run, after a warm-up of as many. */
const EVENTS = 1_000_000;
const SCREEN_EVENTS = 200_000;
const REPETITIONS = 5;
/** ns-3 schedulers within this factor of the fastest in the screening run go on to the repetitions. */
const FINALIST_FACTOR = 2;

const fmt = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function row(pending: number, mecsim: number[], other: Map<string, number[]>, clock: string): string {
  const mecsimMedian = median(mecsim);
  const best = [...other].map(([s, xs]) => ({ s, m: median(xs) })).sort((a, b) => b.m - a.m)[0];
  return best === undefined
    ? `| ${fmt(pending)} | ${clock} | ${fmt(mecsimMedian)} | — | — | — |`
    : `| ${fmt(pending)} | ${clock} | ${fmt(mecsimMedian)} | ${best.s.replace('ns3::', '')} | ${fmt(best.m)} | ${(mecsimMedian / best.m).toFixed(2)} |`;
}

/**
 * mecsim's hold model and ns-3's, in one process tree and alternating, so
 * both see the same machine load. ns-3's schedulers are first screened with
 * short runs (ListScheduler only at P = 1,000: its insertion walks a list of P
 * events, so filling 100,000 would take minutes); those within a factor of
 * two of the fastest then run each repetition next to mecsim. Medians over
 * the repetitions.
 */
export function holdSideBySide(): void {
  const ns3 = buildNs3Hold();
  if ('skipped' in ns3) console.log(ns3.skipped);
  const rows: string[] = [];
  for (const pending of PENDING) {
    let finalists: string[] = [];
    if ('binary' in ns3) {
      const schedulers = NS3_SCHEDULERS.filter((s) => pending <= 10_000 || s !== 'ns3::ListScheduler');
      const screen = runNs3Hold(ns3.binary, pending, SCREEN_EVENTS, 1, schedulers).sort((a, b) => b.eventsPerS - a.eventsPerS);
      console.log(`P = ${fmt(pending)}, ns-3 screening (${fmt(SCREEN_EVENTS)} events): ${screen.map((r) => `${r.scheduler.replace('ns3::', '')} ${fmt(r.eventsPerS)}`).join(', ')}`);
      finalists = screen.filter((r) => r.eventsPerS * FINALIST_FACTOR >= screen[0].eventsPerS).map((r) => r.scheduler);
    }
    const mecsim: number[] = [];
    const mecsimCpu: number[] = [];
    const other = new Map<string, number[]>(finalists.map((s) => [s, []]));
    const otherCpu = new Map<string, number[]>(finalists.map((s) => [s, []]));
    for (let rep = 0; rep < REPETITIONS; rep++) {
      const runMecsim = (): void => {
        const r = holdModel(pending, EVENTS, rep + 1);
        mecsim.push(r.eventsPerS);
        mecsimCpu.push(r.eventsPerCpuS);
      };
      const runNs3 = (): void => {
        if (finalists.length === 0 || !('binary' in ns3)) return;
        for (const r of runNs3Hold(ns3.binary, pending, EVENTS, rep + 1, finalists)) {
          other.get(r.scheduler)!.push(r.eventsPerS);
          otherCpu.get(r.scheduler)!.push(r.eventsPerCpuS);
        }
      };
      // Alternate who goes first so that a drift in load favours neither.
      if (rep % 2 === 0) { runMecsim(); runNs3(); } else { runNs3(); runMecsim(); }
    }
    console.log(`P = ${fmt(pending)}, mecsim runs (wall / processor time): ${mecsim.map(fmt).join(', ')} / ${mecsimCpu.map(fmt).join(', ')}`);
    for (const [s, xs] of other) console.log(`P = ${fmt(pending)}, ${s} runs (wall / processor time): ${xs.map(fmt).join(', ')} / ${otherCpu.get(s)!.map(fmt).join(', ')}`);
    rows.push(row(pending, mecsim, other, 'wall'), row(pending, mecsimCpu, otherCpu, 'processor'));
  }
  console.log(`\nmedians of ${REPETITIONS} alternating runs of ${fmt(EVENTS)} events after a warm-up of as many, per second of wall time and of the process's processor time (on a shared machine wall time also counts waiting for a core); load average now ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}:`);
  console.log('| P | time | mecsim events/s | ns-3 best scheduler | its events/s | ratio |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}
