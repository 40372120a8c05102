import { z } from 'zod';
import { createFrom, unionSchemaOf } from '../engine/registry.js';
import type { Position } from '../engine/geometry.js';
import { InputError } from '../engine/input-error.js';
import type { RandomStreams } from '../engine/random.js';
import { parseConfig } from '../engine/validate.js';
import { traceFading } from './channel-trace.js';
import type { Fading } from './fading.js';
import { type FadingContext, noFading } from './fading-plugin.js';
import { freeSpacePathLoss } from './free-space-path-loss.js';
import { logNormalShadowing } from './log-normal-shadowing.js';
import { nakagamiFading } from './nakagami-fading.js';
import { paperPathLoss } from './paper-path-loss.js';
import type { PathLoss } from './pathloss.js';
import { rayleighFading } from './rayleigh-fading.js';
import { ricianFading } from './rician-fading.js';
import { noShadowing, type Shadowing } from './shadowing.js';
import { umaPathLoss } from './uma-path-loss.js';
import { umiStreetCanyonPathLoss } from './umi-street-canyon-path-loss.js';

export { timeCorrelationSchema, type FadingContext } from './fading-plugin.js';

/*
 * The radio models by name. A topology's `radio.pathLoss`, `radio.shadowing`
 * and `radio.fading` are `{ "model": NAME, ...parameters }`. Adding a model
 * is one new file (the class and its entry, made with `pathLossPlugin`,
 * `shadowingPlugin` or `fadingPlugin`) and one line in its map here: the
 * topology schema, `mecsim schema`, `mecsim trace --model`, the docs tables
 * (test/docs/model-tables.test.ts) and the tests that go through every model
 * read the maps.
 */

export const pathLossModels = {
  paper: paperPathLoss,
  'free-space': freeSpacePathLoss,
  'umi-street-canyon': umiStreetCanyonPathLoss,
  uma: umaPathLoss,
} as const;

export const pathLossSchema = unionSchemaOf(pathLossModels, 'model');
export type PathLossConfig = z.input<typeof pathLossSchema>;

/**
 * The path-loss models as a topology file names them: without antenna
 * heights, which a topology sets per group (`antennaHeightM`) so the one-shot
 * snapshot and the simulation read them from one place.
 */
const noHeights = { userHeightM: true, serverHeightM: true } as const;
type WithoutHeights<S> =
  S extends z.ZodObject<infer Shape, infer Config> ? z.ZodObject<z.core.util.Flatten<Omit<Shape, keyof typeof noHeights>>, Config> : never;
type TopologyPathLossOption = WithoutHeights<(typeof pathLossModels)[keyof typeof pathLossModels]['schema']>;
export const topologyPathLossSchema = z.discriminatedUnion(
  'model',
  Object.values(pathLossModels).map((m) => (m.schema as z.ZodObject).omit(noHeights)) as [TopologyPathLossOption, ...TopologyPathLossOption[]],
);

/** Builds a path-loss model; bad parameters are an InputError at `where`. */
export function createPathLoss(config: PathLossConfig, where = 'radio.pathLoss', source?: string): PathLoss {
  return createFrom(pathLossModels, 'model', parseConfig(pathLossSchema, config, where, source));
}

export const shadowingModels = {
  none: noShadowing,
  'log-normal': logNormalShadowing,
} as const;

export const shadowingSchema = unionSchemaOf(shadowingModels, 'model');
export type ShadowingConfig = z.input<typeof shadowingSchema>;

/** Builds a shadowing model drawing from `shadowing/u<n>/s<m>` streams. */
export function createShadowing(config: ShadowingConfig, streams: RandomStreams, where = 'radio.shadowing', source?: string, sites?: readonly Position[]): Shadowing {
  const parsed = parseConfig(shadowingSchema, config, where, source);
  try {
    return createFrom(shadowingModels, 'model', parsed, streams, sites);
  } catch (err) {
    if (err instanceof RangeError) throw new InputError(source, where, err.message);
    throw err;
  }
}

/** Small-scale fading models; every one has mean power 1. */
export const fadingModels = {
  none: noFading,
  rayleigh: rayleighFading,
  rician: ricianFading,
  nakagami: nakagamiFading,
  trace: traceFading,
} as const;

export const fadingSchema = unionSchemaOf(fadingModels, 'model');
export type FadingConfig = z.input<typeof fadingSchema>;

/** Builds a fading model drawing from `fading/u<n>/s<m>` streams. */
export function createFading(
  config: FadingConfig,
  streams: RandomStreams,
  where = 'radio.fading',
  source?: string,
  ctx: FadingContext = {},
): Fading {
  return createFrom(fadingModels, 'model', parseConfig(fadingSchema, config, where, source), streams, ctx);
}
