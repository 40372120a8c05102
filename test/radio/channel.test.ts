import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { createMobility } from '../../src/mobility/registry.js';
import { Channel } from '../../src/radio/channel.js';
import { fdmaRateBps } from '../../src/radio/fdma-rate.js';
import { gainFromLossDb } from '../../src/radio/pathloss.js';
import { createFading, createPathLoss, createShadowing } from '../../src/radio/registry.js';

const area = { widthM: 500, heightM: 500 };

function build(seed: number) {
  const streams = new RandomStreams(seed);
  const users = [0, 1].map((user) =>
    createMobility({ model: 'random-waypoint', minSpeedMps: 1, maxSpeedMps: 10, maxPauseS: 5 }, streams, { user, area }),
  );
  const channel = new Channel({
    pathLoss: createPathLoss({ model: 'uma' }),
    shadowing: createShadowing({ model: 'log-normal', sigmaDb: 6, decorrelationDistanceM: 37 }, streams),
    fading: createFading({ model: 'rician', kFactor: 4, correlation: { type: 'gauss-markov', carrierHz: 3.5e9 } }, streams),
    servers: [
      { xM: 100, yM: 100 },
      { xM: 400, yM: 300 },
    ],
    users,
    streams,
  });
  return { streams, users, channel };
}

describe('channel composition', () => {
  it('gain = path loss x shadowing x fading, each from its own stream', () => {
    const streams = new RandomStreams(4);
    const users = [0, 1].map((user) =>
      createMobility({ model: 'random-waypoint', minSpeedMps: 1, maxSpeedMps: 10, maxPauseS: 5 }, streams, { user, area }),
    );
    const pathLoss = createPathLoss({ model: 'uma' });
    const servers = [
      { xM: 100, yM: 100 },
      { xM: 400, yM: 300 },
    ];
    const shadowingCfg = { model: 'log-normal', sigmaDb: 6, decorrelationDistanceM: 37 } as const;
    const fadingCfg = { model: 'rician', kFactor: 4, correlation: { type: 'gauss-markov', carrierHz: 3.5e9 } } as const;
    const channel = new Channel({
      pathLoss,
      shadowing: createShadowing(shadowingCfg, streams),
      fading: createFading(fadingCfg, streams),
      servers,
      users,
      streams,
    });
    // Independent copies of the parts, fed by the same named streams.
    const ref = new RandomStreams(4);
    const refUser = createMobility({ model: 'random-waypoint', minSpeedMps: 1, maxSpeedMps: 10, maxPauseS: 5 }, ref, { user: 1, area });
    const sh = createShadowing(shadowingCfg, ref).link(1, 0);
    const fa = createFading(fadingCfg, ref).link(1, 0);
    const los = ref.stream('los/u1/s0').next();
    for (let k = 0; k < 200; k++) {
      const t = k * 0.37;
      const p = refUser.position(t);
      const d = refUser.distance(t);
      const plDb = pathLoss.lossDb({ distance2dM: Math.hypot(p.xM - 100, p.yM - 100), userHeightM: 1.5, serverHeightM: 25, losUniform: los });
      const large = gainFromLossDb(plDb) * Math.pow(10, sh.valueDb(d) / 10);
      expect(channel.largeScaleGain(1, 0, t) / large).toBeCloseTo(1, 12);
      expect(channel.gain(1, 0, t) / large).toBeCloseTo(fa.power(t, d), 12);
      expect(channel.pathLossDb(1, 0, t)).toBeCloseTo(plDb, 12);
    }
    expect(streams.names()).toEqual(expect.arrayContaining(['fading/u1/s0', 'shadowing/u1/s0', 'los/u1/s0']));
    expect(streams.names()).not.toContain('fading/u0/s1');
  });

  it('is reproducible: same seed, same gains; links do not disturb one another', () => {
    const a = build(11).channel;
    const b = build(11).channel;
    const ga: number[] = [];
    const gb: number[] = [];
    for (let k = 0; k < 100; k++) {
      ga.push(a.gain(0, 1, k * 0.1));
      a.gain(1, 0, k * 0.1); // an extra link in a only
      gb.push(b.gain(0, 1, k * 0.1));
    }
    expect(ga).toEqual(gb);
  });

  it('gain and largeScaleGain of a link at one time share one large-scale evaluation, bit for bit what each gives alone', () => {
    const make = () => {
      const streams = new RandomStreams(21);
      const users = [0, 1].map((user) =>
        createMobility({ model: 'random-waypoint', minSpeedMps: 1, maxSpeedMps: 14, maxPauseS: 5 }, streams, { user, area }),
      );
      return new Channel({
        pathLoss: createPathLoss({ model: 'umi-street-canyon', carrierHz: 3.5e9, los: 'probabilistic' }),
        shadowing: createShadowing({ model: 'log-normal', sigmaDb: 7.82, decorrelationDistanceM: 13, interSiteCorrelation: 0.5, sinusoids: 32 }, streams),
        fading: createFading({ model: 'rician', kFactor: 4, correlation: { type: 'block', coherenceTimeS: 0.025 } }, streams),
        servers: [
          { xM: 100, yM: 100 },
          { xM: 400, yM: 300 },
        ],
        users,
        streams,
      });
    };
    const links = [
      [0, 0],
      [0, 1],
      [1, 1],
    ] as const;
    const both = make();
    // One channel per link and kind of query, so nothing is shared with the other links' queries.
    const largeOnly = links.map(make);
    const gainOnly = links.map(make);
    for (let k = 0; k < 300; k++) {
      const t = k * 0.1;
      links.forEach(([n, m], j) => {
        const g = both.gain(n, m, t);
        const large = both.largeScaleGain(n, m, t);
        expect(large).toBe(largeOnly[j].largeScaleGain(n, m, t));
        expect(g).toBe(gainOnly[j].gain(n, m, t));
        expect(both.gain(n, m, t)).toBe(g);
      });
    }
  });

  it('refuses a query earlier than the last one of the link, and bad indices', () => {
    const { channel } = build(1);
    channel.gain(0, 0, 5);
    expect(channel.gain(0, 1, 1)).toBeGreaterThan(0); // another link may be behind
    expect(() => channel.gain(0, 0, 4)).toThrow(RangeError);
    expect(() => channel.gain(2, 0, 6)).toThrow(/no user 2/);
    expect(() => channel.gain(0, 2, 6)).toThrow(/no server 2/);
  });
});

describe('FDMA rate', () => {
  it('is b log2(1 + g p / (N0 b))', () => {
    // SNR = 1e-10 * 1 / (1e-17 * 1e6) = 10.
    expect(fdmaRateBps(1e6, 1e-10, 1, 1e-17)).toBeCloseTo(1e6 * Math.log2(11), 6);
    expect(fdmaRateBps(0, 1e-10, 1, 1e-17)).toBe(0);
    // Wideband limit: g p / (N0 ln 2).
    expect(fdmaRateBps(1e15, 1e-10, 1, 1e-17) / (1e-10 / (1e-17 * Math.LN2))).toBeCloseTo(1, 4);
  });
});
