import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../engine/input-error.js';
import type { RandomStreams } from '../engine/random.js';
import { parseConfig } from '../engine/validate.js';
import { GaussMarkovMobility } from './gauss-markov-mobility.js';
import type { Area, MobilityModel } from './mobility.js';
import { RandomDirectionMobility } from './random-direction-mobility.js';
import { RandomWaypointMobility } from './random-waypoint-mobility.js';
import { StaticMobility } from './static-mobility.js';
import { quoteLine } from '../engine/text-lines.js';
import { type MobilityTrace, readMobilityTrace, TraceMobility } from './trace-mobility.js';
import { firstOutside } from './trace-path.js';

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

/** Fastest a user may move (m/s): faster than any vehicle that carries a phone. */
const MAX_SPEED_MPS = 1000;
/** Largest |coordinate| (m) of a static position: 1000 km, the largest area side. */
const MAX_POSITION_M = 1e6;

const pauses = {
  minPauseS: z.number().min(0).max(1e10).default(0).describe('shortest pause at a waypoint (s)'),
  maxPauseS: z.number().min(0).max(1e10).default(0).describe('longest pause at a waypoint (s)'),
};

function speedAndPauseOrder(p: { minSpeedMps: number; maxSpeedMps: number; minPauseS: number; maxPauseS: number }, ctx: z.RefinementCtx): void {
  if (p.maxSpeedMps < p.minSpeedMps) ctx.addIssue({ code: 'custom', path: ['maxSpeedMps'], message: 'expected maxSpeedMps >= minSpeedMps' });
  if (p.maxPauseS < p.minPauseS) ctx.addIssue({ code: 'custom', path: ['maxPauseS'], message: 'expected maxPauseS >= minPauseS' });
}

/**
 * Mobility models by name, with the zod schema of their parameters. A user
 * group's `mobility` in a topology is `{ "model": NAME, ...parameters }`.
 */
export const mobilityModels = {
  static: {
    params: z.strictObject({
      model: z.literal('static'),
      x: z.number().min(-MAX_POSITION_M).max(MAX_POSITION_M).optional().describe('x (m); drawn uniformly in the area when absent'),
      y: z.number().min(-MAX_POSITION_M).max(MAX_POSITION_M).optional().describe('y (m); drawn uniformly in the area when absent'),
    }),
  },
  'random-waypoint': {
    params: z
      .strictObject({
        model: z.literal('random-waypoint'),
        minSpeedMps: z.number().min(1e-3).max(MAX_SPEED_MPS).describe('lowest leg speed (m/s), > 0'),
        maxSpeedMps: z.number().min(1e-3).max(MAX_SPEED_MPS).describe('highest leg speed (m/s)'),
        ...pauses,
      })
      .superRefine(speedAndPauseOrder),
  },
  'random-direction': {
    params: z
      .strictObject({
        model: z.literal('random-direction'),
        minSpeedMps: z.number().min(0).max(MAX_SPEED_MPS).describe('lowest speed (m/s)'),
        maxSpeedMps: z.number().min(0).max(MAX_SPEED_MPS).describe('highest speed (m/s)'),
        meanTravelTimeS: z.number().min(1e-3).max(1e10).describe('mean of the exponential travel time of a movement (s)'),
        ...pauses,
        boundary: z.enum(['reflect', 'wrap']).default('reflect').describe('at the edge: bounce back or re-enter opposite'),
      })
      .superRefine(speedAndPauseOrder),
  },
  'gauss-markov': {
    params: z.strictObject({
      model: z.literal('gauss-markov'),
      alpha: z.number().min(0).max(1).describe('memory: 0 memoryless, 1 straight line'),
      meanSpeedMps: z.number().min(0).max(MAX_SPEED_MPS).describe('mean speed (m/s)'),
      speedStdMps: z.number().min(0).max(MAX_SPEED_MPS).default(0).describe('standard deviation of the speed (m/s)'),
      meanDirectionRad: z.number().min(-1e3).max(1e3).optional().describe('mean direction (rad); uniform per user when absent'),
      directionStdRad: z.number().min(0).max(1e3).default(0).describe('standard deviation of the direction (rad)'),
      stepS: z.number().min(1e-3).max(1e10).default(1).describe('time between updates (s)'),
    }),
  },
  trace: {
    params: z.strictObject({
      model: z.literal('trace'),
      file: z.string().min(1).describe('CSV (t,id,x,y) or ns-2 movement file or Tcl script; relative to the topology file'),
      format: z
        .enum(['csv', 'ns2'])
        .optional()
        .describe('file format; when absent, from the extension (.csv; .ns2, .tcl, .ns_movements, .movements), else from the content'),
      node: z
        .number()
        .int()
        .min(0)
        .max(Number.MAX_SAFE_INTEGER)
        .optional()
        .describe("node id in the trace; the user's index when absent. With a node, every user of the group follows it, so the group's count must be 1. A trace group's placement is not used"),
    }),
  },
} as const;

