import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { meanLegLength } from '../../src/mobility/mobility.js';
import { createMobility, type MobilityConfig } from '../../src/mobility/registry.js';
import { RandomWaypointMobility } from '../../src/mobility/random-waypoint-mobility.js';
import { RandomDirectionMobility } from '../../src/mobility/random-direction-mobility.js';

const area = { widthM: 1000, heightM: 600 };
const rwp = { model: 'random-waypoint', minSpeedMps: 1, maxSpeedMps: 20, minPauseS: 0, maxPauseS: 10 } as const;
const rd = (boundary: 'reflect' | 'wrap') =>
  ({ model: 'random-direction', minSpeedMps: 2, maxSpeedMps: 12, meanTravelTimeS: 30, minPauseS: 5, maxPauseS: 15, boundary }) as const;
const gm = { model: 'gauss-markov', alpha: 0.85, meanSpeedMps: 8, speedStdMps: 1, directionStdRad: 0.4, stepS: 1 } as const;

const configs: [string, MobilityConfig][] = [
  ['static', { model: 'static' }],
  ['random-waypoint', rwp],
  ['random-direction reflect', rd('reflect')],
  ['random-direction wrap', rd('wrap')],
  ['gauss-markov', gm],
];

const make = (cfg: MobilityConfig, seed: number, user: number) => createMobility(cfg, new RandomStreams(seed), { user, area });

describe('every mobility model', () => {
  for (const [name, cfg] of configs) {
    it(`${name}: stays in the area, travels at least its displacement, same seed same path in any query order`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 1000 }), fc.array(fc.double({ min: 0, max: 3000, noNaN: true }), { minLength: 1, maxLength: 40 }), (seed, times) => {
          const sorted = [...times].sort((a, b) => a - b);
          const a = make(cfg, seed, 3);
          const b = make(cfg, seed, 3);
          const pa = sorted.map((t) => a.position(t));
          const pb = [...sorted].reverse().map((t) => b.position(t)).reverse();
          expect(pb).toEqual(pa);
          let lastD = 0;
          const p0 = a.position(0);
          for (let i = 0; i < sorted.length; i++) {
            const p = pa[i];
            expect(p.xM).toBeGreaterThanOrEqual(-1e-9);
            expect(p.xM).toBeLessThanOrEqual(area.widthM + 1e-9);
            expect(p.yM).toBeGreaterThanOrEqual(-1e-9);
            expect(p.yM).toBeLessThanOrEqual(area.heightM + 1e-9);
            const d = a.distance(sorted[i]);
            expect(d).toBeGreaterThanOrEqual(lastD - 1e-9);
            lastD = d;
            if (name !== 'random-direction wrap') expect(d + 1e-6).toBeGreaterThanOrEqual(Math.hypot(p.xM - p0.xM, p.yM - p0.yM));
          }
        }),
        { numRuns: 25 },
      );
    });
  }

  it('gives the same position on a leg boundary and after a replay, whatever the query order (found by fast-check)', () => {
    for (const [boundary, seed, times] of [
      ['reflect', 62, [0, 0.29558536832131777, 1953.0702439394324]],
      ['reflect', 710, [0.48192117385196676, 2884.572082764248]],
    ] as const) {
      const a = make(rd(boundary), seed, 3);
      const b = make(rd(boundary), seed, 3);
      const forward = times.map((t) => a.position(t));
      const backward = [...times].reverse().map((t) => b.position(t)).reverse();
      expect(backward).toEqual(forward);
    }
  });

  it('long runs far beyond the kept history replay the same path', () => {
    const a = make(rwp, 5, 0);
    const late = a.position(50_000);
    const early = a.position(10);
    const b = make(rwp, 5, 0);
    expect(b.position(10)).toEqual(early);
    expect(b.position(50_000)).toEqual(late);
  });

  it('static users stay where they are told', () => {
    const s = make({ model: 'static', x: 12, y: 34 }, 1, 0);
    expect(s.position(0)).toEqual({ xM: 12, yM: 34 });
    expect(s.position(1e6)).toEqual({ xM: 12, yM: 34 });
    expect(s.speed(5)).toBe(0);
  });
});

describe('random waypoint starts in its stationary regime', () => {
  it('mean leg length has the closed form (unit square 0.5214, and Monte Carlo)', () => {
    expect(meanLegLength({ widthM: 1, heightM: 1 })).toBeCloseTo(0.521405, 5);
    const s = new RandomStreams(1).stream('test/legs');
    let sum = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) sum += Math.hypot((s.next() - s.next()) * 1000, (s.next() - s.next()) * 600);
    expect(Math.abs(sum / n - meanLegLength(area)) / meanLegLength(area)).toBeLessThan(0.005);
  });

  it('the average speed over many users during the first second equals the stationary mean', () => {
    const users = 4000;
    const expected = RandomWaypointMobility.stationaryMeanSpeed(area, rwp);
    // Speeds uniform in [1, 20]: a naive start would average 10.5 m/s.
    expect(expected).toBeLessThan(8);
    for (const t of [0, 0.5, 1]) {
      let sum = 0;
      let sumSq = 0;
      for (let u = 0; u < users; u++) {
        const v = make(rwp, 21, u).speed(t);
        sum += v;
        sumSq += v * v;
      }
      const m = sum / users;
      const se = Math.sqrt((sumSq / users - m * m) / users);
      expect(Math.abs(m - expected)).toBeLessThan(4 * se);
    }
  });

  it('the long-run time average of one user equals the same mean (ergodic check of the formula)', () => {
    const m = make(rwp, 8, 0);
    const horizon = 400_000;
    const d = m.distance(horizon);
    const expected = RandomWaypointMobility.stationaryMeanSpeed(area, rwp);
    expect(Math.abs(d / horizon - expected) / expected).toBeLessThan(0.03);
  });
});

describe('random direction and Gauss-Markov mean speeds', () => {
  it('random direction: average speed at t = 0 is E[V] E[T]/(E[T]+E[P])', () => {
    const cfg = rd('reflect');
    const p = RandomDirectionMobility.pausedProbability({ ...cfg });
    const expected = ((cfg.minSpeedMps + cfg.maxSpeedMps) / 2) * (1 - p);
    for (const boundary of ['reflect', 'wrap'] as const) {
      let sum = 0;
      for (let u = 0; u < 4000; u++) sum += make(rd(boundary), 4, u).speed(0.5);
      expect(Math.abs(sum / 4000 - expected) / expected).toBeLessThan(0.05);
      const long = make(rd(boundary), 4, 0);
      expect(Math.abs(long.distance(300_000) / 300_000 - expected) / expected).toBeLessThan(0.05);
    }
  });

  it('Gauss-Markov: mean speed is the configured mean', () => {
    const m = make(gm, 3, 0);
    expect(Math.abs(m.distance(100_000) / 100_000 - 8) / 8).toBeLessThan(0.02);
  });
});

describe('mobility configuration', () => {
  it('rejects bad parameters with the field path', () => {
    expect(() => make({ model: 'random-waypoint', minSpeedMps: 5, maxSpeedMps: 1 }, 1, 0)).toThrow(/mobility\.maxSpeedMps/);
    expect(() => make({ model: 'random-waypoint', minSpeedMps: 0, maxSpeedMps: 1 }, 1, 0)).toThrow(/mobility\.minSpeedMps/);
    expect(() => make({ model: 'gauss-markov', alpha: 2, meanSpeedMps: 1 }, 1, 0)).toThrow(/mobility\.alpha/);
    expect(() => make({ model: 'static', z: 1 } as never, 1, 0)).toThrow(/mobility\.z: unknown field/);
  });
});
