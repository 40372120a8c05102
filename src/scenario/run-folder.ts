import type { MapRequest } from '../system/map-output.js';
import { recordMap } from '../system/map-output.js';
import { RunFolderWriter, type ReproducibleSummary } from '../system/run-output.js';
import { resolveSimulation, runSimulation, type SimulationOptions, type SimulationResult } from './simulate.js';

export { epochFileColumns, timingColumns, type ReproducibleSummary } from '../system/run-output.js';

export interface RunFolderOptions extends SimulationOptions {
  /** The folder to write (replaced atomically when complete). */
  out: string;
  /** mecsim's version, recorded in run.json. */
  version: string;
  /** What map.json records for the run report (default: no map.json). */
  map?: MapRequest;
}

/**
 * Runs a topology and writes its folder (system/run-output.ts):
 * `run.json` (resolved scenario, seed, version, summary, counts), the CSV
 * files streamed as the run goes, and `map.json` when asked. On an error
 * nothing appears and an earlier folder of the same name is kept.
 */
export async function runToFolder(options: RunFolderOptions): Promise<SimulationResult> {
  let result: SimulationResult | undefined;
  let failure: unknown;
  // The run is async and the folder's own helper takes a synchronous body,
  // so the folder is committed or aborted here by hand, with the same rule.
  const writer = new RunFolderWriter(options.out);
  try {
    const files = writer.listeners(options);
    const simulation = resolveSimulation(options);
    const map = recordMap(options, options.topology.area, options.map, simulation);
    result = await runSimulation({ ...options, ...map.listeners, ...files });
    const { solveWallMeanS: _wall, ...summary } = result.summary;
    if (map.recorder !== null) writer.writeText('map.json', map.recorder.toJson());
    writer.writeJson('run.json', {
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
      ...(result.excludedUsers !== undefined ? { excludedUsers: result.excludedUsers } : {}),
      ...(result.deviceLimits !== undefined ? { deviceLimits: result.deviceLimits } : {}),
      scenario: { ...options.topology, seed: result.seed, simulation },
    });
  } catch (err) {
    failure = err;
  }
  if (failure !== undefined || result === undefined) {
    writer.abort();
    throw failure;
  }
  writer.commit();
  return result;
}
