/**
 * Channel.pureInTime, which lets transfers read their rates ahead
 * (src/system/transfer-ahead.ts), against what the channel does: a channel
 * that says it is pure gives every link the same gain at an instant
 * whatever instants were read before and in which order (brute force over
 * shuffled orders); the models that are not pure say so.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { createMobility } from '../../src/mobility/registry.js';
import { Channel } from '../../src/radio/channel.js';
import { createFading, createPathLoss, createShadowing, type ShadowingConfig } from '../../src/radio/registry.js';

type FadingConfig = Parameters<typeof createFading>[0];

function channel(seed: number, shadowing: ShadowingConfig, fading: FadingConfig): Channel {
  const streams = new RandomStreams(seed);
  const area = { widthM: 500, heightM: 500 };
  const users = [0, 1, 2].map((user) => createMobility({ model: 'random-waypoint', minSpeedMps: 1, maxSpeedMps: 20, maxPauseS: 2 }, streams, { user, area }));
  return new Channel({
    pathLoss: createPathLoss({ model: 'umi-street-canyon', carrierHz: 3.5e9, los: 'probabilistic' }),
    shadowing: createShadowing(shadowing, streams),
    fading: createFading(fading, streams),
    servers: [
      { xM: 100, yM: 100 },
      { xM: 400, yM: 300 },
    ],
    users,
    streams,
  });
}

const sinusoidShadowing: ShadowingConfig = { model: 'log-normal', sigmaDb: 8, decorrelationDistanceM: 10, interSiteCorrelation: 0.5, sinusoids: 16 };
const ar1Shadowing: ShadowingConfig = { model: 'log-normal', sigmaDb: 8, decorrelationDistanceM: 10 };
const block: FadingConfig = { model: 'rician', kFactor: 4, correlation: { type: 'block', coherenceTimeS: 0.05 } };
const sos: FadingConfig = { model: 'rayleigh', correlation: { type: 'sum-of-sinusoids', sinusoids: 8 } };
const gaussMarkov: FadingConfig = { model: 'rayleigh', correlation: { type: 'gauss-markov', dopplerHz: 10 } };

describe('Channel.pureInTime', () => {
  it('says which channels are pure', () => {
    expect(channel(1, sinusoidShadowing, block).pureInTime).toBe(true);
    expect(channel(1, sinusoidShadowing, sos).pureInTime).toBe(true);
    expect(channel(1, { model: 'none' }, { model: 'none' }).pureInTime).toBe(true);
    expect(channel(1, ar1Shadowing, block).pureInTime).toBe(false);
    expect(channel(1, sinusoidShadowing, gaussMarkov).pureInTime).toBe(false);
  });

  it('a pure channel gives the same gains in any order of queries (fast-check)', () => {
    const query = fc.record({ user: fc.integer({ min: 0, max: 2 }), server: fc.integer({ min: 0, max: 1 }), t: fc.double({ min: 0, max: 300, noNaN: true }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.boolean(), fc.array(query, { minLength: 1, maxLength: 40 }), (seed, useBlock, queries) => {
        const fading = useBlock ? block : sos;
        const inOrder = channel(seed, sinusoidShadowing, fading);
        const shuffled = channel(seed, sinusoidShadowing, fading);
        const sorted = [...queries].sort((a, b) => a.t - b.t);
        const expected = new Map(sorted.map((q) => [`${q.user}/${q.server}/${q.t}`, [inOrder.gain(q.user, q.server, q.t), inOrder.largeScaleGain(q.user, q.server, q.t)]]));
        for (const q of queries) expect([shuffled.gain(q.user, q.server, q.t), shuffled.largeScaleGain(q.user, q.server, q.t)]).toEqual(expected.get(`${q.user}/${q.server}/${q.t}`));
      }),
      { numRuns: 100 },
    );
  });

  it('a channel that is not pure depends on the instants read before', () => {
    const a = channel(3, sinusoidShadowing, gaussMarkov);
    const b = channel(3, sinusoidShadowing, gaussMarkov);
    for (let t = 0; t < 1; t += 0.01) a.gain(0, 0, t);
    b.gain(0, 0, 0);
    expect(a.gain(0, 0, 1)).not.toBe(b.gain(0, 0, 1));
  });
});
