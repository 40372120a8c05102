import { epochColumns, iterationColumns, type RunSummary } from '../metrics/recorders.js';
import type { CsvWriter } from '../metrics/writers.js';
import { OutputFolder } from '../io/output-folder.js';
import type { RunListeners } from './events.js';

/** epochs.csv leaves out the wall-clock column, so the file is reproducible; timing.csv has it. */
export const epochFileColumns = epochColumns.filter((c) => c !== 'solveWallS');
export const timingColumns = ['index', 'timeS', 'solveWallS'] as const;

/** What run.json holds besides the resolved scenario: everything reproducible. */
export type ReproducibleSummary = Omit<RunSummary, 'solveWallMeanS'>;

/**
 * A run's folder, written as a subscriber of the run: `iterations.csv` and
 * `epochs.csv` streamed as the run goes, `timing.csv` (allocator wall-clock
 * times, the one file that differs between two runs with the same seed),
 * then `run.json` and `map.json` at the end. Written into a temporary folder
 * and renamed on `commit`; on `abort` nothing appears and an earlier folder
 * of the same name is kept.
 */
export class RunFolderWriter {
  private readonly folder: OutputFolder;

  constructor(out: string) {
    this.folder = new OutputFolder(out);
  }

  /**
   * Opens the CSV files and returns the writer's listeners, which pass every
   * record on to `next`'s after writing it. A failure to open is the caller's
   * to `abort`, like any failure of the run.
   */
  listeners(next: Pick<RunListeners, 'onIteration' | 'onEpoch'>): Pick<RunListeners, 'onIteration' | 'onEpoch'> {
    const iterations = this.folder.csv('iterations.csv', iterationColumns);
    const epochs = this.folder.csv('epochs.csv', epochFileColumns);
    const timing = this.folder.csv('timing.csv', timingColumns) as CsvWriter<typeof timingColumns>;
    return {
      onIteration: (r) => {
        iterations.write(r);
        next.onIteration?.(r);
      },
      onEpoch: (e) => {
        epochs.write(e);
        timing.write(e);
        next.onEpoch?.(e);
      },
    };
  }

  writeText(name: string, text: string): void {
    this.folder.writeText(name, text);
  }

  writeJson(name: string, value: unknown): void {
    this.folder.writeJson(name, value);
  }

  commit(): void {
    this.folder.commit();
  }

  abort(): void {
    this.folder.abort();
  }
}
