import path from 'node:path';
import type { CommandModule } from 'yargs';
import { withExamples } from './examples.js';
import { mergeShards } from '../campaign/merge.js';
import { differences, summarize } from '../campaign/aggregate.js';
import { defaultMetrics } from '../campaign/execute.js';
import { readCampaignFolder, type CampaignFolder } from '../campaign/folder.js';
import { compareTable } from './summary-table.js';
import { planSweep, type CampaignPlan } from '../campaign/plan.js';
import { writeDeclaredFigures } from '../campaign/plots.js';
import { loadSweepFile } from '../campaign/sweep-file.js';
import { defaultWorkers, parseShard, runCampaign, type RunnerOutcome, type Shard } from '../campaign/runner.js';
import { checkCampaignResources } from '../campaign/size.js';
import { InputError } from '../engine/input-error.js';
import { resourceLimits, resourceOptions } from './run.js';
import { onInterrupt as onInterruptCleanup } from '../io/interrupt.js';
import { CampaignProgressBar, parseProgressInterval, progressOptions } from './progress.js';
import { expectedCosts } from '../campaign/run-cost.js';
import { writeCampaignReport } from './report.js';
import { policyTimeout, policyTimeoutOption } from './plugin-options.js';

export interface CampaignRunArgs {
  out?: string;
  workers?: number;
  shard?: string;
  'stop-after'?: number;
  'max-memory'?: string;
  force?: boolean;
  'policy-timeout'?: number;
  'progress-interval'?: string;
}

/** Checks --workers: a whole number >= 0 (0: no worker threads). */
export function workerCount(v: number | undefined): number {
  if (v === undefined) return defaultWorkers();
  if (!Number.isInteger(v) || v < 0) throw new InputError('--workers', undefined, `expected a whole number >= 0, got ${v}`);
  return v;
}

/** Runs a plan with a progress bar and says what happened; shared by sweep and compare. */
export async function runWithProgress(plan: CampaignPlan, outDir: string, args: CampaignRunArgs, shard: Shard | undefined): Promise<RunnerOutcome> {
  checkCampaignResources(plan, resourceLimits(args, outDir), workerCount(args.workers));
  const bar = new CampaignProgressBar(process.stderr, { intervalS: parseProgressInterval(args['progress-interval']) });
  // Finished runs are on disk as they end and the remains of unfinished ones
  // are discarded on the next start, so an interrupt loses only runs in flight.
  const onInterrupt = (): void => {
    bar.done();
    process.stderr.write(`mecsim: stopped; the finished runs are kept in ${outDir}. Run the same command again to resume.\n`);
    process.exit(130);
  };
  // With runs in the main thread (--workers 0) the run yields to the event
  // loop between chunks of events, and the campaign's own cleanup
  // (src/io/interrupt.ts) exits after it: the message goes out with it.
  const workers = workerCount(args.workers);
  const sayStopped = workers > 0 ? undefined : onInterruptCleanup(() => {
    bar.done();
    process.stderr.write(`mecsim: stopped; the finished runs are kept in ${outDir}. Run the same command again to resume.\n`);
  });
  if (workers > 0) process.once('SIGINT', onInterrupt);
  let outcome: RunnerOutcome;
  try {
    outcome = await runCampaign(plan, {
      outDir,
      workers,
      shard,
      stopAfter: args['stop-after'],
      policyTimeoutS: policyTimeout(args['policy-timeout']),
      costs: expectedCosts(plan),
      onProgress: (p) => bar.update(p),
    });
  } finally {
    process.off('SIGINT', onInterrupt);
    sayStopped?.();
    bar.done();
  }
  const slice = shard === undefined ? '' : ` (shard ${shard.index}/${shard.count})`;
  const tail = outcome.complete
    ? 'results.csv, summary.csv' + (plan.baseline === null ? '' : ', differences.csv')
    : outcome.stopped
      ? 'stopped early; run the same command again to finish'
      : 'other shards still to run; combine them with mecsim merge';
  process.stdout.write(`${plan.name}${slice}: ${outcome.total} runs, ${outcome.ran} run now, ${outcome.skipped} already done -> ${outDir}: ${tail}\n`);
  return outcome;
}

