import path from 'node:path';
import type { CommandModule } from 'yargs';
import { withExamples } from './examples.js';
import { readCampaignFolder } from '../campaign/folder.js';
import { campaignFigure, writeFigure, type PlotType } from '../campaign/plots.js';
import { InputError } from '../engine/input-error.js';

interface PlotArgs {
  results: string;
  y: string;
  x?: string;
  by?: string;
  type?: PlotType;
  where?: string[];
  out?: string;
  png: boolean;
  title?: string;
  'log-x': boolean;
  'log-y': boolean;
}

/** `column=value` filters. */
export function parseWhere(list: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    const i = item.indexOf('=');
    if (i <= 0) throw new InputError('--where', undefined, `expected COLUMN=VALUE, got "${item}"`);
    out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

function fileSafe(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]+/g, '_');
}

export const plotCommand: CommandModule<object, PlotArgs> = {
  command: 'plot <results>',
  describe: 'Plot a campaign: means with 95% intervals over seeds (lines, bars) or empirical CDFs, as SVG or PNG',
  builder: (y) =>
    withExamples(y
      .positional('results', { type: 'string', demandOption: true, describe: 'campaign folder (from mecsim sweep or compare)' })
      .option('y', { type: 'string', demandOption: true, describe: 'metric to plot, also written --y (a column of results.csv; for --type ecdf also an iterations.csv column)' })
      .option('x', { type: 'string', describe: 'column on the x axis, also written --x (a swept field, allocator, scheduler)' })
      .option('by', { type: 'string', describe: 'column whose values are the series' })
      .option('type', { choices: ['line', 'bar', 'ecdf', 'trace'] as const, describe: 'default: line for a numeric x, else bar; trace: --y names a step family (objectiveStep) drawn against the step' })
      .option('where', { type: 'string', array: true, describe: 'keep runs with COLUMN=VALUE (repeatable)' })
      .option('out', { type: 'string', describe: 'output file: .svg, .png or .json (default: <results>/plots/<y>[-vs-<x>][-by-<by>].svg)' })
      .option('png', { type: 'boolean', default: false, describe: 'also write a PNG beside the SVG' })
      .option('title', { type: 'string', describe: 'plot title' })
      .option('log-x', { type: 'boolean', default: false, describe: 'logarithmic x axis' })
      .option('log-y', { type: 'boolean', default: false, describe: 'logarithmic y axis (line plots)' })
      , [
        ['mecsim plot users-allocators --x users.pedestrians.count --y delayMeanS --by allocator', 'lines with 95% bands'],
        ['mecsim plot users-allocators --type ecdf --y totalDelayS --by allocator --where users.pedestrians.count=10', "delay CDFs from the runs' iterations"],
      ]) as never,
  handler: async (args) => {
    const folder = readCampaignFolder(args.results);
    const figure = campaignFigure(folder, {
      y: args.y,
      x: args.x,
      by: args.by,
      type: args.type,
      where: parseWhere(args.where),
      title: args.title,
      logX: args['log-x'],
      logY: args['log-y'],
    });
    const name = [args.y, args.x === undefined ? '' : `-vs-${args.x}`, args.by === undefined ? '' : `-by-${args.by}`, args.type === 'ecdf' ? '-ecdf' : ''].join('');
    const out = args.out ?? path.join(folder.dir, 'plots', `${fileSafe(name)}.svg`);
    await writeFigure(figure, out);
    const written = [out];
    if (args.png && out.toLowerCase().endsWith('.svg')) {
      const png = out.replace(/\.svg$/i, '.png');
      await writeFigure(figure, png);
      written.push(png);
    }
    process.stdout.write(`${figure.type} plot of ${args.y} (${figure.series.length} series: ${figure.series.join(', ')}) -> ${written.join(', ')}\n`);
  },
};
