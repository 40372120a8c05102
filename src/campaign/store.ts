import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../engine/input-error.js';
import { onPath } from '../engine/environment-error.js';
import { openOwnedFolder } from '../io/owned-folder.js';
import { removeStaleSiblings, writeFileAtomic } from '../io/temporaries.js';
import { formatJson } from '../metrics/writers.js';
import { campaignFingerprint, type CampaignDefinition, type CampaignPlan } from './plan.js';
import { sortedMetrics, type RunResult } from './spec.js';

/**
 * The campaign folder on disk:
 *
 *     campaign.json        what the campaign is (definition, fingerprint, run count)
 *     results/<key>.json   one file per finished run, written atomically
 *     runs/<key>/          the run's output folder (kind run)
 *     results.csv, summary.csv, differences.csv   tables, once every run is in
 *
 * A result file appears under its final name only when complete (written to
 * a hidden temporary name, then renamed), so its presence means the run
 * finished. Hidden temporary files are the remains of interrupted runs and
 * are removed when a campaign (re)starts.
 *
 * Result files are named by content (the run's key), so one folder can hold
 * several campaigns on the same topology file: campaign.json and the tables
 * describe the last one, and its runs that an earlier one already made are
 * not run again.
 */

export const CAMPAIGN_FORMAT = 'mecsim-campaign';
export const CAMPAIGN_VERSION = 1;

export interface CampaignRecord {
  format: typeof CAMPAIGN_FORMAT;
  version: typeof CAMPAIGN_VERSION;
  fingerprint: string;
  runs: number;
  fields: string[];
  definition: CampaignDefinition;
}

export function campaignRecord(plan: CampaignPlan): CampaignRecord {
  return { format: CAMPAIGN_FORMAT, version: CAMPAIGN_VERSION, fingerprint: plan.fingerprint, runs: plan.runs.length, fields: plan.fields, definition: plan.definition };
}

export function resultsDir(outDir: string): string {
  return path.join(outDir, 'results');
}

export function resultFile(outDir: string, key: string): string {
  return path.join(resultsDir(outDir), `${key}.json`);
}


/** NaN and infinities do not exist in JSON: they are written as the strings "NaN", "Infinity", "-Infinity". */
function encodeNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

function decodeNumber(x: unknown): number {
  if (typeof x === 'number') return x;
  if (x === 'NaN') return NaN;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  return NaN;
}

export function formatResult(r: RunResult): string {
  const metrics: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(sortedMetrics(r.metrics))) metrics[k] = encodeNumber(v);
  return formatJson({ key: r.key, index: r.index, spec: r.spec, folder: r.folder, metrics });
}

export function parseResult(text: string, file: string): RunResult {
  let doc: { key?: unknown; index?: unknown; spec?: unknown; folder?: unknown; metrics?: unknown };
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError(file, undefined, `not a result file (${(err as Error).message})`);
  }
  if (typeof doc.key !== 'string' || typeof doc.index !== 'number' || typeof doc.metrics !== 'object' || doc.metrics === null || typeof doc.spec !== 'object') {
    throw new InputError(file, undefined, 'not a result file: expected key, index, spec and metrics');
  }
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(doc.metrics as Record<string, unknown>)) metrics[k] = decodeNumber(v);
  return { key: doc.key, index: doc.index, spec: doc.spec as RunResult['spec'], folder: typeof doc.folder === 'string' ? doc.folder : null, metrics };
}

export function writeResult(outDir: string, r: RunResult): void {
  writeFileAtomic(resultFile(outDir, r.key), formatResult(r));
}

/**
 * The finished result of a planned run, or null if it has none (or a file
 * that does not belong to it). A run is known by its key alone, which says
 * everything it is: a result written when the run had another place in an
 * earlier campaign of the folder is its result here too, given this
 * campaign's index.
 */
