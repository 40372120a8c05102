import { z } from 'zod';
import { MAX_SPEED_MPS, mobilityPlugin, pauses, speedAndPauseOrder, userStream } from './mobility-plugin.js';
import type { Stream } from '../engine/random.js';
import { type Area, LegMobility, timeToWall } from './mobility.js';

export interface RandomDirectionParams {
  minSpeedMps: number;
  maxSpeedMps: number;
  /** Mean of the exponential travel time of one movement (s). */
  meanTravelTimeS: number;
  minPauseS: number;
  maxPauseS: number;
  /** What a user does at the edge of the area. */
  boundary: 'reflect' | 'wrap';
}

/**
 * Random direction: pick a direction uniformly in [0, 2 pi), a speed
 * uniformly in [vMin, vMax] and an exponential travel time; move, pause for
 * a time uniform in [pMin, pMax], repeat. At the edge of the area the user
 * either bounces like a billiard ball (`reflect`: the velocity component
 * normal to the wall changes sign) or leaves and re-enters on the opposite
 * side (`wrap`: the area is a torus).
 *
 * With either boundary the uniform distribution of position and direction is
 * invariant, so we start in the stationary regime: paused with probability
 * E[P] / (E[P] + E[T]) (a length-biased residual pause, as for random
 * waypoint), otherwise moving with a fresh direction and speed (travel times
 * do not depend on the speed, so the speed is not biased) and an exponential
 * residual travel time (memoryless). The time-average speed is then
 * (vMin + vMax)/2 * E[T] / (E[T] + E[P]) from t = 0 on.
 */
export class RandomDirectionMobility extends LegMobility {
  readonly name = 'random-direction';
  private stream!: Stream;
  private x = 0;
  private y = 0;
  private vx = 0;
  private vy = 0;
  /** Travel time left in the current movement; 0 when the next leg is a pause. */
  private remaining = 0;
  private paused = false;

  constructor(
    private readonly area: Area,
    private readonly p: RandomDirectionParams,
    makeStream: () => Stream,
  ) {
    super(makeStream);
  }

  static pausedProbability(p: RandomDirectionParams): number {
    const meanPause = (p.minPauseS + p.maxPauseS) / 2;
    return meanPause / (meanPause + p.meanTravelTimeS);
  }

  protected start(stream: Stream): void {
    // A restart replays the path from t = 0: nothing of the previous pass may survive.
    this.stream = stream;
    this.remaining = 0;
    this.paused = false;
    this.vx = 0;
    this.vy = 0;
    this.x = stream.uniform(0, this.area.widthM);
    this.y = stream.uniform(0, this.area.heightM);
    if (stream.next() < RandomDirectionMobility.pausedProbability(this.p)) {
      const { minPauseS: a, maxPauseS: b } = this.p;
      const biased = Math.sqrt(a * a + stream.next() * (b * b - a * a));
      this.paused = true;
      this.emit(0, stream.next() * biased, this.x, this.y, 0, 0);
      return;
    }
    this.newMovement();
    this.moveLeg(0);
  }

  protected extend(): void {
    const t = this.endTime;
    if (this.remaining > 0) {
      this.moveLeg(t);
      return;
    }
    if (!this.paused && this.p.maxPauseS > 0) {
      this.paused = true;
      this.emit(t, this.stream.uniform(this.p.minPauseS, this.p.maxPauseS), this.x, this.y, 0, 0);
      return;
    }
    this.newMovement();
    this.moveLeg(t);
  }

  private newMovement(): void {
    const theta = this.stream.uniform(0, 2 * Math.PI);
    const v = this.stream.uniform(this.p.minSpeedMps, this.p.maxSpeedMps);
    this.vx = v * Math.cos(theta);
    this.vy = v * Math.sin(theta);
    this.remaining = this.stream.exponential(1 / this.p.meanTravelTimeS);
    this.paused = false;
  }

  /** One straight leg: to the end of the movement or to the first wall. */
  private moveLeg(t: number): void {
    const toWall = timeToWall(this.x, this.y, this.vx, this.vy, this.area);
    if (this.remaining <= toWall) {
      this.emit(t, this.remaining, this.x, this.y, this.vx, this.vy);
      this.x = clamp(this.x + this.vx * this.remaining, this.area.widthM);
      this.y = clamp(this.y + this.vy * this.remaining, this.area.heightM);
      this.remaining = 0;
      return;
    }
    this.emit(t, toWall, this.x, this.y, this.vx, this.vy);
    this.remaining -= toWall;
    const w = this.area.widthM;
    const h = this.area.heightM;
    let x = this.x + this.vx * toWall;
    let y = this.y + this.vy * toWall;
    const hitX = this.vx > 0 ? x >= w - 1e-9 * w : this.vx < 0 ? x <= 1e-9 * w : false;
    const hitY = this.vy > 0 ? y >= h - 1e-9 * h : this.vy < 0 ? y <= 1e-9 * h : false;
    if (hitX) x = this.vx > 0 ? w : 0;
    if (hitY) y = this.vy > 0 ? h : 0;
    if (this.p.boundary === 'reflect') {
      if (hitX) this.vx = -this.vx;
      if (hitY) this.vy = -this.vy;
    } else {
      if (hitX) x = this.vx > 0 ? 0 : w;
      if (hitY) y = this.vy > 0 ? 0 : h;
    }
    this.x = x;
    this.y = clamp(y, h);
    this.x = clamp(x, w);
  }
}

function clamp(v: number, max: number): number {
  return v < 0 ? 0 : v > max ? max : v;
}

/** The registry's entry: topology `{"model": "random-direction", ...}`. */
export const randomDirectionMobility = mobilityPlugin({
  description: 'uniform direction and speed for an exponential time, reflecting or wrapping at the edge',
  schema: z
    .strictObject({
      model: z.literal('random-direction'),
      minSpeedMps: z.number().min(0).max(MAX_SPEED_MPS).describe('lowest speed (m/s)'),
      maxSpeedMps: z.number().min(0).max(MAX_SPEED_MPS).describe('highest speed (m/s)'),
      meanTravelTimeS: z.number().min(1e-3).max(1e10).describe('mean of the exponential travel time of a movement (s)'),
      ...pauses,
      boundary: z.enum(['reflect', 'wrap']).default('reflect').describe('at the edge: bounce back or re-enter opposite'),
    })
    .superRefine(speedAndPauseOrder),
  create: (p, streams, ctx) => new RandomDirectionMobility(ctx.area, p, userStream(streams, ctx)),
});
