import { epochColumns, iterationColumns, type RunSummary } from '../metrics/recorders.js';
import type { CsvWriter } from '../metrics/writers.js';
import { OutputFolder } from '../io/output-folder.js';
import { recordMap, type MapRequest } from './map-output.js';
import { resolveSimulation, runSimulation, type SimulationOptions, type SimulationResult } from './simulation.js';

/** epochs.csv leaves out the wall-clock column, so the file is reproducible; timing.csv has it. */
export const epochFileColumns = epochColumns.filter((c) => c !== 'solveWallS');
export const timingColumns = ['index', 'timeS', 'solveWallS'] as const;

export interface RunFolderOptions extends SimulationOptions {
  /** The folder to write (replaced atomically when complete). */
  out: string;
  /** mecsim's version, recorded in run.json. */
  version: string;
  /** What map.json records for the run report (default: no map.json). */
  map?: MapRequest;
}

/** What run.json holds besides the resolved scenario: everything reproducible. */
export type ReproducibleSummary = Omit<RunSummary, 'solveWallMeanS'>;

/**
 * Runs a simulation and writes its folder: `run.json` (resolved scenario,
 * seed, version, summary, counts), `iterations.csv` and `epochs.csv`
 * (streamed as the run goes), and `timing.csv` (allocator wall-clock times,
 * the one file that differs between two runs with the same seed). Written
 * into a temporary folder and renamed when complete; on an error nothing
 * appears and an earlier folder of the same name is kept.
 */
export async function runToFolder(options: RunFolderOptions): Promise<SimulationResult> {
  let result: SimulationResult | undefined;
  let failure: unknown;
  // writeRunFolder takes a synchronous body and the run is async, so the
  // folder is committed or aborted here by hand, with the same rule.
  const folder = new OutputFolder(options.out);
  try {
    const iterations = folder.csv('iterations.csv', iterationColumns);
    const epochs = folder.csv('epochs.csv', epochFileColumns);
    const timing = folder.csv('timing.csv', timingColumns) as CsvWriter<typeof timingColumns>;
    const simulation = resolveSimulation(options);
    const map = recordMap(options, options.map, simulation);
    result = await runSimulation({
      ...options,
      ...map.listeners,
      onIteration: (r) => {
        iterations.write(r);
        options.onIteration?.(r);
      },
      onEpoch: (e) => {
        epochs.write(e);
        timing.write(e);
        options.onEpoch?.(e);
      },
    });
    const { solveWallMeanS: _wall, ...summary } = result.summary;
    if (map.recorder !== null) folder.writeText('map.json', map.recorder.toJson());
    folder.writeJson('run.json', {
      mecsim: options.version,
      topology: options.topology.name,
      seed: result.seed,
      allocator: result.allocator,
      scheduler: simulation.scheduler,
      horizonS: simulation.horizonS,
      summary: summary satisfies ReproducibleSummary,
      counts: result.counts,
      epochs: result.epochs,
      handovers: result.handovers,
      events: result.events - map.probeEvents,
      outageS: result.outageS,
      edgeMeteredJ: result.edgeMeteredJ,
      scenario: { ...options.topology, seed: result.seed, simulation },
    });
  } catch (err) {
    failure = err;
  }
  if (failure !== undefined || result === undefined) {
    folder.abort();
    throw failure;
  }
  folder.commit();
  return result;
}
