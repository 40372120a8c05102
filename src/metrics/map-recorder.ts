import type { Position } from '../engine/geometry.js';

/**
 * What the animated map of a run report needs (docs/reports.md): where the
 * sites are, where each phone is at sampled times, and which site serves each
 * phone after every allocator call. Fed by the simulation's probe and
 * allocation listeners; the run-folder writer stores `toJson()` as map.json.
 * Phone states (computing, uploading, ...) are not recorded here: the report
 * derives them from iterations.csv, which has every stage time already.
 */

/** How often phone positions are sampled. */
export type RecordMode = { kind: 'none' } | { kind: 'epochs' } | { kind: 'interval'; everyS: number };

/** The default of `mecsim run --record`: a map smooth enough to follow a phone, about 0.33 MB per simulated hour for urban.json's 60 phones. */
export const DEFAULT_RECORD: RecordMode = { kind: 'interval', everyS: 10 };

/** Association codes besides a site index. */
export const NOT_ACTIVE = -1;
export const LOCAL_ONLY = -2;

export type MapSite = Position;

/** The content of map.json. */
export interface MapTrace {
  format: 'mecsim-map';
  version: 1;
  areaM: { widthM: number; heightM: number };
  sites: MapSite[];
  users: number;
  /** Sample times (s), ascending. */
  samplesS: number[];
  /** Per sample: x0, y0, x1, y1, ... in whole metres. */
  positionsM: number[][];
  /** Per allocator call: its time and, per phone, the serving site, NOT_ACTIVE or LOCAL_ONLY. */
  epochs: { index: number; timeS: number; server: number[] }[];
}

/**
 * Sample times of a mode over [0, horizonS]: every `everyS` seconds, or at the
 * periodic allocator calls (triggered calls come at times not known in advance).
 */
export function sampleTimesS(mode: RecordMode, horizonS: number, epochS: number): number[] {
  if (mode.kind === 'none') return [];
  const step = mode.kind === 'epochs' ? epochS : mode.everyS;
  const n = Math.floor(horizonS / step + 1e-9);
  const out: number[] = [];
  // k * step rather than a running sum, so the times carry no accumulated rounding.
  for (let k = 0; k <= n; k++) out.push(k * step);
  return out;
}

export class MapRecorder {
  private readonly samplesS: number[] = [];
  private readonly positionsM: number[][] = [];
  private readonly epochs: MapTrace['epochs'] = [];

  constructor(
    private readonly sites: readonly MapSite[],
    private readonly userCount: number,
    private readonly areaM: { widthM: number; heightM: number },
  ) {}

  /** Positions of every phone at time t (as the simulation's probe gives them). */
  position(timeS: number, positions: readonly Position[]): void {
    this.samplesS.push(timeS);
    const flat = new Array<number>(2 * positions.length);
    // Whole metres: the map is drawn a few hundred pixels wide, and the file stays small.
    positions.forEach((p, i) => {
      flat[2 * i] = Math.round(p.xM);
      flat[2 * i + 1] = Math.round(p.yM);
    });
    this.positionsM.push(flat);
  }

  /**
   * One allocator call: `users[k]` got `servers[k]`, or LOCAL_ONLY when it
   * trains every layer itself; phones not listed are NOT_ACTIVE.
   */
  association(index: number, timeS: number, users: readonly number[], servers: readonly number[]): void {
    const server = new Array<number>(this.userCount).fill(NOT_ACTIVE);
    users.forEach((n, k) => (server[n] = servers[k]));
    this.epochs.push({ index, timeS, server });
  }

  trace(): MapTrace {
    return {
      format: 'mecsim-map',
      version: 1,
      areaM: this.areaM,
      sites: this.sites.map((s) => ({ xM: s.xM, yM: s.yM })),
      users: this.userCount,
      samplesS: this.samplesS,
      positionsM: this.positionsM,
      epochs: this.epochs,
    };
  }

  /** map.json: one line per sample and per call, so the file diffs and greps well. */
  toJson(): string {
    const t = this.trace();
    const lines = [
      '{',
      `"format":"mecsim-map","version":1,"areaM":${JSON.stringify(t.areaM)},"users":${t.users},`,
      `"sites":${JSON.stringify(t.sites)},`,
      `"samplesS":${JSON.stringify(t.samplesS)},`,
      '"positionsM":[',
      t.positionsM.map((p) => JSON.stringify(p)).join(',\n'),
      '],',
      '"epochs":[',
      t.epochs.map((e) => JSON.stringify(e)).join(',\n'),
      ']',
      '}',
    ];
    return lines.join('\n') + '\n';
  }
}
