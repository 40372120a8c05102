import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { parseConfig } from '../engine/validate.js';
import type { RandomStreams } from '../engine/random.js';
import { readChannelTrace, TraceFading } from './channel-trace.js';
import { type Fading, LawFading, NoFading, type TimeCorrelation } from './fading.js';
import { FreeSpacePathLoss } from './free-space-path-loss.js';
import { LogNormalShadowing } from './log-normal-shadowing.js';
import { NakagamiLaw } from './nakagami-fading.js';
import { RayleighLaw } from './rayleigh-fading.js';
import { RicianLaw } from './rician-fading.js';
import { NoShadowing, type Shadowing } from './shadowing.js';
import { PaperPathLoss } from './paper-path-loss.js';
import type { PathLoss } from './pathloss.js';
import { UmaPathLoss } from './uma-path-loss.js';
import { UmiStreetCanyonPathLoss } from './umi-street-canyon-path-loss.js';

/**
 * Path-loss models by name, with the zod schema of their parameters. A
 * topology's `radio.pathLoss` is `{ "model": NAME, ...parameters }`; adding a
 * model is one new file and one entry here.
 */
const carrierHz = (dflt: number) =>
  z.number().min(0.5e9).max(100e9).default(dflt).describe('carrier frequency (Hz), 0.5-100 GHz');
const losMode = z
  .enum(['los', 'nlos', 'probabilistic'])
  .default('probabilistic')
  .describe('line of sight: always, never, or drawn per link against the Table 7.4.2-1 probability');
const userHeight = z.number().min(1.5).max(22.5).default(1.5).describe('user antenna height (m), 1.5-22.5');

/** The parameters of a TR 38.901 model; the scenarios differ in the server height they assume. */
function threeGppParams<M extends string>(model: M, serverHeightM: number) {
  return z.strictObject({
    model: z.literal(model),
    carrierHz: carrierHz(3.5e9),
    userHeightM: userHeight,
    serverHeightM: z.number().gt(1).max(1000).default(serverHeightM).describe(`server antenna height (m); the standard assumes ${serverHeightM}`),
    los: losMode,
    minDistanceM: z.number().min(0.01).max(1e4).default(10).describe('horizontal distances below this are clamped (m)'),
  });
}

export const pathLossModels = {
  paper: {
    params: z.strictObject({
      model: z.literal('paper'),
      minDistanceM: z.number().min(0.01).max(1e4).default(10).describe('distances below this are clamped (m)'),
      userHeightM: z.number().min(0).max(1000).default(0).describe('user antenna height (m)'),
      serverHeightM: z.number().min(0).max(1000).default(0).describe('server antenna height (m)'),
    }),
    create: (p: { minDistanceM: number; userHeightM: number; serverHeightM: number }): PathLoss =>
      new PaperPathLoss(p.minDistanceM, p.userHeightM, p.serverHeightM),
  },
  'free-space': {
    params: z.strictObject({
      model: z.literal('free-space'),
      carrierHz: z.number().min(1e6).max(1e12).default(2e9).describe('carrier frequency (Hz)'),
      minDistanceM: z.number().min(0.01).max(1e4).default(1).describe('distances below this are clamped (m)'),
      userHeightM: z.number().min(0).max(1000).default(1.5).describe('user antenna height (m)'),
      serverHeightM: z.number().min(0).max(1000).default(10).describe('server antenna height (m)'),
    }),
    create: (p: { carrierHz: number; minDistanceM: number; userHeightM: number; serverHeightM: number }): PathLoss =>
      new FreeSpacePathLoss(p.carrierHz, p.minDistanceM, p.userHeightM, p.serverHeightM),
  },
  'umi-street-canyon': {
    params: threeGppParams('umi-street-canyon', 10),
    create: (p: ThreeGppParams): PathLoss =>
      new UmiStreetCanyonPathLoss(p.carrierHz, p.userHeightM, p.serverHeightM, p.los, p.minDistanceM),
  },
  uma: {
    params: threeGppParams('uma', 25),
    create: (p: ThreeGppParams): PathLoss =>
      new UmaPathLoss(p.carrierHz, p.userHeightM, p.serverHeightM, p.los, p.minDistanceM),
  },
} as const;

interface ThreeGppParams {
  carrierHz: number;
  userHeightM: number;
  serverHeightM: number;
  los: 'los' | 'nlos' | 'probabilistic';
  minDistanceM: number;
}