export const campaignOptions = {
  out: { type: 'string', describe: 'campaign folder (results, tables); a restart with the same folder resumes' },
  workers: { type: 'number', describe: `worker threads (default: the core count, ${defaultWorkers()} here; 0 runs in the main thread)` },
  shard: { type: 'string', describe: 'run only slice I of N of the runs (I/N, 1-based), for a cluster; combine with mecsim merge' },
  'stop-after': { type: 'number', hidden: true, describe: 'stop after this many runs, as if interrupted (tests)' },
  'policy-timeout': policyTimeoutOption,
  ...resourceOptions,
  ...progressOptions,
} as const;

interface SweepArgs extends CampaignRunArgs {
  file: string;
  metrics?: string;
}

/** The table printed at the end of a complete sweep, like compare's, with a column per swept field. */
export function sweepSummary(folder: CampaignFolder, baseline: string | null, metricList: string | undefined): string {
  const kind = folder.record.definition.kind;
  const metrics = metricList === undefined ? defaultMetrics(kind) : metricList.split(',').map((m) => m.trim()).filter((m) => m !== '');
  const known = new Set(folder.results.flatMap((r) => Object.keys(r.metrics)));
  for (const m of metrics) if (!known.has(m)) throw new InputError('--metrics', undefined, `no metric "${m}"; the metrics are: ${[...known].sort().join(', ')}`);
  const showScheduler = folder.record.definition.schedulers.some((s) => s !== null);
  const diffs = baseline === null ? [] : differences(folder.results, baseline);
  const note = baseline === null ? '' : `\ndiff: paired over seeds against ${baseline}; ±95%: Student-t half-width\n`;
  return `${compareTable(summarize(folder.results), diffs, metrics, showScheduler, folder.fields)}\n${note}`;
}

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep <file>',
  describe: 'Run a sweep file: a grid over topology fields x allocators x schedulers x seeds, in parallel',
  builder: (y) =>
    withExamples(y
      .positional('file', { type: 'string', demandOption: true, describe: 'sweep file (JSON, see docs/campaigns.md)' })
      .option('metrics', { type: 'string', describe: 'metrics of the table printed at the end, comma-separated (all are in the CSV and JSON files); default as for mecsim compare' })
      .options(campaignOptions)
      , [
        ['mecsim sweep studies/users-allocators.json', 'every point into users-allocators/; rerun to resume'],
        ['mecsim sweep studies/users-allocators.json --shard 2/8', 'the second of eight slices, for a cluster'],
      ]) as never,
  handler: async (args) => {
    const shard = args.shard === undefined ? undefined : parseShard(args.shard);
    const sweep = loadSweepFile(args.file);
    const plan = planSweep(sweep, args.file);
    const out = args.out ?? (shard === undefined ? plan.name : `${plan.name}.shard-${shard.index}-of-${shard.count}`);
    const outcome = await runWithProgress(plan, path.resolve(out), args, shard);
    if (outcome.complete) process.stdout.write(`\n${sweepSummary(readCampaignFolder(out), plan.baseline, args.metrics)}\n`);
    if (outcome.complete && sweep.plots !== undefined) {
      const files = await writeDeclaredFigures(readCampaignFolder(out), sweep.plots, path.join(out, 'plots'));
      process.stdout.write(`figures: ${files.map((f) => `plots/${f}`).join(', ')}\n`);
    }
    if (outcome.complete) process.stdout.write(`report: ${await writeCampaignReport(path.resolve(out))}\n`);
  },
};

interface MergeArgs {
  folders: string[];
  out: string;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <folders..>',
  describe: 'Combine the folders of a campaign\'s shards into one, as a single machine would have written it',
  builder: (y) =>
    withExamples(y
      .positional('folders', { type: 'string', array: true, demandOption: true, describe: 'shard folders' })
      .option('out', { type: 'string', demandOption: true, describe: 'folder of the combined campaign' })
      , [['mecsim merge users-allocators.shard-* --out users-allocators', 'after every shard has finished']]) as never,
  handler: async (args) => {
    const r = mergeShards(args.folders, args.out);
    process.stdout.write(`merged ${args.folders.length} folders: ${r.runs} runs -> ${path.resolve(args.out)}: results.csv, summary.csv\n`);
    // The same report a single machine would have written.
    process.stdout.write(`report: ${await writeCampaignReport(path.resolve(args.out))}\n`);
  },
};
