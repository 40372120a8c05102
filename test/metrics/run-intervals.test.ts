import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { SummaryAccumulator, type IterationRecord } from '../../src/metrics/recorders.js';

function record(i: number, delayS: number, energyJ: number): IterationRecord {
  return {
    user: i % 7, iteration: i, epoch: 0, server: 0, alpha: 1, startS: i, endS: i + delayS,
    deviceWaitS: 0, deviceComputeS: delayS, uplinkS: 0, edgeWaitS: 0, edgeComputeS: 0, downlinkS: 0, deviceBackwardS: 0,
    totalDelayS: delayS, deviceComputeJ: energyJ, txJ: 0, edgeJ: 0, outageS: 0,
  };
}

describe("a single run's batch-means intervals", () => {
  it('are absent below two complete batches, and rest on 20 to 40 batches once there are enough iterations', () => {
    const a = new SummaryAccumulator(7);
    a.addIteration(record(0, 1, 1));
    expect(a.summary().intervals).toEqual({ delayMeanS: null, energyMeanJ: null });
    const s = new RandomStreams(3).stream('test/intervals');
    for (let i = 1; i < 5000; i++) a.addIteration(record(i, s.exponential(0.5), 2 + s.normal()));
    const ci = a.summary().intervals.delayMeanS!;
    expect(ci.batches).toBeGreaterThanOrEqual(20);
    expect(ci.batches).toBeLessThanOrEqual(40);
    expect(ci.lower).toBeLessThan(ci.upper);
    expect(ci.upper - ci.lower).toBeCloseTo(2 * ci.halfWidth, 12);
  });

  it('cover the true mean about 95% of the time (independent exponential delays, mean 2 s; normal energies, mean 2 J)', () => {
    const reps = 400;
    let delayHits = 0;
    let energyHits = 0;
    for (let r = 0; r < reps; r++) {
      const a = new SummaryAccumulator(7);
      const s = new RandomStreams(r).stream('test/coverage');
      for (let i = 0; i < 800; i++) a.addIteration(record(i, s.exponential(0.5), s.normal(2, 1)));
      const { delayMeanS, energyMeanJ } = a.summary().intervals;
      if (delayMeanS!.lower <= 2 && 2 <= delayMeanS!.upper) delayHits++;
      if (energyMeanJ!.lower <= 2 && 2 <= energyMeanJ!.upper) energyHits++;
    }
    // Binomial(400, 0.95): 3 standard deviations either side is about ±3.3%.
    for (const hits of [delayHits, energyHits]) {
      expect(hits / reps).toBeGreaterThan(0.915);
      expect(hits / reps).toBeLessThan(0.985);
    }
  });
});
