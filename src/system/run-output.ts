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
  private readonly iterations;
  private readonly epochs;
  private readonly timing: CsvWriter<typeof timingColumns>;

  constructor(out: string) {
    this.folder = new OutputFolder(out);
    this.iterations = this.folder.csv('iterations.csv', iterationColumns);
    this.epochs = this.folder.csv('epochs.csv', epochFileColumns);
    this.timing = this.folder.csv('timing.csv', timingColumns) as CsvWriter<typeof timingColumns>;
  }

  /** The writer's listeners, passing every record on to `next`'s after writing it. */
  listeners(next: Pick<RunListeners, 'onIteration' | 'onEpoch'>): Pick<RunListeners, 'onIteration' | 'onEpoch'> {
    return {
      onIteration: (r) => {
        this.iterations.write(r);
        next.onIteration?.(r);
      },
      onEpoch: (e) => {
        this.epochs.write(e);
        this.timing.write(e);
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
