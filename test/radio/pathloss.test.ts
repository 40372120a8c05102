import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { createMobility } from '../../src/mobility/registry.js';
import { Channel } from '../../src/radio/channel.js';
import { FreeSpacePathLoss } from '../../src/radio/free-space-path-loss.js';
import { PaperPathLoss } from '../../src/radio/paper-path-loss.js';
import { gainFromLossDb } from '../../src/radio/pathloss.js';
import { UmaPathLoss } from '../../src/radio/uma-path-loss.js';
import { UmiStreetCanyonPathLoss } from '../../src/radio/umi-street-canyon-path-loss.js';
import { createFading, createPathLoss, createShadowing } from '../../src/radio/registry.js';
import { InputError } from '../../src/engine/input-error.js';

const geo = (d: number, hUt: number, hBs: number, losUniform?: number) => ({ distance2dM: d, userHeightM: hUt, serverHeightM: hBs, losUniform });
const lg = Math.log10;

describe('paper path loss', () => {
  it('is 128.1 dB at 1 km and adds 37.6 dB per decade', () => {
    const pl = new PaperPathLoss();
    expect(pl.lossDb(geo(1000, 0, 0))).toBeCloseTo(128.1, 12);
    expect(pl.lossDb(geo(100, 0, 0))).toBeCloseTo(128.1 - 37.6, 12);
    expect(pl.lossDb(geo(1, 0, 0))).toBeCloseTo(128.1 - 2 * 37.6, 12); // clamped at 10 m
    expect(gainFromLossDb(128.1)).toBeCloseTo(1.5488166e-13, 18);
  });
  it('keeps the old factory signature working', () => {
    expect(createPathLoss({ model: 'paper' }).lossDb(geo(1000, 0, 0))).toBeCloseTo(128.1, 12);
  });
});

describe('free-space path loss', () => {
  it('equals 20 log10(4 pi d f / c)', () => {
    const pl = new FreeSpacePathLoss(2.4e9, 1, 0, 0);
    // 4 pi 100 2.4e9 / 299792458 = 10060.0... -> 80.0520 dB
    expect(pl.lossDb(geo(100, 0, 0))).toBeCloseTo(20 * lg((4 * Math.PI * 100 * 2.4e9) / 299792458), 12);
    expect(pl.lossDb(geo(100, 0, 0))).toBeCloseTo(80.052, 3);
    expect(pl.lossDb(geo(200, 0, 0)) - pl.lossDb(geo(100, 0, 0))).toBeCloseTo(20 * lg(2), 12);
  });
});

describe('3GPP TR 38.901 UMi street canyon', () => {
  // f_c = 3.5 GHz, h_BS = 10 m, h_UT = 1.5 m: d'_BP = 4 * 9 * 0.5 * 3.5e9 / 3e8 = 210 m.
  const los = new UmiStreetCanyonPathLoss(3.5e9, 1.5, 10, 'los');
  const nlos = new UmiStreetCanyonPathLoss(3.5e9, 1.5, 10, 'nlos');
  it('has the breakpoint with effective heights', () => {
    expect(los.breakpointDistanceM).toBeCloseTo(210, 9);
  });
  it('LOS before and after the breakpoint', () => {
    const d3a = Math.sqrt(100 * 100 + 8.5 * 8.5);
    expect(los.lossDb(geo(100, 1.5, 10))).toBeCloseTo(32.4 + 21 * lg(d3a) + 20 * lg(3.5), 10);
    const d3b = Math.sqrt(500 * 500 + 8.5 * 8.5);
    expect(los.lossDb(geo(500, 1.5, 10))).toBeCloseTo(32.4 + 40 * lg(d3b) + 20 * lg(3.5) - 9.5 * lg(210 * 210 + 8.5 * 8.5), 10);
    // 100 m: 32.4 + 42.0330 + 10.8814 = 85.31 dB
    expect(los.lossDb(geo(100, 1.5, 10))).toBeCloseTo(85.31, 2);
  });
  it('NLOS is the larger of the LOS and NLOS formulas', () => {
    const d3 = Math.sqrt(300 * 300 + 8.5 * 8.5);
    const losDb = 32.4 + 40 * lg(d3) + 20 * lg(3.5) - 9.5 * lg(210 * 210 + 8.5 * 8.5);
    const nlosDb = 35.3 * lg(d3) + 22.4 + 21.3 * lg(3.5);
    expect(nlos.lossDb(geo(300, 1.5, 10))).toBeCloseTo(Math.max(losDb, nlosDb), 10);
    expect(nlos.lossDb(geo(300, 1.5, 10))).toBeGreaterThan(los.lossDb(geo(300, 1.5, 10)));
  });
  it('clamps below 10 m', () => {
    expect(los.lossDb(geo(2, 1.5, 10))).toBe(los.lossDb(geo(10, 1.5, 10)));
  });
  it('LOS probability follows Table 7.4.2-1', () => {
    expect(los.losProbability(10)).toBe(1);
    expect(los.losProbability(18)).toBe(1);
    expect(los.losProbability(50)).toBeCloseTo(18 / 50 + Math.exp(-50 / 36) * (1 - 18 / 50), 14);
    expect(los.losProbability(50)).toBeCloseTo(0.5196, 4);
  });
});

