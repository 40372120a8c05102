import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { readNumericCsv } from '../engine/csv-input.js';
import { InputError, readInputFile } from '../engine/input-error.js';
import type { Motion, MotionSample } from '../engine/geometry.js';
import type { Fading, FadingProcess } from './fading.js';
import { fadingPlugin } from './fading-plugin.js';

/**
 * A fading trace: the small-scale fading power |h|^2 of each (user, server)
 * link over time, read from a CSV file with the header `t,user,server,gainDb`
 * (time in s, user and server indices from 0, power in dB) as
 * `mecsim trace fading` writes it or as measured. Between samples a link
 * keeps its last value; before its first sample it has its first value. Rows
 * may come in any order; they are sorted by time within each link.
 *
 * Memory is proportional to the rows: links are kept in a map, never in an
 * array indexed by id, so a row naming user 10^9 costs one entry, and with
 * the topology's counts given it is refused at its line.
 */
export interface ChannelTraceLink {
  t: Float64Array;
  /** Linear power 10^(gainDb/10) of each sample. */
  power: Float64Array;
}

/** Fading powers beyond these are not fading (the model has mean power 1). */
export const TRACE_GAIN_DB_MIN = -200;
export const TRACE_GAIN_DB_MAX = 60;

/** How many users and servers the scenario has, to check a trace against. */
export interface ChannelTraceLimits {
  users: number;
  servers: number;
}

export class ChannelTrace {
  constructor(
    readonly file: string,
    readonly links: ReadonlyMap<string, ChannelTraceLink>,
    /** The last sample time of the file (s). */
    readonly endS: number,
  ) {}

  link(user: number, server: number): ChannelTraceLink | undefined {
    return this.links.get(`${user}/${server}`);
  }
}

/** Fading read from a trace: `radio.fading: {"model": "trace", "file": ...}`. */
export class TraceFading implements Fading {
  readonly name = 'trace';
  /** A sample held until the next one: the value at t is read from the file, whatever was queried before. */
  readonly pure = true;
  constructor(readonly trace: ChannelTrace) {}

  link(user: number, server: number): FadingProcess {
    const link = this.trace.link(user, server);
    if (link === undefined) throw new RangeError(`${this.trace.file}: no samples for user ${user}, server ${server}`);
    return new TraceFadingProcess(link);
  }
}

/** One link of a trace, held between samples; queries mostly move forward a little. */
export class TraceFadingProcess implements FadingProcess {
  private k = 0;
  constructor(private readonly link: ChannelTraceLink) {}

  power(t: number): number {
    const ts = this.link.t;
    let k = this.k;
    if (t < ts[k]) {
      // Binary search for the last sample at or before t (0 if none).
      let lo = 0;
      let hi = k;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (ts[mid] <= t) lo = mid;
        else hi = mid - 1;
      }
      k = lo;
    } else {
      while (k + 1 < ts.length && ts[k + 1] <= t) k++;
    }
    this.k = k;
    return this.link.power[k];
  }
}

export function readChannelTrace(file: string, limits?: ChannelTraceLimits): ChannelTrace {
  return parseChannelTrace(readInputFile(file, 'a channel trace'), file, limits);
}

/**
 * Parses a fading trace. With `limits`, every id must name a user or server
 * of the scenario and every link of the scenario must have a sample.
 */