export const pathLossSchema = z.discriminatedUnion('model', [
  pathLossModels.paper.params,
  pathLossModels['free-space'].params,
  pathLossModels['umi-street-canyon'].params,
  pathLossModels.uma.params,
]);
export type PathLossConfig = z.input<typeof pathLossSchema>;

/**
 * The path-loss models as a topology file names them: without antenna
 * heights, which a topology sets per group (`antennaHeightM`) so the one-shot
 * snapshot and the simulation read them from one place.
 */
const noHeights = { userHeightM: true, serverHeightM: true } as const;
export const topologyPathLossSchema = z.discriminatedUnion('model', [
  pathLossModels.paper.params.omit(noHeights),
  pathLossModels['free-space'].params.omit(noHeights),
  pathLossModels['umi-street-canyon'].params.omit(noHeights),
  pathLossModels.uma.params.omit(noHeights),
]);

/** Builds a path-loss model; bad parameters are an InputError at `where`. */
export function createPathLoss(config: PathLossConfig, where = 'radio.pathLoss', source?: string): PathLoss {
  const p = parseConfig(pathLossSchema, config, where, source);
  switch (p.model) {
    case 'paper':
      return pathLossModels.paper.create(p);
    case 'free-space':
      return pathLossModels['free-space'].create(p);
    case 'umi-street-canyon':
      return pathLossModels['umi-street-canyon'].create(p);
    case 'uma':
      return pathLossModels.uma.create(p);
  }
}

/**
 * Shadowing models by name; a topology's `radio.shadowing`.
 */
export const shadowingModels = {
  none: {
    params: z.strictObject({ model: z.literal('none') }),
    create: (_p: unknown, _streams: RandomStreams): Shadowing => new NoShadowing(),
  },
  'log-normal': {
    params: z.strictObject({
      model: z.literal('log-normal'),
      sigmaDb: z.number().min(0).max(30).describe('standard deviation of the shadowing (dB)'),
      decorrelationDistanceM: z
        .number()
        .min(0.1)
        .max(1e5)
        .default(50)
        .describe('distance (m) over which the correlation falls to 1/e (Gudmundson)'),
      interSiteCorrelation: z
        .number()
        .min(0)
        .max(1)
        .default(0)
        .describe("correlation between a user's links to different servers (3GPP uses 0.5)"),
      sinusoids: z
        .number()
        .int()
        .min(0)
        .max(1024)
        .default(0)
        .describe('0: AR(1) in distance (exact law); K > 0: sum of K sinusoids (pure in distance, exact common random numbers)'),
    }),
    create: (
      p: { sigmaDb: number; decorrelationDistanceM: number; interSiteCorrelation: number; sinusoids: number },
      streams: RandomStreams,
    ): Shadowing => new LogNormalShadowing(p.sigmaDb, p.decorrelationDistanceM, streams, p.interSiteCorrelation, p.sinusoids),
  },
} as const;

export const shadowingSchema = z.discriminatedUnion('model', [
  shadowingModels.none.params,
  shadowingModels['log-normal'].params,
]);
export type ShadowingConfig = z.input<typeof shadowingSchema>;

/** Builds a shadowing model drawing from `shadowing/u<n>/s<m>` streams. */
export function createShadowing(config: ShadowingConfig, streams: RandomStreams, where = 'radio.shadowing', source?: string): Shadowing {
  const p = parseConfig(shadowingSchema, config, where, source);
  switch (p.model) {
    case 'none':
      return shadowingModels.none.create(p, streams);
    case 'log-normal':
      return shadowingModels['log-normal'].create(p, streams);
  }
}

/** The time correlation of a fading model, shared by all of them. */
export const timeCorrelationSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('block'),
      coherenceTimeS: z.number().min(1e-6).max(1e10).describe('block length (s): constant inside, independent between blocks'),
    }),
    z.strictObject({
      type: z.literal('gauss-markov'),
      carrierHz: z.number().min(1e6).max(1e12).default(2e9).describe('carrier frequency (Hz) for the Doppler shift'),
      dopplerHz: z
        .number()
        .min(0)
        .max(1e5)
        .optional()
        .describe('fixed maximum Doppler shift (Hz); when absent it follows the user\'s movement'),
    }),
    z.strictObject({
      type: z.literal('sum-of-sinusoids'),
      carrierHz: z.number().min(1e6).max(1e12).default(2e9).describe('carrier frequency (Hz) for the Doppler shift'),
      dopplerHz: z
        .number()
        .min(0)
        .max(1e5)
        .optional()
        .describe('fixed maximum Doppler shift (Hz); when absent it follows the user\'s movement'),
      sinusoids: z.number().int().min(1).max(1024).default(32).describe('sinusoids per real component'),
    }),
  ])
  .default({ type: 'block', coherenceTimeS: 0.01 });

