import type { CommandModule } from 'yargs';
import { withExamples } from './examples.js';
import { InputError } from '../engine/input-error.js';
import { RandomStreams } from '../engine/random.js';
import { startsWithLine, writeOutputFile } from '../io/output-file.js';
import type { Area } from '../mobility/mobility.js';
import { createMobility, mobilityModels, type MobilityConfig } from '../mobility/registry.js';
import { formatMobilityCsv, formatMobilityNs2, sampleMobilityTrace, sampleTimes } from '../mobility/trace-mobility.js';
import { formatChannelCsv, sampleFadingTrace } from '../radio/channel-trace.js';
import { createFading, fadingModels, type FadingConfig } from '../radio/registry.js';

interface TraceArgs {
  kind: 'mobility' | 'fading';
  model: string;
  params: string;
  users: number;
  servers: number;
  area: string;
  duration: number;
  step: number;
  seed: number;
  out: string;
  format: 'csv' | 'ns2';
  mobility: string;
  verbose?: boolean;
}

/**
 * `mecsim trace mobility|fading`: samples a model into a trace file, so a
 * study can freeze its randomness and replay it with the `trace` mobility
 * model or a channel trace.
 */
export const traceCommand: CommandModule<object, TraceArgs> = {
  command: 'trace <kind>',
  describe: 'Write a mobility or fading trace sampled from a model',
  builder: (y) =>
    withExamples(y
      .positional('kind', { choices: ['mobility', 'fading'] as const, demandOption: true, describe: 'what to trace' })
      .option('model', {
        type: 'string',
        demandOption: true,
        describe: `model name; mobility: ${Object.keys(mobilityModels).join(', ')}; fading: ${Object.keys(fadingModels).join(', ')}`,
      })
      .option('params', { type: 'string', default: '{}', describe: 'the model\'s parameters as a JSON object' })
      .option('users', { type: 'number', default: 1, describe: 'number of users' })
      .option('servers', { type: 'number', default: 1, describe: 'servers per user (fading)' })
      .option('area', { type: 'string', default: '1000x1000', describe: 'area WIDTHxHEIGHT in metres' })
      .option('duration', { type: 'number', default: 60, describe: 'duration (s)' })
      .option('step', { type: 'number', default: 1, describe: 'time between samples (s)' })
      .option('seed', { type: 'number', default: 1, describe: 'master seed' })
      .option('out', { type: 'string', demandOption: true, describe: 'output file (written atomically)' })
      .option('format', { choices: ['csv', 'ns2'] as const, default: 'csv' as const, describe: 'mobility trace format' })
      .option('mobility', {
        type: 'string',
        default: '{"model":"static"}',
        describe: 'fading: users\' mobility as a JSON model config (drives the Doppler)',
      })
      .option('verbose', { type: 'boolean', describe: 'list every line a trace reader skipped (a --mobility trace)' }), [
        [`mecsim trace mobility --model random-waypoint --params '{"minSpeedMps":1,"maxSpeedMps":10}' --users 3 --format ns2 --out rwp.ns2`, '3 users, ns-2 format'],
        ['mecsim trace fading --model rayleigh --users 2 --servers 2 --duration 1 --step 0.02 --out fading.csv', 'fading of 2 users to 2 servers'],
      ]) as never,
  handler: (argv) => {
    const users = positiveInteger(argv.users, '--users');
    const servers = positiveInteger(argv.servers, '--servers');
    const area = parseArea(argv.area);
    if (!(argv.duration >= 0) || !Number.isFinite(argv.duration)) throw new InputError('--duration', undefined, `expected a finite number >= 0, got ${argv.duration}`);
    if (!(argv.step > 0) || !Number.isFinite(argv.step)) throw new InputError('--step', undefined, `expected a finite number > 0, got ${argv.step}`);
    if (!Number.isFinite(argv.seed)) throw new InputError('--seed', undefined, `expected a finite number, got ${argv.seed}`);
    const streams = new RandomStreams(argv.seed);
    const times = sampleTimes(argv.duration, argv.step);
    const config = { ...parseJsonObject(argv.params, '--params'), model: argv.model };
    let text: string;
    if (argv.kind === 'mobility') {
      const models = Array.from({ length: users }, (_, user) =>
        createMobility(config as MobilityConfig, streams, { user, area }, '', '--params'),
      );
      const rows = sampleMobilityTrace(models, times);
      text = argv.format === 'ns2' ? formatMobilityNs2(rows) : formatMobilityCsv(rows);
    } else {
      const fading = createFading(config as FadingConfig, streams, '', '--params');
      const mobility = parseJsonObject(argv.mobility, '--mobility');
      const traces = new Map();
      const notify = (m: string) => process.stderr.write(`mecsim: ${m}\n`);
      const models = Array.from({ length: users }, (_, user) =>
        createMobility(mobility as MobilityConfig, streams, { user, area, traces, userCount: users, notify, verbose: argv.verbose === true }, '', '--mobility'),
      );
      text = formatChannelCsv(sampleFadingTrace(fading, models, servers, times));
    }
    writeOutputFile(argv.out, text, earlierTrace);
  },
};

/** The first lines mecsim writes in a trace: only such a file is replaced. */
const earlierTrace = startsWithLine('a trace', 't,id,x,y', 't,user,server,gainDb', '$node_(*');

function positiveInteger(v: number, option: string): number {
  if (!Number.isInteger(v) || v < 1) throw new InputError(option, undefined, `expected an integer >= 1, got ${v}`);
  return v;
}

function parseArea(s: string): Area {
  const m = /^\s*([0-9.eE+]+)\s*x\s*([0-9.eE+]+)\s*$/.exec(s);
  const w = m === null ? NaN : Number(m[1]);
  const h = m === null ? NaN : Number(m[2]);
  if (!(w > 0) || !(h > 0) || !Number.isFinite(w) || !Number.isFinite(h)) {
    throw new InputError('--area', undefined, `expected WIDTHxHEIGHT in metres, both > 0 (e.g. 1000x500), got "${s}"`);
  }
  return { widthM: w, heightM: h };
}

function parseJsonObject(s: string, option: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch (err) {
    throw new InputError(option, undefined, `expected a JSON object: ${(err as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InputError(option, undefined, 'expected a JSON object');
  return v as Record<string, unknown>;
}
