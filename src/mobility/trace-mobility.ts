import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { quoteLine } from '../engine/text-lines.js';
import { type MobilityContext, mobilityPlugin } from './mobility-plugin.js';
import { firstOutside } from './trace-path.js';
import { readNumericCsv } from '../engine/csv-input.js';
import { InputError, readInputFile } from '../engine/input-error.js';
import { splitLines } from '../engine/text-lines.js';
import { parseNs2Trace } from './ns2-trace.js';
import { MobilityTrace, type NodePath, type TraceFormat, toPath } from './trace-path.js';
import { SampledMobility, type MobilityModel, type MobilitySample } from './mobility.js';

/**
 * Mobility traces: the path of each node as waypoints (t_k, x_k, y_k) with
 * straight-line motion between them. Two formats are read:
 *
 * - CSV with the header `t,id,x,y` (seconds, integer node id, metres), one
 *   row per node and sample, times strictly increasing per node;
 * - ns-2 movement, from a setdest or BonnMotion file or a whole Tcl script
 *   (see ns2-trace.ts).
 *
 * A node stays at its first waypoint before it and at its last one after it.
 */
export { MobilityTrace, type NodePath, type SkippedLine, type TraceFormat } from './trace-path.js';
export { parseNs2Trace } from './ns2-trace.js';

const NS2_EXTENSIONS = ['.ns2', '.tcl', '.ns_movements', '.movements'];

/**
 * The format of a trace file: from its extension (`.csv`; `.ns2`, `.tcl`,
 * `.ns_movements`, `.movements`), else from its first line that is not blank
 * or a comment (the CSV header or a number starts a CSV file).
 */
export function detectTraceFormat(file: string, text: string): TraceFormat {
  const name = file.toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (NS2_EXTENSIONS.some((e) => name.endsWith(e))) return 'ns2';
  const first = splitLines(text).map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#')) ?? '';
  return first.replace(/\s+/g, '') === 't,id,x,y' || /^[0-9.+-]/.test(first) ? 'csv' : 'ns2';
}

/** Reads a mobility trace file in the given format, or the one `detectTraceFormat` finds. */
export function readMobilityTrace(file: string, format?: TraceFormat): MobilityTrace {
  return parseMobilityTrace(readInputFile(file, 'a mobility trace'), file, format);
}

export function parseMobilityTrace(text: string, file: string, format: TraceFormat = detectTraceFormat(file, text)): MobilityTrace {
  return format === 'ns2' ? parseNs2Trace(text, file) : parseCsvMobilityTrace(text, file);
}

const looksNs2 = (line: string) =>
  line.startsWith('$') || line.startsWith('set ') ? ' (this looks like an ns-2 script: name it .ns2 or .tcl, or give "format": "ns2")' : '';

export function parseCsvMobilityTrace(text: string, file: string): MobilityTrace {
  const raw = new Map<number, number[][]>();
  let endS = 0;
  readNumericCsv(
    text,
    file,
    ['t', 'id', 'x', 'y'],
    ([t, id, x, y], where, f) => {
      if (!Number.isSafeInteger(id) || id < 0) throw new InputError(file, where, `expected a node id that is an integer from 0 to 2^53, got ${f[1].slice(0, 40)}`);
      if (t < 0) throw new InputError(file, where, `expected a time >= 0, got ${t}`);
      let rows = raw.get(id);
      if (rows === undefined) raw.set(id, (rows = []));
      const prev = rows[rows.length - 1];
      if (prev !== undefined && !(t > prev[0])) {
        throw new InputError(file, where, `expected times to increase for node ${id}: ${t} s after ${prev[0]} s`);
      }
      rows.push([t, x, y, Number(where.slice(5))]);
      endS = Math.max(endS, t);
    },
    looksNs2,
  );
  const out = new MobilityTrace(file, 'csv', endS);
  for (const [id, rows] of raw) out.set(id, toPath(rows));
  return out;
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

/** The registry's entry: topology `{"model": "trace", "file": ...}`. */
export const traceMobility = mobilityPlugin({
  description: 'replays a recorded path (CSV or ns-2 movement file)',
  schema: z.strictObject({
    model: z.literal('trace'),
    file: z.string().min(1).describe('CSV (t,id,x,y) or ns-2 movement file or Tcl script; relative to the topology file'),
    format: z
      .enum(['csv', 'ns2'])
      .optional()
      .describe('file format; when absent, from the extension (.csv; .ns2, .tcl, .ns_movements, .movements), else from the content'),
    node: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .describe("node id in the trace; the user's index when absent. With a node, every user of the group follows it, so the group's count must be 1. A trace group's placement is not used"),
  }),
  create: (p, _streams, ctx, where, source) => {
    const file = isAbsolute(p.file) || ctx.baseDir === undefined ? p.file : resolve(ctx.baseDir, p.file);
    const key = `${p.format ?? ''}:${file}`;
    let trace = ctx.traces?.get(key);
    if (trace === undefined) {
      trace = readMobilityTrace(file, p.format);
      ctx.traces?.set(key, trace);
      reportSkipped(trace, ctx);
    }
    const node = p.node ?? ctx.user;
    const path = trace.get(node);
    if (path === undefined) {
      const has = `it has ${trace.size} node${trace.size === 1 ? '' : 's'} (${describeIds([...trace.keys()])})`;
      if (p.node === undefined && ctx.userCount !== undefined && ctx.userCount > trace.size) {
        throw new InputError(source, where, `the trace ${file} has fewer nodes than the topology's ${ctx.userCount} users: ${has}, and user ${ctx.user} follows node ${node}`);
      }
      throw new InputError(source, p.node === undefined ? where : `${where}.node`, `node ${node} is not in the trace ${file} (${has})`);
    }
    const k = firstOutside(path, ctx.area.widthM, ctx.area.heightM);
    if (k >= 0) {
      throw new InputError(
        file,
        `line ${path.line[k]}`,
        `node ${node} is at (${path.x[k]}, ${path.y[k]}) m at ${path.t[k]} s, outside the topology's area [0, ${ctx.area.widthM}] x [0, ${ctx.area.heightM}] m; enlarge the area or shift the trace`,
      );
    }
    return new TraceMobility(path);
  },
});

/** Says how many lines of a trace were not movement, and with `verbose` which. */
function reportSkipped(trace: MobilityTrace, ctx: MobilityContext): void {
  const n = trace.skipped.length;
  if (n === 0 || ctx.notify === undefined) return;
  ctx.notify(
    `${trace.file}: read ${trace.size} node${trace.size === 1 ? '' : 's'} (${trace.format}); skipped ${n} line${n === 1 ? '' : 's'} that ${n === 1 ? 'is' : 'are'} not movement${ctx.verbose === true ? ':' : ' (--verbose lists them)'}`,
  );
  if (ctx.verbose === true) for (const s of trace.skipped) ctx.notify(`  line ${s.line}: ${quoteLine(s.text)}`);
}

/** Node ids in short form: "0-49", or the first few. */
function describeIds(ids: number[]): string {
  const sorted = ids.sort((a, b) => a - b);
  if (sorted.length > 1 && sorted[sorted.length - 1] - sorted[0] === sorted.length - 1) return `ids ${sorted[0]}-${sorted[sorted.length - 1]}`;
  const shown = sorted.slice(0, 10).join(', ');
  return `id${sorted.length === 1 ? '' : 's'} ${shown}${sorted.length > 10 ? ', ...' : ''}`;
}