/**
 * Small-scale fading models by name; a topology's `radio.fading`. Every model
 * has mean power 1.
 */
export const fadingModels = {
  none: {
    params: z.strictObject({ model: z.literal('none') }),
    create: (_p: unknown, _streams: RandomStreams): Fading => new NoFading(),
  },
  rayleigh: {
    params: z.strictObject({ model: z.literal('rayleigh'), correlation: timeCorrelationSchema }),
    create: (p: { correlation: TimeCorrelation }, streams: RandomStreams): Fading =>
      new LawFading('rayleigh', new RayleighLaw(), p.correlation, streams),
  },
  rician: {
    params: z.strictObject({
      model: z.literal('rician'),
      kFactor: z.number().min(0).max(1e4).describe('K factor: LOS power over scattered power (linear, not dB)'),
      correlation: timeCorrelationSchema,
    }),
    create: (p: { kFactor: number; correlation: TimeCorrelation }, streams: RandomStreams): Fading =>
      new LawFading('rician', new RicianLaw(p.kFactor), p.correlation, streams),
  },
  nakagami: {
    params: z
      .strictObject({
        model: z.literal('nakagami'),
        m: z.number().min(0.5).max(64).describe('shape m >= 1/2; a multiple of 1/2 with gauss-markov or sum-of-sinusoids correlation'),
        correlation: timeCorrelationSchema,
      })
      .superRefine((p, ctx) => {
        if (p.correlation.type !== 'block' && !Number.isInteger(2 * p.m)) {
          ctx.addIssue({
            code: 'custom',
            path: ['m'],
            message: `with ${p.correlation.type} correlation m must be a multiple of 1/2 (it is built from 2m Gaussian components), got ${p.m}`,
          });
        }
      }),
    create: (p: { m: number; correlation: TimeCorrelation }, streams: RandomStreams): Fading =>
      new LawFading('nakagami', new NakagamiLaw(p.m), p.correlation, streams),
  },
  trace: {
    params: z.strictObject({
      model: z.literal('trace'),
      file: z.string().min(1).describe('CSV t,user,server,gainDb (fading power in dB, as `mecsim trace fading` writes); relative to the topology file'),
    }),
    create: (p: { file: string }, _streams: RandomStreams, ctx: FadingContext = {}): Fading => {
      const file = isAbsolute(p.file) || ctx.baseDir === undefined ? p.file : resolve(ctx.baseDir, p.file);
      const limits = ctx.userCount === undefined || ctx.serverCount === undefined ? undefined : { users: ctx.userCount, servers: ctx.serverCount };
      return new TraceFading(readChannelTrace(file, limits));
    },
  },
} as const;

/** What a fading model may need besides its parameters (only the trace model uses it). */
export interface FadingContext {
  /** Folder a relative trace path is resolved against (the topology file's). */
  baseDir?: string;
  /** The scenario's users and servers, which a trace must cover exactly. */
  userCount?: number;
  serverCount?: number;
}

export const fadingSchema = z.discriminatedUnion('model', [
  fadingModels.none.params,
  fadingModels.rayleigh.params,
  fadingModels.rician.params,
  fadingModels.nakagami.params,
  fadingModels.trace.params,
]);
export type FadingConfig = z.input<typeof fadingSchema>;

/** Builds a fading model drawing from `fading/u<n>/s<m>` streams. */
export function createFading(
  config: FadingConfig,
  streams: RandomStreams,
  where = 'radio.fading',
  source?: string,
  ctx?: FadingContext,
): Fading {
  const p = parseConfig(fadingSchema, config, where, source);
  switch (p.model) {
    case 'none':
      return fadingModels.none.create(p, streams);
    case 'rayleigh':
      return fadingModels.rayleigh.create(p, streams);
    case 'rician':
      return fadingModels.rician.create(p, streams);
    case 'nakagami':
      return fadingModels.nakagami.create(p, streams);
    case 'trace':
      return fadingModels.trace.create(p, streams, ctx);
  }
}
