import { describe, expect, it } from 'vitest';
import { differences, summarize } from '../../src/campaign/aggregate.js';
import { runKey, type RunResult, type RunSpec } from '../../src/campaign/spec.js';
import { differencesCsv, summaryCsv } from '../../src/campaign/tables.js';

function result(index: number, allocator: string, seed: number, value: number): RunResult {
  const spec: RunSpec = { kind: 'solve', topology: 't.json', overrides: [['weights.time', 1]], allocator, scheduler: null, seed, horizonS: null };
  return { key: runKey(spec), index, spec, metrics: { m: value }, folder: null };
}

// a: 1..5 (mean 3, s^2 = 2.5); b - a = 1, 2, 1, 3, 2 (mean 1.8, s^2 = 0.7); t_{0.975,4} = 2.776445.
const a = [1, 2, 3, 4, 5];
const b = [2, 4, 4, 7, 7];
const results = [...a.map((v, i) => result(i, 'a', i + 1, v)), ...b.map((v, i) => result(5 + i, 'b', i + 1, v))].reverse();

describe('campaign statistics over seeds', () => {
  it('means and Student-t intervals per group (t.test of 1..5: 1.036757 to 4.963243)', () => {
    const [sa, sb] = summarize(results);
    expect(sa.group.allocator).toBe('a');
    expect(sa.n).toBe(5);
    expect(sa.mean).toBe(3);
    expect(sa.halfWidth).toBeCloseTo(2.776445 * Math.sqrt(2.5 / 5), 6);
    expect(sa.lower).toBeCloseTo(1.036757, 5);
    expect(sa.upper).toBeCloseTo(4.963243, 5);
    expect(sb.mean).toBe(4.8);
  });

  it('paired differences against the baseline, seed by seed (t.test of 1,2,1,3,2: 0.76115 to 2.83885)', () => {
    const [d] = differences(results, 'a');
    expect(d.group.allocator).toBe('b');
    expect(d.baseline.allocator).toBe('a');
    expect(d.n).toBe(5);
    expect(d.mean).toBeCloseTo(1.8, 12);
    expect(d.lower).toBeCloseTo(0.76115, 5);
    expect(d.upper).toBeCloseTo(2.83885, 5);
    expect(d.relative).toBeCloseTo(1.8 / 3, 12);
  });

  it('pairs by seed, not by position', () => {
    const shuffled = [...results].sort((x, y) => x.spec.seed - y.spec.seed || x.index - y.index);
    expect(differences(shuffled, 'a')[0].mean).toBeCloseTo(1.8, 12);
  });

  it('writes the same numbers to summary.csv and differences.csv', () => {
    const summary = summaryCsv(results, ['weights.time']).trim().split('\n');
    expect(summary[0]).toBe('weights.time,allocator,scheduler,metric,n,mean,std,level,halfWidth,lower,upper');
    const cells = summary[1].split(',');
    expect(cells.slice(0, 6)).toEqual(['1', 'a', '', 'm', '5', '3']);
    expect(Number(cells[9])).toBeCloseTo(1.036757, 5);
    const diff = differencesCsv(results, ['weights.time'], 'a').trim().split('\n');
    expect(diff).toHaveLength(2);
    expect(diff[1].split(',').slice(0, 7)).toEqual(['1', 'b', '', 'a', '', 'm', '5']);
    expect(Number(diff[1].split(',')[7])).toBeCloseTo(1.8, 12);
  });
});