export const mobilitySchema = z.discriminatedUnion('model', [
  mobilityModels.static.params,
  mobilityModels['random-waypoint'].params,
  mobilityModels['random-direction'].params,
  mobilityModels['gauss-markov'].params,
  mobilityModels.trace.params,
]);
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
  const p = parseConfig(mobilitySchema, config, where, source);
  const name = `mobility/u${ctx.user}`;
  const makeStream = () => streams.fresh(name);
  switch (p.model) {
    case 'static':
      return new StaticMobility(ctx.area, makeStream, p.x, p.y);
    case 'random-waypoint':
      return new RandomWaypointMobility(ctx.area, p, makeStream);
    case 'random-direction':
      return new RandomDirectionMobility(ctx.area, p, makeStream);
    case 'gauss-markov':
      return new GaussMarkovMobility(ctx.area, p, makeStream);
    case 'trace': {
      const file = isAbsolute(p.file) || ctx.baseDir === undefined ? p.file : resolve(ctx.baseDir, p.file);
      const key = `${p.format ?? ''}:${file}`;
      let trace = ctx.traces?.get(key);
      if (trace === undefined) {
        trace = readMobilityTrace(file, p.format);
        ctx.traces?.set(key, trace);
        reportSkipped(trace, ctx);
      }
      const node = p.node ?? ctx.user;
      const path = trace.get(node);
      if (path === undefined) {
        const has = `it has ${trace.size} node${trace.size === 1 ? '' : 's'} (${describeIds([...trace.keys()])})`;
        if (p.node === undefined && ctx.userCount !== undefined && ctx.userCount > trace.size) {
          throw new InputError(source, where, `the trace ${file} has fewer nodes than the topology's ${ctx.userCount} users: ${has}, and user ${ctx.user} follows node ${node}`);
        }
        throw new InputError(source, p.node === undefined ? where : `${where}.node`, `node ${node} is not in the trace ${file} (${has})`);
      }
      const k = firstOutside(path, ctx.area.widthM, ctx.area.heightM);
      if (k >= 0) {
        throw new InputError(
          file,
          `line ${path.line[k]}`,
          `node ${node} is at (${path.x[k]}, ${path.y[k]}) m at ${path.t[k]} s, outside the topology's area [0, ${ctx.area.widthM}] x [0, ${ctx.area.heightM}] m; enlarge the area or shift the trace`,
        );
      }
      return new TraceMobility(path);
    }
  }
}

/** Says how many lines of a trace were not movement, and with `verbose` which. */
function reportSkipped(trace: MobilityTrace, ctx: MobilityContext): void {
  const n = trace.skipped.length;
  if (n === 0 || ctx.notify === undefined) return;
  ctx.notify(
    `${trace.file}: read ${trace.size} node${trace.size === 1 ? '' : 's'} (${trace.format}); skipped ${n} line${n === 1 ? '' : 's'} that ${n === 1 ? 'is' : 'are'} not movement${ctx.verbose === true ? ':' : ' (--verbose lists them)'}`,
  );
  if (ctx.verbose === true) for (const s of trace.skipped) ctx.notify(`  line ${s.line}: ${quoteLine(s.text)}`);
}

/** Node ids in short form: "0-49", or the first few. */
function describeIds(ids: number[]): string {
  const sorted = ids.sort((a, b) => a - b);
  if (sorted.length > 1 && sorted[sorted.length - 1] - sorted[0] === sorted.length - 1) return `ids ${sorted[0]}-${sorted[sorted.length - 1]}`;
  const shown = sorted.slice(0, 10).join(', ');
  return `id${sorted.length === 1 ? '' : 's'} ${shown}${sorted.length > 10 ? ', ...' : ''}`;
}
