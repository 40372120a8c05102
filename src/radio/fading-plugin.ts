import { z } from 'zod';
import type { RandomStreams } from '../engine/random.js';
import { pluginOf } from '../engine/registry.js';
import { type Fading, NoFading } from './fading.js';

/** What a fading model may need besides its parameters (only the trace model uses it). */
export interface FadingContext {
  /** Folder a relative trace path is resolved against (the topology file's). */
  baseDir?: string;
  /** The scenario's users and servers, which a trace must cover exactly. */
  userCount?: number;
  serverCount?: number;
}

/** Builds a fading model's registry entry (registry.ts); it draws from the `fading/u<n>/s<m>` streams. */
export const fadingPlugin = pluginOf<[streams: RandomStreams, ctx: FadingContext], Fading>();

/** The Doppler settings the time-correlated fading processes share. */
const dopplerFields = {
  carrierHz: z.number().min(1e6).max(1e12).default(2e9).describe('carrier frequency (Hz) for the Doppler shift'),
  dopplerHz: z
    .number()
    .min(0)
    .max(1e5)
    .optional()
    .describe('fixed maximum Doppler shift (Hz); when absent it follows the user\'s movement'),
};

/** The time correlation of a fading model, shared by all of them. */
export const timeCorrelationSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('block'),
      coherenceTimeS: z.number().min(1e-6).max(1e10).describe('block length (s): constant inside, independent between blocks'),
    }),
    z.strictObject({
      type: z.literal('gauss-markov'),
      ...dopplerFields,
    }),
    z.strictObject({
      type: z.literal('sum-of-sinusoids'),
      ...dopplerFields,
      sinusoids: z.number().int().min(1).max(1024).default(32).describe('sinusoids per real component'),
    }),
  ])
  .default({ type: 'block', coherenceTimeS: 0.01 });

/** The registry's entry: topology `{"model": "none"}`. */
export const noFading = fadingPlugin({
  description: 'no fading (power 1)',
  schema: z.strictObject({ model: z.literal('none') }),
  create: () => new NoFading(),
});
