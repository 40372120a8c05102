import path from 'node:path';
import type { CommandModule } from 'yargs';
import { withExamples } from './examples.js';
import { differences, splitBaseline, summarize } from '../campaign/aggregate.js';
import { readCampaignFolder } from '../campaign/folder.js';
import { checkDefinition, planCampaign, type CampaignDefinition } from '../campaign/plan.js';
import { campaignFigure, writeFigure } from '../campaign/plots.js';
import { parseShard } from '../campaign/runner.js';
import { MAX_RUNS } from '../campaign/size.js';
import { defaultMetrics, metricNames } from '../campaign/execute.js';
import { parseOptionPairs } from '../allocation/allocator-options.js';
import { InputError } from '../engine/input-error.js';
import { allocatorNames } from '../allocation/allocators.js';
import { edgeSchedulerNames } from '../system/schedulers/registry.js';
import { compareTable } from './summary-table.js';
import { parseDuration, parseSeed } from './options.js';
import { writeCampaignReport } from './report.js';
import { absoluteBaseline, absoluteSpec, specLabels } from '../plugins/resolve.js';
import { checkedPluginSpecs } from './plugin-options.js';
import { campaignOptions, runWithProgress, type CampaignRunArgs } from './sweep.js';

interface CompareArgs extends CampaignRunArgs {
  topology: string;
  allocators: string;
  schedulers?: string;
  seeds: string;
  baseline?: string;
  kind: 'solve' | 'run';
  horizon?: string;
  metrics?: string;
  set?: string[];
  'allocator-option'?: string[];
  png: boolean;
}

/** `"1-20"`, `"1,2,5"`, `"7"` or a mix (`"1-3,10"`): seeds in the order given, without repeats. */
export function parseSeeds(text: string, option = '--seeds'): number[] {
  const out: number[] = [];
  let count = 0;
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(part);
    if (m !== null) {
      const [a, b] = [Number(m[1]), Number(m[2])];
      if (a > b) throw new InputError(option, undefined, `the range "${part.trim()}" is empty`);
      if (!Number.isSafeInteger(b)) throw new InputError(option, undefined, `seeds must be at most ${Number.MAX_SAFE_INTEGER}, got ${m[2]}`);
      // Counted before listing, so a range of 1e16 seeds is refused without allocating it.
      count += b - a + 1;
      if (count > MAX_RUNS) throw new InputError(option, undefined, `"${text}" names ${count > 1e6 ? count.toExponential(2) : count} seeds; at most ${MAX_RUNS} runs fit in one campaign`);
      for (let s = a; s <= b; s++) out.push(s);
    } else out.push(parseSeed(part.trim(), option));
  }
  if (new Set(out).size !== out.length) throw new InputError(option, undefined, `a seed is listed twice in "${text}"`);
  return out;
}

