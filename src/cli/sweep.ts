import path from 'node:path';
import type { CommandModule } from 'yargs';
import { mergeShards } from '../campaign/merge.js';
import { planSweepFile, type CampaignPlan } from '../campaign/plan.js';
import { defaultWorkers, parseShard, runCampaign, type RunnerOutcome, type Shard } from '../campaign/runner.js';
import { checkCampaignResources } from '../campaign/size.js';
import { InputError } from '../engine/input-error.js';
import { resourceLimits, resourceOptions } from './run.js';
import { CampaignProgressBar } from './progress.js';

export interface CampaignRunArgs {
  out?: string;
  workers?: number;
  shard?: string;
  'stop-after'?: number;
  'max-memory'?: string;
  force?: boolean;
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
  const bar = new CampaignProgressBar();
  let outcome: RunnerOutcome;
  try {
    outcome = await runCampaign(plan, {
      outDir,
      workers: workerCount(args.workers),
      shard,
      stopAfter: args['stop-after'],
      onProgress: (p) => bar.update(p),
    });
  } finally {
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
  ...resourceOptions,
} as const;

interface SweepArgs extends CampaignRunArgs {
  file: string;
}

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep <file>',
  describe: 'Run a sweep file: a grid over topology fields x allocators x schedulers x seeds, in parallel',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'sweep file (JSON, see docs/campaigns.md)' })
      .options(campaignOptions)
      .example('mecsim sweep studies/users.json --out users', 'run every point, resuming if interrupted')
      .example('mecsim sweep studies/users.json --shard 2/8 --out users-2', 'the second of eight slices') as never,
  handler: async (args) => {
    const shard = args.shard === undefined ? undefined : parseShard(args.shard);
    const plan = planSweepFile(args.file);
    const out = args.out ?? (shard === undefined ? plan.name : `${plan.name}.shard-${shard.index}-of-${shard.count}`);
    await runWithProgress(plan, path.resolve(out), args, shard);
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
    y
      .positional('folders', { type: 'string', array: true, demandOption: true, describe: 'shard folders' })
      .option('out', { type: 'string', demandOption: true, describe: 'folder of the combined campaign' })
      .example('mecsim merge users.shard-* --out users', 'after every shard has finished') as never,
  handler: (args) => {
    const r = mergeShards(args.folders, args.out);
    process.stdout.write(`merged ${args.folders.length} folders: ${r.runs} runs -> ${path.resolve(args.out)}: results.csv, summary.csv\n`);
  },
};
