import fs from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { withExamples } from './examples.js';
import { splitBaseline } from '../campaign/aggregate.js';
import type { CampaignDefinition } from '../campaign/plan.js';
import type { RunResult } from '../campaign/spec.js';
import { specLabels } from '../plugins/resolve.js';
import { differences, summarize, type Group } from '../campaign/aggregate.js';
import { defaultMetrics } from '../campaign/execute.js';
import { readCampaignFolder, resultRows } from '../campaign/folder.js';
import { InputError } from '../engine/input-error.js';
import { campaignReportHtml } from '../report/html/campaign-report.js';
import { writeIntoOwnedFolder } from '../io/owned-folder.js';
import { readRunFolder } from '../report/html/run-data.js';
import { runReportHtml } from '../report/html/run-report.js';

/** Writes report.html into a run folder; returns its path. */
export async function writeRunReport(dir: string): Promise<string> {
  return writeIntoOwnedFolder(dir, 'report.html', await runReportHtml(readRunFolder(dir)));
}

/** A configuration's name in the report: its allocator and scheduler, module plug-ins by file name (specLabels). */
function configNamer(results: readonly RunResult[]): (g: Pick<Group, 'allocator' | 'scheduler'>) => string {
  const label = specLabels(results.flatMap((r) => [r.spec.allocator, r.spec.scheduler]));
  return (g) => (g.scheduler === null ? label(g.allocator) : `${label(g.allocator)}/${label(g.scheduler)}`);
}

function baselineName(def: CampaignDefinition, configName: (g: Pick<Group, 'allocator' | 'scheduler'>) => string): string | null {
  if (def.baseline === null) return null;
  const split = splitBaseline(def.baseline, def.allocators, def.schedulers);
  return split === undefined ? def.baseline : configName({ allocator: split.allocator, scheduler: split.scheduler ?? null });
}

/** Writes report.html into a campaign folder (compare or sweep); returns its path. */
export async function writeCampaignReport(dir: string, metrics?: readonly string[]): Promise<string> {
  const folder = readCampaignFolder(dir);
  const def = folder.record.definition;
  if (folder.results.length === 0) throw new InputError(dir, undefined, 'the campaign has no finished run yet');
  const configName = configNamer(folder.results);
  const rows = resultRows(folder).map((r, i) => ({ ...r, config: configName(folder.results[i].spec) }));
  const known = new Set(folder.results.flatMap((r) => Object.keys(r.metrics)));
  // A metric undefined in a run (one that finished no iteration has no mean delay) has no point to draw there: left out, as compare's plots do.
  const shown = (metrics ?? defaultMetrics(def.kind)).filter((m) => known.has(m) && folder.results.every((r) => Number.isFinite(r.metrics[m])));
  const diffs = def.baseline === null ? [] : differences(folder.results, def.baseline);
  return writeIntoOwnedFolder(
    folder.dir,
    'report.html',
    await campaignReportHtml({
      name: def.name,
      kind: def.kind,
      baseline: baselineName(def, configName),
      metrics: shown,
      fields: folder.fields,
      rows,
      summary: summarize(folder.results).map((s) => ({ config: configName(s.group), metric: s.metric, n: s.n, mean: s.mean, halfWidth: s.halfWidth })),
      differences: diffs.map((d) => ({ config: configName(d.group), metric: d.metric, n: d.n, mean: d.mean, halfWidth: d.halfWidth, lower: d.lower, upper: d.upper, relative: d.relative })),
    }),
  );
}

interface ReportArgs {
  folder: string;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <folder>',
  describe: 'Write report.html into a run folder (animated map, time series) or a campaign folder (comparison, forest plot, sweep lines); it opens from disk with no network',
  builder: (y) =>
    withExamples(y.positional('folder', { type: 'string', demandOption: true, describe: 'a run folder (mecsim run --out) or a campaign folder (sweep, compare)' }), [
      ['mecsim report runs/urban-short', 'the report of a run'],
      ['mecsim report compare-small', 'the report of a comparison'],
    ]) as never,
  handler: async (args) => {
    const dir = path.resolve(args.folder);
    let file: string;
    if (fs.existsSync(path.join(dir, 'run.json'))) file = await writeRunReport(dir);
    else if (fs.existsSync(path.join(dir, 'campaign.json'))) file = await writeCampaignReport(dir);
    else throw new InputError(args.folder, undefined, 'expected a run folder (with run.json) or a campaign folder (with campaign.json)');
    process.stdout.write(`report: ${file}\n`);
  },
};
