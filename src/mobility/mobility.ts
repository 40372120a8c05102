import type { Motion, MotionSample, Position } from '../engine/geometry.js';
import type { Stream } from '../engine/random.js';

/** The rectangle [0, widthM] x [0, heightM] users move in. */
export interface Area {
  widthM: number;
  heightM: number;
}

/** Everything a model knows about a user at one instant. */
export type MobilitySample = MotionSample;

/**
 * A user's movement. Positions are computed on demand at any t >= 0; models
 * generate their random legs lazily as queries move forward, keep a short
 * history for queries slightly in the past, and regenerate from the start
 * (same stream, same path) for anything older, so every answer is a pure
 * function of (seed, user, t) whatever the order of queries.
 */
export interface MobilityModel extends Motion {
  readonly name: string;
  /** Position at time t (s). */
  position(t: number): Position;
  /** Speed at time t (m/s). */
  speed(t: number): number;
  /** Path length travelled in [0, t] (m). */
  distance(t: number): number;
  /** Fills `out` with position, speed and travelled distance at t; returns it. */
  sample(t: number, out: MobilitySample): MobilitySample;
}

/** A model defined by `sample`; the other queries read it through a scratch sample. */
export abstract class SampledMobility implements MobilityModel {
  abstract readonly name: string;
  private readonly scratch: MobilitySample = { x: 0, y: 0, speedMps: 0, travelledM: 0 };

  abstract sample(t: number, out: MobilitySample): MobilitySample;

  position(t: number): Position {
    const s = this.sample(t, this.scratch);
    return { xM: s.x, yM: s.y };
  }

  speed(t: number): number {
    return this.sample(t, this.scratch).speedMps;
  }

  distance(t: number): number {
    return this.sample(t, this.scratch).travelledM;
  }
}

/** One straight piece of a path, travelled at constant velocity over [t0, t1]. */
class Leg {
  t0 = 0;
  t1 = 0;
  x0 = 0;
  y0 = 0;
  vx = 0;
  vy = 0;
  speed = 0;
  /** Path length travelled before t0. */
  d0 = 0;
}

const RING = 64;

/**
 * A path made of straight legs, produced one at a time by `extend()`. The
 * last RING legs are kept; a query older than those restarts the model from
 * a fresh copy of its stream and replays it, which gives the same path.
 */
export abstract class LegMobility extends SampledMobility {
  private readonly legs: Leg[] = Array.from({ length: RING }, () => new Leg());
  private first = 0;
  private count = 0;
  private cursor = 0;
  private started = false;

  constructor(private readonly makeStream: () => Stream) {
    super();
  }

  /** Draws the state at t = 0 and emits the first leg. */
  protected abstract start(stream: Stream): void;
  /** Emits the next leg, starting where and when the last one ended. */
  protected abstract extend(): void;

  /** Appends a leg from (x0, y0) at t0 lasting `duration` at velocity (vx, vy). */
  protected emit(t0: number, duration: number, x0: number, y0: number, vx: number, vy: number): void {
    const prev = this.count > 0 ? this.legs[(this.count - 1) & (RING - 1)] : undefined;
    const leg = this.legs[this.count & (RING - 1)];
    leg.t0 = t0;
    leg.t1 = t0 + duration;
    leg.x0 = x0;
    leg.y0 = y0;
    leg.vx = vx;
    leg.vy = vy;
    leg.speed = Math.sqrt(vx * vx + vy * vy);
    leg.d0 = prev === undefined ? 0 : prev.d0 + prev.speed * (prev.t1 - prev.t0);
    this.count++;
    if (this.count - this.first > RING) this.first++;
  }

  /** End time of the last emitted leg. */
  protected get endTime(): number {
    return this.legs[(this.count - 1) & (RING - 1)].t1;
  }

  private restart(): void {
    this.first = 0;
    this.count = 0;
    this.cursor = 0;
    this.start(this.makeStream());
    this.started = true;
  }

  private find(t: number): Leg {
    if (!(t >= 0) || t === Infinity) throw new RangeError(`mobility: time must be finite and >= 0, got ${t}`);
    if (!this.started) this.restart();
    // Legs are half-open, [t0, t1): a time on a boundary belongs to the later
    // leg whatever the direction of the search, so the answer never depends
    // on the order of queries (the two legs' formulas differ in the last bit).
    let i = this.cursor;
    let leg = this.legs[i & (RING - 1)];
    if (t >= leg.t0 && t < leg.t1) return leg;
    if (t >= leg.t1) {
      do {
        i++;
        while (i >= this.count) this.extend();
        leg = this.legs[i & (RING - 1)];
      } while (t >= leg.t1);
    } else {
      while (i > this.first && t < this.legs[i & (RING - 1)].t0) i--;
      leg = this.legs[i & (RING - 1)];
      if (t < leg.t0) {
        this.restart();
        return this.find(t);
      }
      while (t >= leg.t1) leg = this.legs[++i & (RING - 1)];
    }
    this.cursor = i;
    return leg;
  }

  sample(t: number, out: MobilitySample): MobilitySample {
    const leg = this.find(t);
    const dt = t - leg.t0;
    out.x = leg.x0 + leg.vx * dt;
    out.y = leg.y0 + leg.vy * dt;
    out.speedMps = leg.speed;
    out.travelledM = leg.d0 + leg.speed * dt;
    return out;
  }
}

/**
 * Moves (x, y) at velocity (vx, vy) for at most `duration` seconds inside
 * the area and returns how long until the first wall is reached (Infinity
 * when never), so a model can split its movement into legs at the walls.
 */
export function timeToWall(x: number, y: number, vx: number, vy: number, area: Area): number {
  const tx = vx > 0 ? (area.widthM - x) / vx : vx < 0 ? -x / vx : Infinity;
  const ty = vy > 0 ? (area.heightM - y) / vy : vy < 0 ? -y / vy : Infinity;
  return Math.max(0, Math.min(tx, ty));
}

/**
 * Mean distance between two independent uniform points of a W x H rectangle
 * (the mean random-waypoint leg), in closed form:
 * (1/15) [W^3/H^2 + H^3/W^2 + D (3 - W^2/H^2 - H^2/W^2)
 *         + (5/2) (H^2/W ln((W + D)/H) + W^2/H ln((H + D)/W))],  D = sqrt(W^2 + H^2).
 */
export function meanLegLength(area: Area): number {
  const a = area.widthM;
  const b = area.heightM;
  const d = Math.hypot(a, b);
  return (
    (a ** 3 / b ** 2 +
      b ** 3 / a ** 2 +
      d * (3 - a ** 2 / b ** 2 - b ** 2 / a ** 2) +
      2.5 * ((b ** 2 / a) * Math.log((a + d) / b) + (a ** 2 / b) * Math.log((b + d) / a))) /
    15
  );
}
