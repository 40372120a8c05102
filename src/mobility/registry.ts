import type { z } from 'zod';
import type { RandomStreams } from '../engine/random.js';
import { createFrom, unionSchemaOf } from '../engine/registry.js';
import { parseConfig } from '../engine/validate.js';
import { gaussMarkovMobility } from './gauss-markov-mobility.js';
import type { MobilityModel } from './mobility.js';
import type { MobilityContext } from './mobility-plugin.js';
import { randomDirectionMobility } from './random-direction-mobility.js';
import { randomWaypointMobility } from './random-waypoint-mobility.js';
import { staticMobility } from './static-mobility.js';
import { traceMobility } from './trace-mobility.js';

export type { MobilityContext } from './mobility-plugin.js';

/**
 * Mobility models by name. A user group's `mobility` in a topology is
 * `{ "model": NAME, ...parameters }`; adding a model is one new file (the
 * class and its entry, made with `mobilityPlugin`) and one line here: the
 * topology schema, `mecsim schema`, `mecsim trace --model`, the docs
 * (test/docs/model-tables.test.ts) and the tests over every model read this map.
 */
export const mobilityModels = {
  static: staticMobility,
  'random-waypoint': randomWaypointMobility,
  'random-direction': randomDirectionMobility,
  'gauss-markov': gaussMarkovMobility,
  trace: traceMobility,
} as const;

export const mobilitySchema = unionSchemaOf(mobilityModels, 'model');
export type MobilityConfig = z.input<typeof mobilitySchema>;

/**
 * Builds user `ctx.user`'s mobility model; it draws from the stream
 * `mobility/u<n>` (a fresh copy each time it replays its path). Bad
 * parameters are an InputError at `where`.
 */
export function createMobility(
  config: MobilityConfig,
  streams: RandomStreams,
  ctx: MobilityContext,
  where = 'mobility',
  source?: string,
): MobilityModel {
  return createFrom(mobilityModels, 'model', parseConfig(mobilitySchema, config, where, source), streams, ctx, where, source);
}
