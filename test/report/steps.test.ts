import { describe, expect, it } from 'vitest';
import { traceMetrics } from '../../src/campaign/execute.js';
import { intervalRows, stepRows } from '../../src/report/figures.js';

describe('objective traces as metrics and as plot rows', () => {
  it('records the trace relative to its start, zero-padded, holding the last value', () => {
    expect(traceMetrics([4, 3, 2], 10)).toEqual({
      traceSteps: 2,
      objectiveStep00: 1,
      objectiveStep01: 0.75,
      objectiveStep02: 0.5,
      ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`objectiveStep${String(i + 3).padStart(2, '0')}`, 0.5])),
    });
    expect(Object.keys(traceMetrics([1], 3))).toEqual(['traceSteps', 'objectiveStep0', 'objectiveStep1', 'objectiveStep2', 'objectiveStep3']);
  });

  it('long rows end at the last step any run of the series moved; means per step are over the runs', () => {
    const run = (servers: number, trace: number[]) => ({ servers, seed: 1, ...traceMetrics(trace, 5) });
    const rows = [run(2, [1, 0.9, 0.8, 0.7]), run(2, [1, 0.95]), run(4, [1, 0.5]), run(4, [1])];
    const long = stepRows(rows, 'objectiveStep', 'servers');
    expect(long.filter((r) => r.servers === 2).map((r) => r.step)).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    expect(long.filter((r) => r.servers === 4).map((r) => r.step)).toEqual([0, 1, 0, 1]);
    const points = intervalRows(long, 'step', 'objectiveStep', 'servers');
    const at = (s: string, k: number) => points.find((p) => p.series === s && p.x === k)!.mean;
    expect(at('2', 3)).toBeCloseTo((0.7 + 0.95) / 2, 15);
    expect(at('4', 1)).toBeCloseTo(0.75, 15);
    expect(points.length).toBe(6);
  });

  it('names the missing family', () => {
    expect(() => stepRows([{ objective: 1 }], 'objectiveStep')).toThrow(/no step columns "objectiveStep<k>"/);
  });
});
