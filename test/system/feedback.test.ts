/**
 * The realised cost an allocator hears about its earlier decisions
 * (AllocatorContext.feedback, then the end feedback given to `close`),
 * checked against a recomputation from the run's own iteration records.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocators } from '../../src/allocation/allocators.js';
import { evaluate } from '../../src/allocation/objective.js';
import type { AllocationFeedback, Allocator } from '../../src/allocation/types.js';
import { measuredIterationCost, type EpochRecord, type IterationRecord } from '../../src/metrics/recorders.js';
import { parseTopology } from '../../src/scenario/load.js';
import { runSimulation, type AllocationCall } from '../../src/scenario/simulate.js';
import { repoRoot } from '../helpers/cli.js';

/** small.json with a few iterations per user, so decisions are superseded while their iterations run. */
function busyTopology(epochS: number, horizonS: number) {
  const doc = JSON.parse(readFileSync(join(repoRoot, 'topologies/small.json'), 'utf8'));
  for (const g of doc.users) g.jobs = { arrivals: { kind: 'at-start', jobs: 1 }, iterationsPerJob: 3 };
  doc.simulation = { horizonS, epochS, users: 'all' };
  return parseTopology(JSON.stringify(doc), 'small.json');
}

/** strongest-server, recording the feedback of every call and of `close`. */
function recording(): { allocator: Allocator; heard: AllocationFeedback[][]; calls: number } {
  const inner = allocators['strongest-server'].create();
  const log = { heard: [] as AllocationFeedback[][], calls: 0 };
  const allocator: Allocator = {
    name: 'recording',
    decide(snapshot, context) {
      log.calls++;
      log.heard.push([...(context.feedback ?? [])]);
      return inner.decide(snapshot, context);
    },
  };
  return { allocator, get heard() { return log.heard; }, get calls() { return log.calls; } };
}

async function recordedRun(epochS: number, horizonS: number) {
  const rec = recording();
  const calls: AllocationCall[] = [];
  const iterations: IterationRecord[] = [];
  const epochs: EpochRecord[] = [];
  const result = await runSimulation({
    topology: busyTopology(epochS, horizonS),
    allocatorObject: rec.allocator,
    onAllocation: (c) => calls.push(c),
    onIteration: (r) => iterations.push(r),
    onEpoch: (e) => epochs.push(e),
  });
  return { rec, calls, iterations, epochs, result };
}

/** Each call's realised cost per snapshot user, recomputed from the iteration records: mean measured cost of the user's iterations plus its stability term. */
function expectedPerUser(call: AllocationCall, iterations: readonly IterationRecord[]): number[] {
  const stability = evaluate(call.snapshot, call.decision).perUser.map((u) => u.stabilityBound);
  return call.users.map((n, k) => {
    const mine = iterations.filter((r) => r.epoch === call.index && r.user === n);
    if (mine.length === 0) return 0;
    const mean = mine.reduce((a, r) => a + measuredIterationCost(r, call.snapshot.weights, call.snapshot.includeAirtime), 0) / mine.length;
    return mean + call.snapshot.weights.stability * stability[k];
  });
}

describe('allocators hear the realised cost of their earlier decisions', () => {
  it('every call appears once, in order, with the cost of the iterations it governed; the totals add up to the run', async () => {
    const { rec, calls, iterations, epochs, result } = await recordedRun(4000, 40_000);
    expect(rec.calls).toBeGreaterThan(3);
    // Iterations outlive the epoch that started them here, so feedback is late for some calls.
    expect(rec.heard.some((h, i) => i > 0 && h.length === 0)).toBe(true);
    const delivered = [...rec.heard.flat(), ...result.endFeedback];
    expect(delivered.map((f) => f.epoch)).toEqual(calls.map((c) => c.index));
    // Nothing arrives before it is known: call i hears only of earlier calls.
    rec.heard.forEach((h, i) => h.forEach((f) => expect(f.epoch).toBeLessThan(i)));
    let runTotal = 0;
    for (const f of delivered) {
      const call = calls[f.epoch];
      const governed = iterations.filter((r) => r.epoch === f.epoch);
      expect(f.iterations).toBe(governed.length);
      const want = expectedPerUser(call, iterations);
      expect(f.perUser).toHaveLength(call.users.length);
      f.perUser.forEach((c, k) => expect(c).toBeCloseTo(want[k], 12));
      expect(f.total).toBeCloseTo(want.reduce((a, b) => a + b, 0), 12);
      runTotal += f.total;
    }
    // An iteration governed by epoch k counts in k's feedback, and only there.
    expect(delivered.reduce((a, f) => a + f.iterations, 0)).toBe(iterations.length);
    const recorded = epochs.reduce((a, e) => a + (e.iterations === 0 ? 0 : e.realisedCost), 0);
    expect(runTotal).toBe(recorded);
    expect(runTotal).toBeGreaterThan(0);
  });

  it('a call hears of a decision only once no iteration it governed is still running, and as soon as that is so', async () => {
    // A horizon every iteration finishes within: the records then show every iteration that ever ran.
    const { rec, calls, iterations, result } = await recordedRun(50_000, 1_000_000);
    expect(result.counts.inFlight).toBe(0);
    expect(iterations.length).toBe(12);
    const lastEnd = (epoch: number): number => Math.max(-Infinity, ...iterations.filter((r) => r.epoch === epoch).map((r) => r.endS));
    rec.heard.forEach((h, i) => {
      const t = calls[i].snapshot.timeS;
      for (const f of h) expect(lastEnd(f.epoch)).toBeLessThanOrEqual(t);
    });
    // A superseded decision is heard of by call i at the latest once no iteration of it or of an earlier call (feedback keeps call order) is running.
    calls.forEach((c, i) => {
      const heardBy = rec.heard.slice(0, i + 1).flat().map((f) => f.epoch);
      for (let k = 0; k < i; k++) {
        // An iteration ending at the very instant of the call may still finish after it.
        const running = iterations.some((r) => r.epoch <= k && r.endS >= c.snapshot.timeS);
        if (!running) expect(heardBy).toContain(k);
      }
    });
  });
});
