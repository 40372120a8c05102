import { readNumericCsv } from '../engine/csv-input.js';
import { InputError, readInputFile } from '../engine/input-error.js';
import { SampledMobility, type MobilityModel, type MobilitySample } from './mobility.js';

/**
 * Mobility traces: the path of each node as waypoints (t_k, x_k, y_k) with
 * straight-line motion between them. Two formats are read:
 *
 * - CSV with the header `t,id,x,y` (seconds, integer node id, metres), one
 *   row per node and sample, times strictly increasing per node;
 * - ns-2 "setdest" scripts as written by ns-2's setdest tool and BonnMotion:
 *   `$node_(i) set X_ x` / `Y_` / `Z_` for the initial position and
 *   `$ns_ at t "$node_(i) setdest x y speed"` to head for (x, y) at `speed`
 *   m/s from time t (a later command interrupts the current movement;
 *   speed 0 stops the node). `$god_` lines and `#` comments are skipped.
 *
 * A node stays at its first waypoint before it and at its last one after it.
 */
export interface NodePath {
  t: Float64Array;
  x: Float64Array;
  y: Float64Array;
  /** Path length travelled up to each waypoint. */
  d: Float64Array;
}

export type MobilityTrace = Map<number, NodePath>;

/** Reads a mobility trace file, recognising its format from its first line. */
export function readMobilityTrace(file: string): MobilityTrace {
  return parseMobilityTrace(readInputFile(file, 'a mobility trace'), file);
}

export function parseMobilityTrace(text: string, file: string): MobilityTrace {
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '';
  return firstLine.trim().startsWith('$') ? parseNs2Trace(text, file) : parseCsvMobilityTrace(text, file);
}

export function parseCsvMobilityTrace(text: string, file: string): MobilityTrace {
  const raw = new Map<number, number[][]>();
  readNumericCsv(text, file, ['t', 'id', 'x', 'y'], ([t, id, x, y], where, f) => {
    if (!Number.isInteger(id) || id < 0) throw new InputError(file, where, `expected a node id that is an integer >= 0, got ${f[1]}`);
    if (t < 0) throw new InputError(file, where, `expected a time >= 0, got ${t}`);
    let rows = raw.get(id);
    if (rows === undefined) raw.set(id, (rows = []));
    const prev = rows[rows.length - 1];
    if (prev !== undefined && !(t > prev[0])) {
      throw new InputError(file, where, `expected times to increase for node ${id}: ${t} s after ${prev[0]} s`);
    }
    rows.push([t, x, y]);
  });
  const out: MobilityTrace = new Map();
  for (const [id, rows] of raw) out.set(id, toPath(rows));
  return out;
}

const NS2_SET = /^\$node_\((\d+)\)\s+set\s+([XYZ])_\s+(\S+)$/;
const NS2_SETDEST = /^\$ns_\s+at\s+(\S+)\s+"\$node_\((\d+)\)\s+setdest\s+(\S+)\s+(\S+)\s+(\S+)\s*"$/;

interface Ns2Node {
  x?: number;
  y?: number;
  /** Waypoints so far; the last one may be the end of a movement in progress. */
  rows: number[][];
  /** Time of the last command. */
  lastT: number;
}

