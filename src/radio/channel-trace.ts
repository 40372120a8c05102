import { readNumericCsv } from '../engine/csv-input.js';
import { InputError, readInputFile } from '../engine/input-error.js';
import type { MobilityModel, MobilitySample } from '../mobility/mobility.js';
import type { LinkGains } from './channel.js';
import type { Fading } from './fading.js';

/**
 * A channel read from a CSV file with the header `t,user,server,gainDb`:
 * time (s), user and server indices (integers from 0), and the link's total
 * power gain in dB (path loss, shadowing and fading together, as measured or
 * as written by `mecsim trace fading`). Between samples a link keeps its last
 * value; before its first sample it has its first value. Times must increase
 * strictly within each link.
 */
export interface ChannelTraceLink {
  t: Float64Array;
  gainDb: Float64Array;
}

export class TraceChannel implements LinkGains {
  readonly userCount: number;
  readonly serverCount: number;
  private readonly links: (ChannelTraceLink | undefined)[];
  private readonly cursor: Int32Array;
  private readonly linear: (Float64Array | undefined)[];

  constructor(
    links: Map<string, ChannelTraceLink>,
    readonly source = 'channel trace',
  ) {
    let users = 0;
    let servers = 0;
    for (const key of links.keys()) {
      const [u, s] = key.split('/').map(Number);
      users = Math.max(users, u + 1);
      servers = Math.max(servers, s + 1);
    }
    this.userCount = users;
    this.serverCount = servers;
    this.links = new Array<ChannelTraceLink | undefined>(users * servers).fill(undefined);
    this.linear = new Array<Float64Array | undefined>(users * servers).fill(undefined);
    for (const [key, link] of links) {
      const [u, s] = key.split('/').map(Number);
      this.links[u * servers + s] = link;
      this.linear[u * servers + s] = link.gainDb.map((db) => Math.pow(10, db / 10));
    }
    this.cursor = new Int32Array(users * servers);
  }

  /** The gain in dB held at time t. */
  gainDb(user: number, server: number, t: number): number {
    const i = this.index(user, server, t);
    return this.links[user * this.serverCount + server]!.gainDb[i];
  }

  gain(user: number, server: number, t: number): number {
    const i = this.index(user, server, t);
    return this.linear[user * this.serverCount + server]![i];
  }

  /** A trace holds total gains only, so the large-scale gain is the same value. */
  largeScaleGain(user: number, server: number, t: number): number {
    return this.gain(user, server, t);
  }

  private index(user: number, server: number, t: number): number {
    const li = user * this.serverCount + server;
    const link = server >= 0 && server < this.serverCount ? this.links[li] : undefined;
    if (link === undefined) throw new RangeError(`${this.source}: no samples for user ${user}, server ${server}`);
    const ts = link.t;
    let k = this.cursor[li];
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
    this.cursor[li] = k;
    return k;
  }
}

export function readChannelTrace(file: string): TraceChannel {
  return parseChannelTrace(readInputFile(file, 'a channel trace'), file);
}

export function parseChannelTrace(text: string, file: string): TraceChannel {
  const raw = new Map<string, number[][]>();
  readNumericCsv(text, file, ['t', 'user', 'server', 'gainDb'], ([t, user, server, gainDb], where, f) => {
    if (!Number.isInteger(user) || user < 0) throw new InputError(file, where, `expected a user index that is an integer >= 0, got ${f[1]}`);
    if (!Number.isInteger(server) || server < 0) throw new InputError(file, where, `expected a server index that is an integer >= 0, got ${f[2]}`);
    const key = `${user}/${server}`;
    let rows = raw.get(key);
    if (rows === undefined) raw.set(key, (rows = []));
    const prev = rows[rows.length - 1];
    if (prev !== undefined && !(t > prev[0])) {
      throw new InputError(file, where, `expected times to increase for user ${user}, server ${server}: ${t} s after ${prev[0]} s`);
    }
    rows.push([t, gainDb]);
  });
  const links = new Map<string, ChannelTraceLink>();
  for (const [key, rows] of raw) {
    links.set(key, { t: Float64Array.from(rows, (r) => r[0]), gainDb: Float64Array.from(rows, (r) => r[1]) });
  }
  return new TraceChannel(links, file);
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
  users: readonly MobilityModel[],
  serverCount: number,
  times: readonly number[],
): { t: number; user: number; server: number; gainDb: number }[] {
  const procs = users.map((_, u) => Array.from({ length: serverCount }, (_, m) => fading.link(u, m)));
  const s: MobilitySample = { x: 0, y: 0, speedMps: 0, travelledM: 0 };
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
