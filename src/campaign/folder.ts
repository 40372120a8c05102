import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../engine/input-error.js';
import { planRuns, type PlannedRun } from './plan.js';
import { specLabels } from '../plugins/resolve.js';
import { canonicalJson, type RunResult } from './spec.js';
import { readCampaignRecord, readFinished, type CampaignRecord } from './store.js';

/** A campaign folder as read back: its record, its planned runs and the results found. */
export interface CampaignFolder {
  dir: string;
  record: CampaignRecord;
  runs: PlannedRun[];
  fields: string[];
  /** Finished runs, in index order. */
  results: RunResult[];
}

/**
 * Reads a campaign folder (or the folder of a `results.csv` or
 * `campaign.json` inside one).
 */
export function readCampaignFolder(target: string): CampaignFolder {
  let dir = path.resolve(target);
  if (fs.existsSync(dir) && fs.statSync(dir).isFile()) dir = path.dirname(dir);
  const file = path.join(dir, 'campaign.json');
  if (!fs.existsSync(file)) throw new InputError(target, undefined, 'not a campaign folder: it has no campaign.json (give the --out folder of mecsim sweep or compare)');
  const record = readCampaignRecord(file);
  const { fields, runs } = planRuns(record.definition, file);
  const results = runs.map((r) => readFinished(dir, r.key, r.index)).filter((r): r is RunResult => r !== null);
  return { dir, record, runs, fields, results };
}

/** One row per result: index, key, the point's fields, allocator, scheduler, seed, folder, then the metrics. */
export function resultRows(folder: CampaignFolder): Array<Record<string, string | number | null>> {
  // Plots and reports name a module by its file name, not the absolute path the runs are keyed by.
  const label = specLabels(folder.results.flatMap((r) => [r.spec.allocator, r.spec.scheduler]));
  return folder.results.map((r) => {
    const point = Object.fromEntries(r.spec.overrides);
    const row: Record<string, string | number | null> = { index: r.index, key: r.key };
    for (const f of folder.fields) {
      const v = point[f];
      row[f] = typeof v === 'number' || typeof v === 'string' ? v : v === null || v === undefined ? null : canonicalJson(v);
    }
    row.allocator = label(r.spec.allocator);
    row.scheduler = r.spec.scheduler === null ? null : label(r.spec.scheduler);
    row.seed = r.spec.seed;
    row.folder = r.folder;
    for (const [k, v] of Object.entries(r.metrics)) row[k] = v;
    return row;
  });
}

/** The columns that define a configuration (everything but the seed). */
export function configurationColumns(folder: CampaignFolder): string[] {
  return [...folder.fields, 'allocator', 'scheduler'];
}