export function parseNs2Trace(text: string, file: string): MobilityTrace {
  const lines = text.split(/\r?\n/);
  const nodes = new Map<number, Ns2Node>();
  const node = (id: number): Ns2Node => {
    let n = nodes.get(id);
    if (n === undefined) nodes.set(id, (n = { rows: [], lastT: 0 }));
    return n;
  };
  const num = (s: string, where: string, what: string): number => {
    const v = Number(s);
    if (s === '' || !Number.isFinite(v)) throw new InputError(file, where, `expected ${what} to be a finite number, got "${s}"`);
    return v;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#') || line.includes('$god_')) continue;
    const where = `line ${i + 1}`;
    let m = NS2_SET.exec(line);
    if (m !== null) {
      const n = node(Number(m[1]));
      if (n.rows.length > 0) throw new InputError(file, where, `expected the initial position of node ${m[1]} before its first setdest`);
      const v = num(m[3], where, `${m[2]}_`);
      if (m[2] === 'X') n.x = v;
      else if (m[2] === 'Y') n.y = v;
      continue;
    }
    m = NS2_SETDEST.exec(line);
    if (m === null) {
      throw new InputError(file, where, 'expected `$node_(i) set X_|Y_|Z_ value` or `$ns_ at t "$node_(i) setdest x y speed"`');
    }
    const t = num(m[1], where, 'the time');
    const id = Number(m[2]);
    const x = num(m[3], where, 'x');
    const y = num(m[4], where, 'y');
    const speed = num(m[5], where, 'the speed');
    if (t < 0 || speed < 0) throw new InputError(file, where, `expected a time and a speed >= 0, got ${t} s and ${speed} m/s`);
    const n = node(id);
    if (n.x === undefined || n.y === undefined) {
      throw new InputError(file, where, `expected node ${id}'s initial position (set X_ and Y_) before its first setdest`);
    }
    if (n.rows.length === 0) n.rows.push([0, n.x, n.y]);
    if (t < n.lastT) throw new InputError(file, where, `expected commands of node ${id} in time order: ${t} s after ${n.lastT} s`);
    n.lastT = t;
    const [px, py] = cutAt(n.rows, t);
    const len = Math.hypot(x - px, y - py);
    if (speed > 0 && len > 0) n.rows.push([t + len / speed, x, y]);
  }
  const out: MobilityTrace = new Map();
  for (const [id, n] of nodes) {
    if (n.rows.length === 0) {
      if (n.x === undefined || n.y === undefined) throw new InputError(file, undefined, `node ${id} has no X_ or no Y_`);
      n.rows.push([0, n.x, n.y]);
    }
    out.set(id, toPath(n.rows));
  }
  if (out.size === 0) throw new InputError(file, 'line 1', 'expected ns-2 node positions; the file has none');
  return out;
}

/**
 * Ends the movement in progress at time t (a new command interrupts it) and
 * returns the position there. Rows hold (t, x, y) waypoints.
 */
function cutAt(rows: number[][], t: number): [number, number] {
  const last = rows[rows.length - 1];
  if (t >= last[0]) {
    if (t > last[0]) rows.push([t, last[1], last[2]]);
    return [last[1], last[2]];
  }
  const prev = rows[rows.length - 2];
  const f = (t - prev[0]) / (last[0] - prev[0]);
  const x = prev[1] + f * (last[1] - prev[1]);
  const y = prev[2] + f * (last[2] - prev[2]);
  if (t === prev[0]) rows.pop();
  else rows[rows.length - 1] = [t, x, y];
  return [x, y];
}

function toPath(rows: number[][]): NodePath {
  const n = rows.length;
  const p: NodePath = { t: new Float64Array(n), x: new Float64Array(n), y: new Float64Array(n), d: new Float64Array(n) };
  for (let k = 0; k < n; k++) {
    p.t[k] = rows[k][0];
    p.x[k] = rows[k][1];
    p.y[k] = rows[k][2];
    p.d[k] = k === 0 ? 0 : p.d[k - 1] + Math.hypot(p.x[k] - p.x[k - 1], p.y[k] - p.y[k - 1]);
  }
  return p;
}

/** A user following one node of a trace, interpolating linearly between waypoints. */
export class TraceMobility extends SampledMobility {
  readonly name = 'trace';
  private k = 0;

  constructor(private readonly path: NodePath) {
    super();
  }

