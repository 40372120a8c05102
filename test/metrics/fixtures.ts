import type { RandomStreams } from '../../src/engine/random.js';
import { stageFields, type IterationRecord } from '../../src/metrics/recorders.js';

/** A random but self-consistent iteration: stages add up to the total. */
export function randomIteration(rng: ReturnType<RandomStreams['stream']>, user: number, iteration: number, startS: number): IterationRecord {
  const r: IterationRecord = {
    user,
    iteration,
    epoch: Math.floor(startS / 100),
    server: rng.integer(0, 3),
    alpha: rng.integer(1, 31),
    startS,
    endS: 0,
    deviceWaitS: rng.exponential(1),
    deviceComputeS: rng.uniform(1, 3),
    uplinkS: rng.exponential(2),
    edgeWaitS: rng.next() < 0.3 ? 0 : rng.exponential(1),
    edgeComputeS: rng.uniform(0.5, 1),
    downlinkS: rng.exponential(4),
    deviceBackwardS: 0,
    totalDelayS: 0,
    deviceComputeJ: rng.uniform(1, 10),
    txJ: rng.uniform(0.1, 1),
    edgeJ: rng.uniform(5, 50),
    outageS: 0,
  };
  // Derived rather than drawn, so the stream (and every test built on it) is unchanged.
  r.outageS = r.uplinkS / 4;
  let total = 0;
  for (const f of stageFields) total += r[f];
  r.totalDelayS = total;
  r.endS = startS + total;
  return r;
}
