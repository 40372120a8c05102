/**
 * What a mobility trace reader produces, whatever the file format: the path
 * of each node as waypoints (t_k, x_k, y_k) with straight-line motion
 * between them, and what the reader left aside.
 */
export interface NodePath {
  t: Float64Array;
  x: Float64Array;
  y: Float64Array;
  /** Path length travelled up to each waypoint. */
  d: Float64Array;
  /** The file line each waypoint's coordinates come from, for error messages. */
  line: Int32Array;
}

/** A line a reader skipped because it is not movement (a comment, another Tcl command). */
export interface SkippedLine {
  line: number;
  text: string;
}

export type TraceFormat = 'csv' | 'ns2';

/** The paths of a trace file by node id, with what the reader skipped. */
export class MobilityTrace extends Map<number, NodePath> {
  constructor(
    readonly file: string,
    readonly format: TraceFormat,
    /** The last time the file speaks of (s): its last sample, command or arrival. */
    readonly endS: number,
    readonly skipped: readonly SkippedLine[] = [],
  ) {
    super();
  }
}

/** Rows hold (t, x, y, line) waypoints in time order. */
export function toPath(rows: readonly number[][]): NodePath {
  const n = rows.length;
  const p: NodePath = {
    t: new Float64Array(n),
    x: new Float64Array(n),
    y: new Float64Array(n),
    d: new Float64Array(n),
    line: new Int32Array(n),
  };
  for (let k = 0; k < n; k++) {
    p.t[k] = rows[k][0];
    p.x[k] = rows[k][1];
    p.y[k] = rows[k][2];
    p.line[k] = rows[k][3];
    p.d[k] = k === 0 ? 0 : p.d[k - 1] + Math.hypot(p.x[k] - p.x[k - 1], p.y[k] - p.y[k - 1]);
  }
  return p;
}

/** The first waypoint of a path outside [0, W] x [0, H], or -1. */
export function firstOutside(p: NodePath, widthM: number, heightM: number): number {
  for (let k = 0; k < p.t.length; k++) {
    if (!(p.x[k] >= 0 && p.x[k] <= widthM && p.y[k] >= 0 && p.y[k] <= heightM)) return k;
  }
  return -1;
}