function list(text: string | undefined): string[] {
  return (text ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** `path=value` overrides: the value is read as JSON when it is JSON, else taken as text. */
export function parseSet(items: readonly string[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of items ?? []) {
    const i = item.indexOf('=');
    if (i <= 0) throw new InputError('--set', undefined, `expected FIELD.PATH=VALUE, got "${item}"`);
    const text = item.slice(i + 1);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = text;
    }
    out[item.slice(0, i)] = value;
  }
  return out;
}

export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare <topology>',
  describe: 'Compare allocators (and schedulers) on the same seeds: means with 95% intervals and paired differences against a baseline',
  builder: (y) =>
    withExamples(y
      .positional('topology', { type: 'string', demandOption: true, describe: 'topology file (JSON)' })
      .option('allocators', { type: 'string', demandOption: true, describe: `allocators, comma-separated: ${allocatorNames().join(', ')}; or modules ./mine.js, or exec:COMMAND (docs/plugins.md)` })
      .option('schedulers', { type: 'string', describe: `edge schedulers, comma-separated (kind run): ${edgeSchedulerNames.join(', ')}` })
      .option('seeds', { type: 'string', default: '1-10', describe: 'seeds: a range 1-20, a list 1,4,9 or both' })
      .option('baseline', { type: 'string', describe: 'allocator (paired within each scheduler) or allocator/scheduler the others are compared with (default: the first allocator, or the first scheduler when there is one allocator)' })
      .option('kind', { choices: ['solve', 'run'] as const, default: 'solve' as const, describe: 'solve: one allocation per seed; run: the dynamic simulation' })
      .option('horizon', { type: 'string', describe: 'simulated time per run (kind run), e.g. 90s, 2h' })
      .option('metrics', {
        type: 'string',
        describe: `metrics shown in the table and plotted, comma-separated (all are in the CSV files). Kind solve: ${metricNames.solve.join(', ')}. Kind run: ${metricNames.run.join(', ')}. Default: ${defaultMetrics('solve').join(',')} (solve), ${defaultMetrics('run').join(',')} (run)`,
      })
      .option('set', { type: 'string', array: true, describe: 'override a topology field: FIELD.PATH=VALUE (repeatable)' })
      .option('allocator-option', {
        type: 'string',
        array: true,
        describe: 'an allocator setting KEY=VALUE (repeatable), for every allocator compared: the same as --set simulation.allocatorOptions.KEY=VALUE',
      })
      .option('png', { type: 'boolean', default: false, describe: 'write PNG plots beside the SVG ones' })
      .options(campaignOptions)
      , [
        ['mecsim compare topologies/small.json --allocators strongest-server,proposed', 'two allocators on seeds 1-10, paired'],
        ['mecsim compare topologies/urban-short.json --kind run --allocators proposed --schedulers allocated,ps,eps --horizon 2m --out cmp-sched', 'edge schedulers in the dynamic simulation'],
      ]) as never,
  handler: async (args) => {
    const written = { allocators: list(args.allocators), schedulers: list(args.schedulers) };
    const allocators = await checkedPluginSpecs(written.allocators, written.schedulers);
    if (allocators.length === 0) throw new InputError('--allocators', undefined, 'name at least one allocator');
    const schedulers = list(args.schedulers).map((s) => absoluteSpec(s, process.cwd()));
    if (args.kind === 'solve' && schedulers.length > 0) throw new InputError('--schedulers', undefined, 'kind "solve" has no edge scheduler; use --kind run');
    if (args.kind === 'solve' && args.horizon !== undefined) throw new InputError('--horizon', undefined, 'kind "solve" has no horizon; use --kind run');
    const overrides = parseSet(args.set);
    for (const [key, value] of Object.entries(parseOptionPairs(args['allocator-option']) ?? {})) overrides[`simulation.allocatorOptions.${key}`] = value;
    const topologyFile = path.resolve(args.topology);
    const definition: CampaignDefinition = {
      name: `compare-${path.basename(args.topology).replace(/\.json$/i, '')}`,
      kind: args.kind,
      topology: path.basename(topologyFile),
      horizonS: args.horizon === undefined ? null : parseDuration(args.horizon, '--horizon'),
      points: [overrides],
      allocators,
      schedulers: schedulers.length === 0 ? [null] : schedulers,
      seeds: parseSeeds(args.seeds),
      baseline: args.baseline !== undefined ? absoluteBaseline(args.baseline, written.allocators, written.schedulers, process.cwd()) : (allocators.length > 1 ? allocators[0] : schedulers.length > 1 ? `${allocators[0]}/${schedulers[0]}` : null),
    };
    const baseDir = path.dirname(topologyFile);
    checkDefinition(definition, baseDir, 'mecsim compare', '--set');
    const plan = planCampaign(definition, baseDir, 'mecsim compare');
    const shard = args.shard === undefined ? undefined : parseShard(args.shard);
    const outDir = path.resolve(args.out ?? definition.name);
    const outcome = await runWithProgress(plan, outDir, args, shard);
    if (!outcome.complete) return;
    const folder = readCampaignFolder(outDir);
    const metrics = args.metrics === undefined ? defaultMetrics(args.kind) : list(args.metrics);
    const known = new Set(folder.results.flatMap((r) => Object.keys(r.metrics)));
    for (const m of metrics) if (!known.has(m)) throw new InputError('--metrics', undefined, `no metric "${m}"; the metrics are: ${[...known].sort().join(', ')}`);
    const summaries = summarize(folder.results);
    const diffs = plan.baseline === null ? [] : differences(folder.results, plan.baseline);
    const showScheduler = schedulers.length > 0;
    process.stdout.write(`\n${compareTable(summaries, diffs, metrics, showScheduler)}\n`);
    const label = specLabels([...allocators, ...schedulers]);
    const split = plan.baseline === null ? undefined : splitBaseline(plan.baseline, allocators, schedulers);
    if (split !== undefined) {
      const against = split.scheduler === undefined ? label(split.allocator) : `${label(split.allocator)}/${label(split.scheduler)}`;
      process.stdout.write(`\ndiff: paired over seeds against ${against}${showScheduler && split.scheduler === undefined ? ' (same scheduler)' : ''}; ±95%: Student-t half-width\n`);
    }
    const plots: string[] = [];
    // A run that finished no iteration has no delay or energy mean (NaN):
    // such a metric has no bar to draw for every cell, so it is not plotted.
    const undefinedIn = metrics.filter((m) => folder.results.some((r) => !Number.isFinite(r.metrics[m])));
    if (undefinedIn.length > 0) {
      process.stdout.write(`not plotted (undefined in a run that finished no iteration): ${undefinedIn.join(', ')}\n`);
    }
    for (const metric of metrics.filter((m) => !undefinedIn.includes(m))) {
      const figure = campaignFigure(folder, { y: metric, x: 'allocator', by: showScheduler ? 'scheduler' : undefined, type: 'bar' });
      const file = path.join(outDir, 'plots', `${metric}.svg`);
      await writeFigure(figure, file);
      plots.push(file);
      if (args.png) await writeFigure(figure, file.replace(/\.svg$/, '.png'));
    }
    process.stdout.write(`plots: ${path.join(outDir, 'plots')} (${plots.length} SVG${args.png ? ' + PNG' : ''})\n`);
    process.stdout.write(`report: ${await writeCampaignReport(outDir, metrics)}\n`);
  },
};
