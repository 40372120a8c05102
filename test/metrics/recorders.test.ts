import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import {
  EpochCostTally,
  iterationColumns,
  measuredIterationCost,
  SummaryAccumulator,
  type IterationRecord,
} from '../../src/metrics/recorders.js';
import { jainIndex, nearestRankOfSorted } from '../../src/metrics/stats.js';
import { randomIteration } from './fixtures.js';

describe('SummaryAccumulator', () => {
  it('agrees with statistics computed from the stored records', () => {
    const rng = new RandomStreams(1).stream('test/records');
    const acc = new SummaryAccumulator(6); // user 5 never finishes
    const records: IterationRecord[] = [];
    const next = [0, 0, 0, 0, 0];
    for (let i = 0; i < 20_000; i++) {
      const user = rng.integer(0, 4) === 4 && rng.next() < 0.5 ? 4 : rng.integer(0, 3);
      const r = randomIteration(rng, user, next[user]++, i * 0.5);
      records.push(r);
      acc.addIteration(r);
    }
    acc.addEpoch({ index: 0, timeS: 0, allocator: 'x', solveWallS: 0.2, predictedObjective: 1, realisedCost: 1, iterations: 1, handovers: 3 });
    acc.addEpoch({ index: 1, timeS: 100, allocator: 'x', solveWallS: 0.4, predictedObjective: 1, realisedCost: 1, iterations: 1, handovers: 2 });
    const s = acc.summary();
    const delays = Float64Array.from(records, (r) => r.totalDelayS).sort();
    const meanDelay = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(s.iterations).toBe(20_000);
    expect(s.delay.meanS).toBeCloseTo(meanDelay, 9);
    for (const [p, got] of [[0.5, s.delay.p50S], [0.95, s.delay.p95S], [0.99, s.delay.p99S]] as const) {
      expect(Math.abs(got / nearestRankOfSorted(delays, p) - 1)).toBeLessThanOrEqual(0.005 * (1 + 1e-9));
    }
    const sum = (f: (r: IterationRecord) => number): number => records.reduce((a, r) => a + f(r), 0);
    expect(s.energyTotalsJ.edge).toBeCloseTo(sum((r) => r.edgeJ), 6);
    expect(s.energyTotalsJ.total).toBeCloseTo(sum((r) => r.deviceComputeJ + r.txJ + r.edgeJ), 6);
    expect(s.stageMeansS.uplinkS).toBeCloseTo(sum((r) => r.uplinkS) / records.length, 9);
    const span = Math.max(...records.map((r) => r.endS)) - Math.min(...records.map((r) => r.startS));
    expect(s.spanS).toBeCloseTo(span, 9);
    expect(s.throughputPerS).toBeCloseTo(20_000 / span, 9);
    const perUser = [0, 1, 2, 3, 4, 5].map((u) => records.filter((r) => r.user === u).length / span);
    expect(s.jainThroughput).toBeCloseTo(jainIndex(perUser), 12);
    expect(s.handovers).toBe(5);
    expect(s.epochs).toBe(2);
    expect(s.solveWallMeanS).toBeCloseTo(0.3, 12);
  });
});

describe('EpochCostTally', () => {
  it("sums each user's mean measured cost, the quantity the allocator predicts", () => {
    const rng = new RandomStreams(2).stream('test/tally');
    const w = { time: 2, energy: 0.5 };
    const tally = new EpochCostTally(w);
    const a = [randomIteration(rng, 0, 0, 0), randomIteration(rng, 0, 1, 10)];
    const b = [randomIteration(rng, 1, 0, 0)];
    [...a, ...b].forEach((r) => tally.add(r));
    const cost = (r: IterationRecord): number => 2 * (r.deviceComputeS + r.deviceBackwardS + r.edgeWaitS + r.edgeComputeS) + 0.5 * (r.deviceComputeJ + r.txJ + r.edgeJ);
    expect(tally.realisedCost()).toBeCloseTo((cost(a[0]) + cost(a[1])) / 2 + cost(b[0]), 12);
    expect(measuredIterationCost(b[0], w, true)).toBeCloseTo(cost(b[0]) + 2 * b[0].uplinkS, 12);
    expect(tally.iterations).toBe(3);
  });
});

describe('iteration columns', () => {
  it('name every field of the record once', () => {
    const rng = new RandomStreams(3).stream('test/cols');
    const r = randomIteration(rng, 0, 0, 0);
    expect([...iterationColumns].sort()).toEqual(Object.keys(r).sort());
  });
});
