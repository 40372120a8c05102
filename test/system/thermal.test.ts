import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../src/engine/simulator.js';
import { Thermal, type ThermalConfig } from '../../src/system/thermal.js';

const cfg: ThermalConfig = {
  heatCapacityJPerK: 60,
  thermalResistanceKPerW: 5,
  ambientC: 25,
  initialC: 25,
  levels: [
    { aboveC: 38, maxFreqFraction: 0.8 },
    { aboveC: 42, maxFreqFraction: 0.6 },
    { aboveC: 46, maxFreqFraction: 0.4 },
  ],
  hysteresisC: 2,
};

/** The step response of a first-order system from the ambient, written out independently of the model. */
const stepC = (P: number, t: number): number => 25 + P * 5 * (1 - Math.exp(-t / (5 * 60)));

describe('thermal model', () => {
  it('under constant power follows T(t) = Ta + P·R·(1 − exp(−t/(R·C))) (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 20, noNaN: true }), fc.array(fc.double({ min: 0, max: 5000, noNaN: true }), { minLength: 1, maxLength: 8 }), (P, times) => {
        const sim = new Simulator();
        const th = new Thermal(sim, { ...cfg, levels: [{ aboveC: 1e3 - 1, maxFreqFraction: 0.5 }] }, () => {});
        th.setPower(P);
        const seen: [number, number][] = [];
        for (const t of times) sim.scheduleAt(t, () => seen.push([t, th.nowC()]));
        sim.run({ until: 6000 });
        for (const [t, T] of seen) expect(Math.abs(T - stepC(P, t))).toBeLessThanOrEqual(1e-9 * Math.max(1, T));
      }),
    );
  });

  it('the governor lowers the cap when each threshold is reached, at the closed-form times', () => {
    const sim = new Simulator();
    const caps: [number, number][] = [];
    const th = new Thermal(sim, cfg, (f) => caps.push([sim.now, f]));
    const P = 5; // steady state 50 °C: every threshold is crossed
    th.setPower(P);
    sim.run({ until: 10_000 });
    const crossS = (theta: number): number => -300 * Math.log(1 - (theta - 25) / (P * 5));
    expect(caps.map(([, f]) => f)).toEqual([0.8, 0.6, 0.4]);
    [38, 42, 46].forEach((theta, k) => expect(caps[k][0]).toBeCloseTo(crossS(theta), 6));
  });

  it('cooling releases each level the hysteresis below its threshold', () => {
    const sim = new Simulator();
    const caps: [number, number][] = [];
    const th = new Thermal(sim, { ...cfg, initialC: 47 }, (f) => caps.push([sim.now, f]));
    expect(th.fraction()).toBe(0.4);
    th.setPower(0);
    sim.run({ until: 10_000 });
    // From 47 °C with no power: T(t) = 25 + 22·exp(−t/300).
    const releaseS = (theta: number): number => -300 * Math.log((theta - 2 - 25) / 22);
    expect(caps.map(([, f]) => f)).toEqual([0.6, 0.8, 1]);
    [46, 42, 38].forEach((theta, k) => expect(caps[k][0]).toBeCloseTo(releaseS(theta), 6));
  });
});
