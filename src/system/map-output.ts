import { LOCAL_ONLY, MapRecorder, sampleTimesS, type MapSite, type RecordMode } from '../metrics/map-recorder.js';
import type { SimulationConfig } from './config.js';
import type { RunListeners } from './events.js';

/** What to record for the map: the sampling and the sites' positions (placed by the scenario). */
export interface MapRequest {
  mode: RecordMode;
  sites: readonly MapSite[];
  userCount: number;
}

type MapListeners = Pick<RunListeners, 'onAllocation' | 'probe'>;

/**
 * A MapRecorder subscribed to a run: positions through the probe, the
 * association through the allocation listener. The caller's own listeners
 * (`theirs`, if any) still hear everything. Reading positions does not
 * disturb the run: mobility models are functions of time, and the probe's
 * channel reads leave every random stream where it was
 * (test/system/map-output.test.ts).
 */
export function recordMap(
  theirs: MapListeners,
  area: { widthM: number; heightM: number },
  request: MapRequest | undefined,
  simulation: SimulationConfig,
): { recorder: MapRecorder | null; listeners: MapListeners; probeEvents: number } {
  if (request === undefined || request.mode.kind === 'none') return { recorder: null, listeners: {}, probeEvents: 0 };
  const recorder = new MapRecorder(request.sites, request.userCount, area);
  const mine = sampleTimesS(request.mode, simulation.horizonS, simulation.epochS);
  const theirProbe = theirs.probe;
  const theirTimes = new Set(theirProbe?.timesS ?? []);
  const mineSet = new Set(mine);
  const timesS = [...new Set([...mine, ...theirTimes])].sort((a, b) => a - b);
  return {
    recorder,
    // The probe's own events, so run.json's event count is the same with or without a map.
    probeEvents: timesS.length - theirTimes.size,
    listeners: {
      probe: {
        timesS,
        gains: theirProbe !== undefined && theirProbe.gains !== false,
        onProbe: (t, gains, positions) => {
          if (mineSet.has(t)) recorder.position(t, positions);
          if (theirTimes.has(t)) theirProbe!.onProbe(t, gains, positions);
        },
      },
      onAllocation: (call) => {
        const layers = call.snapshot.layers;
        recorder.association(call.index, call.snapshot.timeS, call.users, call.decision.users.map((d) => (d.alpha >= layers ? LOCAL_ONLY : d.server)));
        theirs.onAllocation?.(call);
      },
    },
  };
}
