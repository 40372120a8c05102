import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../engine/input-error.js';
import type { MapTrace } from '../../metrics/map-recorder.js';
import { iterationColumns, iterationColumnsWithoutOutage, type IterationRecord } from '../../metrics/recorders.js';

/** One allocator call as epochs.csv holds it. */
export interface EpochRow {
  index: number;
  timeS: number;
  predictedObjective: number;
  realisedCost: number;
  iterations: number;
  handovers: number;
}

/** A run folder as read back for its report. */
export interface RunData {
  dir: string;
  /** run.json as written by `mecsim run`. */
  run: {
    topology: string;
    seed: number;
    allocator: string;
    horizonS: number;
    /** A built-in policy, or the plug-in module used. */
    scheduler: { policy: string } | { module: string };
    summary: Record<string, unknown>;
    handovers: number;
    epochs: number;
    outageS: number;
    mecsim: string;
  };
  /** Iterations; `outageS` is NaN in each when the folder predates that column. */
  iterations: IterationRecord[];
  /** Whether iterations.csv has the per-iteration `outageS` column (folders of an earlier mecsim do not). */
  outageRecorded: boolean;
  epochs: EpochRow[];
  map: MapTrace | null;
}

function readText(dir: string, name: string): string {
  const file = path.join(dir, name);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(file, undefined, `missing; a run folder written by mecsim run has ${name}`);
    throw err;
  }
}

/** Rows of a CSV file that mecsim wrote (no quoted cells): header names to cell text. */
function csvRows(text: string, file: string, needed: readonly string[]): Array<Record<string, string>> {
  const lines = text.split('\n').filter((l) => l !== '');
  if (lines.length === 0) throw new InputError(file, 'line 1', `expected the header with ${needed.join(',')}, got an empty file`);
  const header = lines[0].split(',');
  for (const c of needed) if (!header.includes(c)) throw new InputError(file, 'line 1', `expected a column "${c}" in the header`);
  return lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== header.length) throw new InputError(file, `line ${i + 2}`, `expected ${header.length} fields, got ${cells.length}`);
    return Object.fromEntries(header.map((h, k) => [h, cells[k]]));
  });
}

/** Reads run.json, iterations.csv, epochs.csv and (when present) map.json of a run folder. */
export function readRunFolder(dir: string): RunData {
  const runFile = path.join(dir, 'run.json');
  let run: RunData['run'];
  try {
    run = JSON.parse(readText(dir, 'run.json'));
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(runFile, undefined, `expected JSON written by mecsim run: ${(err as Error).message}`);
  }
  const itFile = path.join(dir, 'iterations.csv');
  const itText = readText(dir, 'iterations.csv');
  const itRows = csvRows(itText, itFile, iterationColumnsWithoutOutage);
  const outageRecorded = itText.split('\n', 1)[0].split(',').includes('outageS');
  const columns = outageRecorded ? iterationColumns : iterationColumnsWithoutOutage;
  const iterations = itRows.map((r, i) => {
    const rec = { outageS: NaN } as Record<string, number>;
    for (const c of columns) {
      const v = Number(r[c]);
      if (!Number.isFinite(v)) throw new InputError(itFile, `line ${i + 2}`, `expected a number in column ${c}, got "${r[c]}"`);
      rec[c] = v;
    }
    return rec as unknown as IterationRecord;
  });
  const epFile = path.join(dir, 'epochs.csv');
  const epochCols = ['index', 'timeS', 'predictedObjective', 'realisedCost', 'iterations', 'handovers'] as const;
  const epochs = csvRows(readText(dir, 'epochs.csv'), epFile, epochCols).map((r) => {
    const e = {} as Record<string, number>;
    for (const c of epochCols) e[c] = Number(r[c]);
    return e as unknown as EpochRow;
  });
  let map: MapTrace | null = null;
  const mapFile = path.join(dir, 'map.json');
  if (fs.existsSync(mapFile)) {
    try {
      map = JSON.parse(fs.readFileSync(mapFile, 'utf8')) as MapTrace;
    } catch (err) {
      throw new InputError(mapFile, undefined, `expected JSON written by mecsim run: ${(err as Error).message}`);
    }
    if (map.format !== 'mecsim-map') throw new InputError(mapFile, 'format', `expected "mecsim-map", got ${JSON.stringify(map.format)}`);
  }
  return { dir, run, iterations, outageRecorded, epochs, map };
}
