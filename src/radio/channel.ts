import type { RandomStreams } from '../engine/random.js';
import type { Motion, MotionSample, Position } from '../engine/geometry.js';
import type { Fading, FadingProcess } from './fading.js';
import type { LinkGeometry, PathLoss } from './pathloss.js';
import type { Shadowing, ShadowingProcess } from './shadowing.js';

/**
 * What the rest of the simulator asks of a channel: the linear power gain of
 * each (user, server) link at a time. Implemented by the model-based
 * `Channel` (whose fading may itself come from a trace file, see channel-trace.ts).
 */
export interface LinkGains {
  readonly userCount: number;
  readonly serverCount: number;
  /** Instantaneous linear power gain g_nm(t): path loss x shadowing x fading. */
  gain(user: number, server: number, t: number): number;
  /** Large-scale linear gain (path loss x shadowing), what an allocator may plan with. */
  largeScaleGain(user: number, server: number, t: number): number;
}

export interface ChannelOptions {
  pathLoss: PathLoss;
  shadowing: Shadowing;
  fading: Fading;
  /** Server positions (m); servers do not move. */
  servers: readonly Position[];
  /** One mobility model per user. */
  users: readonly Motion[];
  /** Source of the `los/u<n>/s<m>` streams (line-of-sight draws). */
  streams: RandomStreams;
  /** Antenna height of each user (m); absent: the path-loss model's user height. */
  userHeightsM?: readonly number[];
  /** Antenna height of each server (m); absent: the path-loss model's server height. */
  serverHeightsM?: readonly number[];
  /**
   * Keep links in a map per user rather than a users × servers table, and
   * let `retainLinks` drop those a user no longer needs: for worlds where a
   * user links only to its candidate sites. Absent or false: the table.
   */
  sparseLinks?: boolean;
}

/** 10^(x/10) = exp(x ln(10)/10). */
const DB_TO_NEPER = Math.LN10 / 10;

class Link {
  readonly geometry: LinkGeometry;
  /** The time of the last large-scale evaluation, and its value (dB): a gain and a largeScaleGain at one t compute it once. */
  largeT = NaN;
  largeDb = 0;
  constructor(
    readonly fading: FadingProcess,
    readonly shadowing: ShadowingProcess,
    userHeightM: number,
    serverHeightM: number,
    losUniform: number | undefined,
  ) {
    this.geometry = { distance2dM: 0, userHeightM, serverHeightM, losUniform };
  }
}

/**
 * The model-based channel of every (user, server) link,
 *
 *   g_nm(t) = 10^(-PL(d_nm(t))/10) * 10^(S_nm(t)/10) * |h_nm(t)|^2,
 *
 * path loss at the positions of time t, Gudmundson shadowing advanced by the
 * distance the user travelled, and small-scale fading advanced in time.
 * Links are made on first use, each with its own streams
 * (`fading/u<n>/s<m>`, `shadowing/u<n>/s<m>`, `los/u<n>/s<m>`), so the
 * channel of one link never depends on which other links exist.
 *
 * Time order: queries of one link must come at non-decreasing times, as they
 * do in a causal simulation; an earlier query is a RangeError from the
 * shadowing or Gauss-Markov fading process (block fading and positions would
 * allow it, but a time-correlated process cannot go back without changing
 * its own past). Several queries at the same time return the same value.
 */
export class Channel implements LinkGains {
  readonly userCount: number;
  readonly serverCount: number;
  private readonly links: (Link | undefined)[];
  private readonly userLinks: Map<number, Link>[] | null;
  private readonly userT: Float64Array;
  private readonly userSample: MotionSample[];

  constructor(private readonly options: ChannelOptions) {
    this.userCount = options.users.length;
    this.serverCount = options.servers.length;
    const sparse = options.sparseLinks === true;
    this.links = sparse ? [] : new Array<Link | undefined>(this.userCount * this.serverCount).fill(undefined);
    this.userLinks = sparse ? Array.from({ length: this.userCount }, () => new Map<number, Link>()) : null;
    this.userT = new Float64Array(this.userCount).fill(NaN);
    this.userSample = Array.from({ length: this.userCount }, () => ({ x: 0, y: 0, speedMps: 0, travelledM: 0 }));
  }