export function parseChannelTrace(text: string, file: string, limits?: ChannelTraceLimits): ChannelTrace {
  const raw = new Map<string, number[][]>();
  let endS = 0;
  readNumericCsv(text, file, ['t', 'user', 'server', 'gainDb'], ([t, user, server, gainDb], where, f) => {
    checkId(user, f[1], 'user', limits?.users, file, where);
    checkId(server, f[2], 'server', limits?.servers, file, where);
    if (t < 0) throw new InputError(file, where, `expected a time >= 0, got ${t}`);
    if (gainDb < TRACE_GAIN_DB_MIN || gainDb > TRACE_GAIN_DB_MAX) {
      throw new InputError(file, where, `expected a fading power gainDb from ${TRACE_GAIN_DB_MIN} to ${TRACE_GAIN_DB_MAX} dB, got ${f[3].slice(0, 40)}`);
    }
    const key = `${user}/${server}`;
    let rows = raw.get(key);
    if (rows === undefined) raw.set(key, (rows = []));
    rows.push([t, gainDb, Number(where.slice(5))]);
    endS = Math.max(endS, t);
  });
  const links = new Map<string, ChannelTraceLink>();
  for (const [key, rows] of raw) {
    rows.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
    for (let k = 1; k < rows.length; k++) {
      if (rows[k][0] === rows[k - 1][0]) {
        const [u, s] = key.split('/');
        throw new InputError(file, `line ${rows[k][2]}`, `expected one sample per time for user ${u}, server ${s}: ${rows[k][0]} s is also on line ${rows[k - 1][2]}`);
      }
    }
    links.set(key, { t: Float64Array.from(rows, (r) => r[0]), power: Float64Array.from(rows, (r) => Math.pow(10, r[1] / 10)) });
  }
  if (limits !== undefined) {
    for (let u = 0; u < limits.users; u++) {
      for (let s = 0; s < limits.servers; s++) {
        if (!links.has(`${u}/${s}`)) {
          throw new InputError(file, undefined, `has no samples for user ${u}, server ${s}; a fading trace must cover every link of the topology's ${limits.users} users x ${limits.servers} servers`);
        }
      }
    }
  }
  return new ChannelTrace(file, links, endS);
}

function checkId(v: number, text: string, what: string, count: number | undefined, file: string, where: string): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new InputError(file, where, `expected a ${what} index that is an integer from 0 to 2^53, got ${text.slice(0, 40)}`);
  if (count !== undefined && v >= count) {
    throw new InputError(file, where, `${what} ${v} is not in the topology, which has ${count} ${what}s (indices 0 to ${count - 1})`);
  }
}

/** CSV text of channel samples, numbers in shortest round-trip form. */
export function formatChannelCsv(rows: readonly { t: number; user: number; server: number; gainDb: number }[]): string {
  const out = ['t,user,server,gainDb'];
  for (const r of rows) out.push(`${r.t},${r.user},${r.server},${r.gainDb}`);
  return out.join('\n') + '\n';
}

/**
 * Samples the small-scale fading of every (user, server) link at the given
 * times, in dB; users' movement drives the Doppler of Gauss-Markov fading.
 */
export function sampleFadingTrace(
  fading: Fading,
  users: readonly Motion[],
  serverCount: number,
  times: readonly number[],
): { t: number; user: number; server: number; gainDb: number }[] {
  const procs = users.map((_, u) => Array.from({ length: serverCount }, (_, m) => fading.link(u, m)));
  const s: MotionSample = { x: 0, y: 0, speedMps: 0, travelledM: 0 };
  const rows: { t: number; user: number; server: number; gainDb: number }[] = [];
  for (const t of times) {
    for (let u = 0; u < users.length; u++) {
      users[u].sample(t, s);
      for (let m = 0; m < serverCount; m++) {
        rows.push({ t, user: u, server: m, gainDb: 10 * Math.log10(procs[u][m].power(t, s.travelledM)) });
      }
    }
  }
  return rows;
}

/** The registry's entry: topology `{"model": "trace", "file": ...}`. */
export const traceFading = fadingPlugin({
  description: 'read from a CSV file of fading power per link and time',
  schema: z.strictObject({
    model: z.literal('trace'),
    file: z.string().min(1).describe('CSV t,user,server,gainDb (fading power in dB, as `mecsim trace fading` writes); relative to the topology file'),
  }),
  create: (p, _streams, ctx) => {
    const file = isAbsolute(p.file) || ctx.baseDir === undefined ? p.file : resolve(ctx.baseDir, p.file);
    const limits = ctx.userCount === undefined || ctx.serverCount === undefined ? undefined : { users: ctx.userCount, servers: ctx.serverCount };
    return new TraceFading(readChannelTrace(file, limits));
  },
});