describe('3GPP TR 38.901 UMa', () => {
  // f_c = 3.5 GHz, h_BS = 25 m, h_UT = 1.5 m: d'_BP = 4 * 24 * 0.5 * 3.5e9 / 3e8 = 560 m.
  const los = new UmaPathLoss(3.5e9, 1.5, 25, 'los');
  const nlos = new UmaPathLoss(3.5e9, 1.5, 25, 'nlos');
  it('LOS before and after the breakpoint, NLOS as a maximum', () => {
    expect(los.breakpointDistanceM).toBeCloseTo(560, 9);
    const d3a = Math.sqrt(300 * 300 + 23.5 * 23.5);
    expect(los.lossDb(geo(300, 1.5, 25))).toBeCloseTo(28 + 22 * lg(d3a) + 20 * lg(3.5), 10);
    const d3b = Math.sqrt(1000 * 1000 + 23.5 * 23.5);
    const los2 = 28 + 40 * lg(d3b) + 20 * lg(3.5) - 9 * lg(560 * 560 + 23.5 * 23.5);
    expect(los.lossDb(geo(1000, 1.5, 25))).toBeCloseTo(los2, 10);
    expect(nlos.lossDb(geo(1000, 1.5, 25))).toBeCloseTo(Math.max(los2, 13.54 + 39.08 * lg(d3b) + 20 * lg(3.5)), 10);
  });
  it('the user height enters NLOS and the LOS probability', () => {
    const tall = new UmaPathLoss(3.5e9, 20, 25, 'nlos');
    const d3 = Math.sqrt(200 * 200 + 5 * 5);
    const bp = (4 * 24 * 19 * 3.5e9) / 3e8;
    expect(bp).toBeGreaterThan(200);
    const losDb = 28 + 22 * lg(d3) + 20 * lg(3.5);
    expect(tall.lossDb(geo(200, 20, 25))).toBeCloseTo(Math.max(losDb, 13.54 + 39.08 * lg(d3) + 20 * lg(3.5) - 0.6 * 18.5), 10);
    const c = Math.pow(0.7, 1.5);
    const base = 18 / 200 + Math.exp(-200 / 63) * (1 - 18 / 200);
    expect(tall.losProbability(200, 20)).toBeCloseTo(base * (1 + c * 1.25 * 8 * Math.exp(-200 / 150)), 14);
    expect(los.losProbability(200)).toBeCloseTo(base, 14);
  });
});

describe('probabilistic LOS through the channel', () => {
  for (const [name, model] of [
    ['umi-street-canyon', 60],
    ['uma', 120],
  ] as const) {
    it(`${name}: the LOS fraction over many links matches P_LOS(d)`, () => {
      const n = 4000;
      const d = model;
      const streams = new RandomStreams(7);
      const pathLoss = createPathLoss({ model: name, carrierHz: 3.5e9 });
      const users = Array.from({ length: n }, (_, user) =>
        createMobility({ model: 'static', x: d, y: 0 }, streams, { user, area: { widthM: 1000, heightM: 1000 } }),
      );
      const channel = new Channel({
        pathLoss,
        shadowing: createShadowing({ model: 'none' }, streams),
        fading: createFading({ model: 'none' }, streams),
        servers: [{ xM: 0, yM: 0 }],
        users,
        streams,
      });
      const losOnly = name === 'uma' ? new UmaPathLoss(3.5e9, 1.5, 25, 'los') : new UmiStreetCanyonPathLoss(3.5e9, 1.5, 10, 'los');
      const losDb = losOnly.lossDb(geo(d, 1.5, pathLoss.serverHeightM));
      let losCount = 0;
      for (let u = 0; u < n; u++) {
        const pl = channel.pathLossDb(u, 0, 0);
        if (Math.abs(pl - losDb) < 1e-9) losCount++;
        // The state is kept: later queries give the same loss.
        expect(channel.pathLossDb(u, 0, 5)).toBe(pl);
      }
      const p = losOnly.losProbability(d);
      expect(Math.abs(losCount / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
      expect(streams.names()).toContain('los/u17/s0');
    });
  }
});

describe('path loss configuration', () => {
  it('rejects unknown fields and bad values with the field path', () => {
    expect(() => createPathLoss({ model: 'uma', carrier: 3e9 } as never)).toThrow(InputError);
    expect(() => createPathLoss({ model: 'uma', userHeightM: 40 })).toThrow(/radio\.pathLoss\.userHeightM/);
    expect(() => createPathLoss({ model: 'nope' } as never)).toThrow(/radio\.pathLoss\.model/);
  });
});
