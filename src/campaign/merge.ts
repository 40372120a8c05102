import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../engine/input-error.js';
import { planRuns, type CampaignPlan } from './plan.js';
import { writeFileAtomic } from '../io/temporaries.js';
import { OutputFolder } from '../io/output-folder.js';
import { readMarker } from '../io/ownership.js';
import { openCampaignFolder, readCampaignRecord, resultFile } from './store.js';
import { writeTables } from './tables.js';

export interface MergeOutcome {
  runs: number;
  /** Result files found in more than one shard folder (identical, else an error). */
  duplicates: number;
}

/**
 * Combines the folders of a campaign's shards into one folder, the same as
 * a single machine would have written: every result file is copied byte for
 * byte (with its run folder, for kind run), then the tables are written from
 * them. The shards must all belong to one campaign (same fingerprint) and
 * together hold every run; a result found twice must be identical.
 */
export function mergeShards(folders: readonly string[], outDir: string): MergeOutcome {
  if (folders.length === 0) throw new InputError('mecsim merge', undefined, 'name at least one shard folder');
  const records = folders.map((f) => ({ folder: path.resolve(f), record: readCampaignRecord(path.join(f, 'campaign.json')) }));
  const first = records[0];
  for (const r of records) {
    if (r.record.fingerprint !== first.record.fingerprint) {
      throw new InputError(r.folder, undefined, `belongs to a different campaign than ${first.folder} (their campaign.json fingerprints differ)`);
    }
  }
  const { fields, runs } = planRuns(first.record.definition, path.join(first.folder, 'campaign.json'));
  const plan: CampaignPlan = {
    name: first.record.definition.name,
    kind: first.record.definition.kind,
    baseDir: first.folder,
    fields,
    runs,
    baseline: first.record.definition.baseline,
    definition: first.record.definition,
    fingerprint: first.record.fingerprint,
  };
  const out = path.resolve(outDir);
  if (records.some((r) => r.folder === out)) throw new InputError('--out', undefined, 'must not be one of the shard folders');
  openCampaignFolder(out, plan);
  const missing: number[] = [];
  let duplicates = 0;
  for (const run of runs) {
    const found = records.map((r) => resultFile(r.folder, run.key)).filter((f) => fs.existsSync(f));
    if (found.length === 0) {
      missing.push(run.index);
      continue;
    }
    const bytes = fs.readFileSync(found[0]);
    for (const other of found.slice(1)) {
      duplicates++;
      if (!bytes.equals(fs.readFileSync(other))) throw new InputError(other, undefined, `differs from ${found[0]}: the same run gave two different results`);
    }
    writeFileAtomic(resultFile(out, run.key), bytes);
    const runFolder = path.join(path.dirname(path.dirname(found[0])), 'runs', run.key);
    if (fs.existsSync(runFolder)) copyRunFolder(runFolder, path.join(out, 'runs', run.key));
  }
  if (missing.length > 0) {
    const list = missing.slice(0, 10).join(', ') + (missing.length > 10 ? ', ...' : '');
    throw new InputError(
      'mecsim merge',
      undefined,
      `${missing.length} of ${runs.length} runs have no result in the folders given (run indices ${list}); run the missing shards (or restart the unfinished ones) and merge again`,
    );
  }
  writeTables(out, plan);
  return { runs: runs.length, duplicates };
}

/** Copies a shard's run folder as a run folder of the merged campaign (replacing an earlier copy the same way a run does). */
function copyRunFolder(from: string, to: string): void {
  const names = readMarker(from)?.files ?? fs.readdirSync(from).filter((f) => !f.startsWith('.'));
  const folder = new OutputFolder(to, 'run');
  try {
    for (const f of names) folder.writeText(f, fs.readFileSync(path.join(from, f)));
  } catch (err) {
    folder.abort();
    throw err;
  }
  folder.commit();
}
