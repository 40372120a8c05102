import { z } from 'zod';
import type { RandomStreams, Stream } from '../engine/random.js';
import { pluginOf } from '../engine/registry.js';
import type { Area, MobilityModel } from './mobility.js';
import type { MobilityTrace } from './trace-path.js';

/** What a mobility factory needs besides the model's own parameters. */
export interface MobilityContext {
  /** Index n of the user; its stream is `mobility/u<n>`. */
  user: number;
  /** The area users move in. */
  area: Area;
  /** Folder that relative trace paths are resolved against (the topology file's). */
  baseDir?: string;
  /** Traces already read, by resolved path, so a group of users reads a file once. */
  traces?: Map<string, MobilityTrace>;
  /** Users in the scenario, to say so when a trace has fewer nodes. */
  userCount?: number;
  /** Receives one-line notices (e.g. how many lines of a trace were skipped); stderr in the CLI. */
  notify?: (message: string) => void;
  /** Also list every skipped line of a trace, with its number. */
  verbose?: boolean;
}

/**
 * Builds a mobility model's registry entry (registry.ts). Besides its
 * parameters, `create` gets the streams, the user's context, and where its
 * parameters came from (the field and file), to name them in an error.
 */
export const mobilityPlugin = pluginOf<[streams: RandomStreams, ctx: MobilityContext, where: string, source: string | undefined], MobilityModel>();

/** User `ctx.user`'s stream `mobility/u<n>`, a fresh copy each time a model replays its path. */
export function userStream(streams: RandomStreams, ctx: MobilityContext): () => Stream {
  const name = `mobility/u${ctx.user}`;
  return () => streams.fresh(name);
}

/** Fastest a user may move (m/s): faster than any vehicle that carries a phone. */
export const MAX_SPEED_MPS = 1000;
/** Largest |coordinate| (m) of a static position: 1000 km, the largest area side. */
export const MAX_POSITION_M = 1e6;

/** The pause fields of the waypoint and direction models. */
export const pauses = {
  minPauseS: z.number().min(0).max(1e10).default(0).describe('shortest pause at a waypoint (s)'),
  maxPauseS: z.number().min(0).max(1e10).default(0).describe('longest pause at a waypoint (s)'),
};

export function speedAndPauseOrder(p: { minSpeedMps: number; maxSpeedMps: number; minPauseS: number; maxPauseS: number }, ctx: z.RefinementCtx): void {
  if (p.maxSpeedMps < p.minSpeedMps) ctx.addIssue({ code: 'custom', path: ['maxSpeedMps'], message: 'expected maxSpeedMps >= minSpeedMps' });
  if (p.maxPauseS < p.minPauseS) ctx.addIssue({ code: 'custom', path: ['maxPauseS'], message: 'expected maxPauseS >= minPauseS' });
}