export function readFinished(outDir: string, key: string, index: number): RunResult | null {
  const file = resultFile(outDir, key);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const r = parseResult(text, file);
    return r.key === key ? { ...r, index } : null;
  } catch {
    return null;
  }
}

/**
 * Gives a finished run reused from an earlier campaign of the folder its
 * index in this one, so the folder holds the same bytes as if this campaign
 * had run from scratch. Returns whether the file was rewritten.
 */
export function reindexFinished(outDir: string, key: string, index: number): boolean {
  const file = resultFile(outDir, key);
  let stored: RunResult;
  try {
    stored = parseResult(fs.readFileSync(file, 'utf8'), file);
  } catch {
    return false;
  }
  if (stored.key !== key || stored.index === index) return false;
  writeResult(outDir, { ...stored, index });
  return true;
}

/**
 * Removes hidden temporary files and folders left by interrupted runs:
 * those of processes no longer running, and with `own` also this
 * process's (when it is interrupted; its worker threads share its id).
 */
export function discardUnfinished(outDir: string, own = false): number {
  let removed = 0;
  for (const dir of [resultsDir(outDir), path.join(outDir, 'runs'), outDir]) removed += removeStaleSiblings(dir, undefined, own);
  return removed;
}

/**
 * Prepares a campaign folder: creates it, or checks that what it holds was
 * computed on the same topology file, byte for byte. A folder holds the
 * results of every campaign run into it, each under its run's key (which
 * names the allocator, scheduler, seed, overrides, horizon and kind): a
 * campaign that differs from the folder's last one (more seeds, another
 * allocator or scheduler) reuses the runs they share and runs the others.
 * campaign.json then describes the new campaign, and the tables are those
 * of its runs. A changed topology file would make the stored results wrong
 * under their keys, so it is refused.
 */
export function openCampaignFolder(outDir: string, plan: CampaignPlan): void {
  // Folders of campaigns written before folders carried a marker are recognised by their record.
  openOwnedFolder(outDir, 'campaign', { adopt: (dir) => isCampaignRecord(path.join(dir, 'campaign.json')) });
  onPath(outDir, () => fs.mkdirSync(resultsDir(outDir), { recursive: true }));
  const file = path.join(outDir, 'campaign.json');
  const record = campaignRecord(plan);
  if (fs.existsSync(file)) {
    const old = readCampaignRecord(file);
    if (old.fingerprint !== plan.fingerprint && !sameTopology(old, plan)) {
      throw new InputError(
        outDir,
        undefined,
        `holds the results of campaigns on another topology file, or on ${plan.definition.topology} before it changed; choose another --out folder or delete this one`,
      );
    }
  }
  // Rewritten when the campaign changed, so the record says what the tables show.
  const text = formatJson(record);
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) writeFileAtomic(file, text);
}

/** Whether an earlier campaign's record was made on the topology file `plan` names, with the bytes it has now. */
function sameTopology(old: CampaignRecord, plan: CampaignPlan): boolean {
  if (old.definition.topology !== plan.definition.topology) return false;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.resolve(plan.baseDir, plan.definition.topology));
  } catch {
    return false;
  }
  return campaignFingerprint(old.definition, bytes) === old.fingerprint;
}

function isCampaignRecord(file: string): boolean {
  try {
    readCampaignRecord(file);
    return true;
  } catch {
    return false;
  }
}

export function readCampaignRecord(file: string): CampaignRecord {
  let doc: CampaignRecord;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8')) as CampaignRecord;
  } catch (err) {
    throw new InputError(file, undefined, `cannot read the campaign record (${(err as Error).message})`);
  }
  if (doc.format !== CAMPAIGN_FORMAT || doc.version !== CAMPAIGN_VERSION || typeof doc.fingerprint !== 'string') {
    throw new InputError(file, undefined, `not a mecsim campaign record (expected format "${CAMPAIGN_FORMAT}", version ${CAMPAIGN_VERSION})`);
  }
  return doc;
}
