import { LOCAL_ONLY, MapRecorder, sampleTimesS, type MapSite, type RecordMode } from '../metrics/map-recorder.js';
import type { resolveSimulation, SimulationOptions } from './simulation.js';

type SimulationConfig = ReturnType<typeof resolveSimulation>;

/** What to record for the map: the sampling and the sites' positions (placed by the scenario). */
export interface MapRequest {
  mode: RecordMode;
  sites: readonly MapSite[];
  userCount: number;
}

type MapListeners = Pick<SimulationOptions, 'onAllocation' | 'probe'>;

/**
 * A MapRecorder subscribed to a run: positions through the probe, the
 * association through the allocation listener. The caller's own listeners
 * (if any) still hear everything. Reading positions does not disturb the
 * run: mobility models are functions of time, and the probe's channel reads
 * leave every random stream where it was (test/system/map-output.test.ts).
 */
export function recordMap(options: SimulationOptions, request: MapRequest | undefined, simulation: SimulationConfig): { recorder: MapRecorder | null; listeners: MapListeners; probeEvents: number } {
  if (request === undefined || request.mode.kind === 'none') return { recorder: null, listeners: {}, probeEvents: 0 };
  const recorder = new MapRecorder(request.sites, request.userCount, options.topology.area);
  const mine = sampleTimesS(request.mode, simulation.horizonS, simulation.epochS);
  const theirs = options.probe;
  const theirTimes = new Set(theirs?.timesS ?? []);
  const mineSet = new Set(mine);
  const timesS = [...new Set([...mine, ...theirTimes])].sort((a, b) => a - b);
  return {
    recorder,
    // The probe's own events, so run.json's event count is the same with or without a map.
    probeEvents: timesS.length - theirTimes.size,
    listeners: {
      probe: {
        timesS,
        onProbe: (t, gains, positions) => {
          if (mineSet.has(t)) recorder.position(t, positions);
          if (theirTimes.has(t)) theirs!.onProbe(t, gains, positions);
        },
      },
      onAllocation: (call) => {
        const layers = call.snapshot.layers;
        recorder.association(call.index, call.snapshot.timeS, call.users, call.decision.users.map((d) => (d.alpha >= layers ? LOCAL_ONLY : d.server)));
        options.onAllocation?.(call);
      },
    },
  };
}
