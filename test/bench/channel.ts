import { RandomStreams } from '../../src/engine/random.js';
import { createMobility } from '../../src/mobility/registry.js';
import { Channel } from '../../src/radio/channel.js';
import { createFading, createPathLoss, createShadowing, type FadingConfig, type ShadowingConfig } from '../../src/radio/registry.js';

/**
 * Channel-gain queries on one link (UMa path loss, log-normal shadowing,
 * Rician fading) for a user under random-waypoint mobility, the query time
 * advancing by `stepS` each time. Returns queries per second and the heap in
 * use after the run (after a forced GC when node runs with --expose-gc).
 */
export function channelQueries(
  queries: number,
  fading: FadingConfig,
  stepS = 0.001,
  seed = 1,
  shadowing: ShadowingConfig = { model: 'log-normal', sigmaDb: 6, decorrelationDistanceM: 37 },
): { queriesPerS: number; heapMiB: number; checksum: number } {
  const streams = new RandomStreams(seed);
  const channel = new Channel({
    pathLoss: createPathLoss({ model: 'uma', carrierHz: 3.5e9 }),
    shadowing: createShadowing(shadowing, streams),
    fading: createFading(fading, streams),
    servers: [{ xM: 500, yM: 500 }],
    users: [createMobility({ model: 'random-waypoint', minSpeedMps: 1, maxSpeedMps: 15, maxPauseS: 10 }, streams, { user: 0, area: { widthM: 1000, heightM: 1000 } })],
    streams,
  });
  let checksum = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < queries; i++) checksum += channel.gain(0, 0, i * stepS);
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
  return { queriesPerS: queries / wallS, heapMiB: process.memoryUsage().heapUsed / 2 ** 20, checksum };
}
