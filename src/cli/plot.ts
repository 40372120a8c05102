import fs from 'node:fs';
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
  pdf: boolean;
  title?: string;
  width?: number;
  height?: number;
  'font-size'?: number;
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

/**
 * The default file name of a plot: everything that changes what it shows
 * (y, x, series, type, each filter, log axes), so two different plots of a
 * campaign never share a name and a rerun of the same plot replaces it.
 */
export function plotFileName(request: { y: string; x?: string; by?: string; type?: string; where?: Record<string, string>; logX?: boolean; logY?: boolean }): string {
  const parts = [request.y];
  if (request.x !== undefined) parts.push(`vs-${request.x}`);
  if (request.by !== undefined) parts.push(`by-${request.by}`);
  if (request.type === 'ecdf' || request.type === 'trace') parts.push(request.type);
  for (const [k, v] of Object.entries(request.where ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) parts.push(`${k}=${v}`);
  if (request.logX) parts.push('logx');
  if (request.logY) parts.push('logy');
  return fileSafe(parts.join('-'));
}

function positive(v: number | undefined, option: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!(Number.isFinite(v) && v >= min && v <= max)) throw new InputError(option, undefined, `expected a number from ${min} to ${max}, got ${v}`);
  return v;
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
      .option('out', { type: 'string', describe: 'output file: .svg, .png, .pdf or .json (default: <results>/plots/<y>[-vs-<x>][-by-<by>][-<column>=<value> for each --where].svg)' })
      .option('png', { type: 'boolean', default: false, describe: 'also write a PNG beside the SVG' })
      .option('pdf', { type: 'boolean', default: false, describe: 'also write a PDF beside the SVG (vector, for LaTeX)' })
      .option('title', { type: 'string', describe: 'plot title' })
      .option('width', { type: 'number', describe: 'width of the plotting area in pixels (PDF points), default 480' })
      .option('height', { type: 'number', describe: 'height of the plotting area in pixels (PDF points), default 300' })
      .option('font-size', { type: 'number', describe: 'font size of labels in pixels (PDF points), default 11; titles are a little larger' })
      .option('log-x', { type: 'boolean', default: false, describe: 'logarithmic x axis' })
      .option('log-y', { type: 'boolean', default: false, describe: 'logarithmic y axis (line plots)' })
      , [
        ['mecsim plot users-allocators --x users.pedestrians.count --y delayMeanS --by allocator', 'lines with 95% bands'],
        ['mecsim plot users-allocators --type ecdf --y totalDelayS --by allocator --where users.pedestrians.count=10', "delay CDFs from the runs' iterations"],
        ['mecsim plot users-allocators --x totalUsers --y energyMeanJ --by allocator --pdf --width 300 --height 200 --font-size 9', 'a PDF for a two-column paper'],
      ]) as never,
  handler: async (args) => {
    const folder = readCampaignFolder(args.results);
    const request = {
      y: args.y,
      x: args.x,
      by: args.by,
      type: args.type,
      where: parseWhere(args.where),
      title: args.title,
      logX: args['log-x'],
      logY: args['log-y'],
      widthPx: positive(args.width, '--width', 50, 4000),
      heightPx: positive(args.height, '--height', 50, 4000),
      fontSizePx: positive(args['font-size'], '--font-size', 4, 72),
    };
    const figure = campaignFigure(folder, request);
    const out = args.out ?? path.join(folder.dir, 'plots', `${plotFileName(request)}.svg`);
    const files = [out];
    if (out.toLowerCase().endsWith('.svg')) {
      if (args.png) files.push(out.replace(/\.svg$/i, '.png'));
      if (args.pdf) files.push(out.replace(/\.svg$/i, '.pdf'));
    }
    const written: string[] = [];
    for (const file of files) {
      // An earlier plot of the same name is replaced (writeFigure refuses anything else), and the output says so.
      const replaced = fs.existsSync(file);
      await writeFigure(figure, file);
      written.push(replaced ? `${file} (replaced the earlier one)` : file);
    }
    process.stdout.write(`${figure.type} plot of ${args.y} (${figure.series.length} series: ${figure.series.join(', ')}) -> ${written.join(', ')}\n`);
  },
};