  sample(t: number, out: MobilitySample): MobilitySample {
    if (!(t >= 0) || t === Infinity) throw new RangeError(`mobility: time must be finite and >= 0, got ${t}`);
    const p = this.path;
    const n = p.t.length;
    if (n === 1 || t <= p.t[0] || t >= p.t[n - 1]) {
      const k = t <= p.t[0] ? 0 : n - 1;
      out.x = p.x[k];
      out.y = p.y[k];
      out.speedMps = 0;
      out.travelledM = p.d[k];
      return out;
    }
    // Segment k covers [t_k, t_{k+1}); walk from the last one used, since
    // queries mostly move forward a little at a time.
    let k = this.k;
    if (t < p.t[k]) k = upperBound(p.t, t) - 1;
    else while (t >= p.t[k + 1]) k++;
    this.k = k;
    const t0 = p.t[k];
    const t1 = p.t[k + 1];
    if (t === t0) {
      out.x = p.x[k];
      out.y = p.y[k];
    } else {
      const f = (t - t0) / (t1 - t0);
      out.x = p.x[k] + f * (p.x[k + 1] - p.x[k]);
      out.y = p.y[k] + f * (p.y[k + 1] - p.y[k]);
    }
    const len = p.d[k + 1] - p.d[k];
    out.speedMps = len / (t1 - t0);
    out.travelledM = p.d[k] + (len * (t - t0)) / (t1 - t0);
    return out;
  }
}

/** First index whose value is > x. */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One sample of a mobility trace. */
export interface TraceRow {
  t: number;
  id: number;
  x: number;
  y: number;
}

/**
 * CSV text of samples; numbers are written in JavaScript's shortest
 * round-trip form, so reading the file back gives the same doubles.
 */
export function formatMobilityCsv(rows: readonly TraceRow[]): string {
  const out = ['t,id,x,y'];
  for (const r of rows) out.push(`${r.t},${r.id},${r.x},${r.y}`);
  return out.join('\n') + '\n';
}

/**
 * An ns-2 setdest script through the same samples: each node starts at its
 * first sample and, from each sample time, heads for the next sample at the
 * speed that gets it there on time. Rows must be grouped by nothing in
 * particular but sorted by time within each node.
 */
export function formatMobilityNs2(rows: readonly TraceRow[]): string {
  const byNode = new Map<number, TraceRow[]>();
  for (const r of rows) {
    let list = byNode.get(r.id);
    if (list === undefined) byNode.set(r.id, (list = []));
    list.push(r);
  }
  const ids = [...byNode.keys()].sort((a, b) => a - b);
  const out: string[] = [];
  for (const id of ids) {
    const first = byNode.get(id)![0];
    out.push(`$node_(${id}) set X_ ${first.x}`, `$node_(${id}) set Y_ ${first.y}`, `$node_(${id}) set Z_ 0`);
  }
  const commands: { t: number; id: number; line: string }[] = [];
  for (const id of ids) {
    const list = byNode.get(id)!;
    for (let k = 0; k + 1 < list.length; k++) {
      const a = list[k];
      const b = list[k + 1];
      const len = Math.hypot(b.x - a.x, b.y - a.y);
      if (len === 0) continue;
      commands.push({ t: a.t, id, line: `$ns_ at ${a.t} "$node_(${id}) setdest ${b.x} ${b.y} ${len / (b.t - a.t)}"` });
    }
  }
  commands.sort((a, b) => a.t - b.t || a.id - b.id);
  for (const c of commands) out.push(c.line);
  return out.join('\n') + '\n';
}

/** Sample times k * stepS for k = 0, 1, ... up to durationS (computed, not accumulated). */
export function sampleTimes(durationS: number, stepS: number): number[] {
  const n = Math.floor(durationS / stepS + 1e-9);
  return Array.from({ length: n + 1 }, (_, k) => k * stepS);
}

/** The positions of each user at each time, as trace rows (time-major). */
export function sampleMobilityTrace(users: readonly MobilityModel[], times: readonly number[]): TraceRow[] {
  const rows: TraceRow[] = [];
  const s: MobilitySample = { x: 0, y: 0, speedMps: 0, travelledM: 0 };
  for (const t of times) {
    for (let id = 0; id < users.length; id++) {
      users[id].sample(t, s);
      rows.push({ t, id, x: s.x, y: s.y });
    }
  }
  return rows;
}
