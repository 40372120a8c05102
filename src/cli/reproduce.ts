import type { CommandModule } from 'yargs';
import { withExamples } from './examples.js';
import { InputError } from '../engine/input-error.js';
import { reproduce } from '../campaign/reproduce.js';
import { workerCount } from './sweep.js';
import { CampaignProgressBar, parseProgressInterval, progressOptions } from './progress.js';

interface ReproduceArgs {
  seeds: number;
  out: string;
  quick: boolean;
  topology?: string;
  workers?: number;
  'progress-interval'?: string;
}

export const reproduceCommand: CommandModule<object, ReproduceArgs> = {
  command: 'reproduce',
  describe: "Regenerate the experiments of the paper's Figures 2-5 (the sweeps of studies/paper/): CSV tables (mean, 95% CI) and SVG plots",
  builder: (y) =>
    withExamples(y
      .option('seeds', { type: 'number', default: 10, describe: 'instances per point (seeds 1..N), at least 2' })
      .option('out', { type: 'string', default: 'reproduce', describe: 'output folder: tables and plots, and the campaigns under campaigns/ (a rerun resumes them)' })
      .option('quick', { type: 'boolean', default: false, describe: 'two points per axis: a smoke test, not the figures' })
      .option('topology', { type: 'string', describe: 'topology file (default: the packaged paper-default.json)' })
      .option('workers', { type: 'number', describe: 'worker threads (default: the core count; 0 runs in the main thread)' })
      .options(progressOptions)
      , [
        ['mecsim reproduce --out results', 'every table and plot, 10 seeds'],
        ['mecsim reproduce --quick --seeds 2 --out quick-check', 'a fast check that the pipeline runs'],
      ]),
  handler: async (args) => {
    if (!(Number.isInteger(args.seeds) && args.seeds >= 2)) {
      throw new InputError('--seeds', undefined, `expected a whole number >= 2 (an interval needs two seeds), got ${args.seeds}`);
    }
    const started = process.hrtime.bigint();
    const bar = new CampaignProgressBar(process.stderr, { intervalS: parseProgressInterval(args['progress-interval']) });
    let r;
    try {
      r = await reproduce(args.out, {
        seeds: args.seeds,
        quick: args.quick,
        topologyPath: args.topology,
        workers: workerCount(args.workers),
        progress: (m) => bar.note(m),
        onProgress: (p) => bar.update(p),
      });
    } finally {
      bar.done();
    }
    const s = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(`${r.folder}: ${r.files.length} files from ${r.solves} solves (${r.ran} run now) in ${s.toFixed(1)} s\n${r.files.map((f) => `  ${f}`).join('\n')}\n`);
  },
};