  /**
   * True when every link's gain is a pure function of time: pure fading and
   * shadowing (Fading.pure, Shadowing.pure) over positions, which every
   * mobility model computes as a pure function of time (MobilityModel), and
   * path loss, a function of the positions. Gains at future instants may
   * then be read ahead without changing what later queries return.
   */
  get pureInTime(): boolean {
    return this.options.fading.pure === true && this.options.shadowing.pure === true;
  }

  gain(user: number, server: number, t: number): number {
    const link = this.link(user, server);
    const s = this.userAt(user, t);
    return Math.exp(this.largeDb(link, server, s, t) * DB_TO_NEPER) * link.fading.power(t, s.travelledM);
  }

  largeScaleGain(user: number, server: number, t: number): number {
    const link = this.link(user, server);
    return Math.exp(this.largeDb(link, server, this.userAt(user, t), t) * DB_TO_NEPER);
  }

  /** Shadowing minus path loss (dB) at t; positions and travelled distance are functions of t, so the memo is exact. */
  private largeDb(link: Link, server: number, s: MotionSample, t: number): number {
    if (link.largeT === t) return link.largeDb;
    const lossDb = this.lossDb(link, server, s);
    link.largeDb = link.shadowing.valueDb(s.travelledM) - lossDb;
    link.largeT = t;
    return link.largeDb;
  }

  /** Path loss alone (dB) of a link at time t. */
  pathLossDb(user: number, server: number, t: number): number {
    return this.lossDb(this.link(user, server), server, this.userAt(user, t));
  }

  /** The link's geometry at time t (horizontal distance, heights, LOS draw). */
  geometry(user: number, server: number, t: number): LinkGeometry {
    const link = this.link(user, server);
    this.lossDb(link, server, this.userAt(user, t));
    return { ...link.geometry };
  }


  private lossDb(link: Link, server: number, s: MotionSample): number {
    const sp = this.options.servers[server];
    const dx = s.x - sp.xM;
    const dy = s.y - sp.yM;
    link.geometry.distance2dM = Math.sqrt(dx * dx + dy * dy);
    return this.options.pathLoss.lossDb(link.geometry);
  }

  private userAt(user: number, t: number): MotionSample {
    const s = this.userSample[user];
    if (this.userT[user] !== t) {
      this.options.users[user].sample(t, s);
      this.userT[user] = t;
    }
    return s;
  }

  /**
   * Forget user n's links to servers other than `keep` (sparse links only).
   * A link made again later starts from its stream as a new link does: the
   * same values for processes that are pure functions of time and distance
   * (block and sum-of-sinusoids fading, sinusoid shadowing), a fresh start
   * from the stationary law for the recursive ones.
   */
  retainLinks(user: number, keep: readonly number[]): void {
    const links = this.userLinks?.[user];
    if (links === undefined || links.size <= keep.length) return;
    for (const m of links.keys()) if (!keep.includes(m)) links.delete(m);
  }

  /** Links currently held (for memory checks). */
  get linkCount(): number {
    if (this.userLinks !== null) return this.userLinks.reduce((a, l) => a + l.size, 0);
    return this.links.reduce((a, l) => a + (l === undefined ? 0 : 1), 0);
  }

  private link(user: number, server: number): Link {
    if (this.userLinks !== null) return this.userLinks[user]?.get(server) ?? this.makeLink(user, server, -1);
    const i = user * this.serverCount + server;
    const link = this.links[i];
    if (link !== undefined && server < this.serverCount && server >= 0) return link;
    return this.makeLink(user, server, i);
  }

  private makeLink(user: number, server: number, i: number): Link {
    if (!Number.isInteger(user) || user < 0 || user >= this.userCount) {
      throw new RangeError(`channel: no user ${user} (there are ${this.userCount})`);
    }
    if (!Number.isInteger(server) || server < 0 || server >= this.serverCount) {
      throw new RangeError(`channel: no server ${server} (there are ${this.serverCount})`);
    }
    const { pathLoss, shadowing, fading, streams } = this.options;
    const losUniform = pathLoss.needsLosDraw ? streams.stream(`los/u${user}/s${server}`).next() : undefined;
    const link = new Link(
      fading.link(user, server),
      shadowing.link(user, server),
      this.options.userHeightsM?.[user] ?? pathLoss.userHeightM,
      this.options.serverHeightsM?.[server] ?? pathLoss.serverHeightM,
      losUniform,
    );
    if (this.userLinks !== null) this.userLinks[user].set(server, link);
    else this.links[i] = link;
    return link;
  }
}
