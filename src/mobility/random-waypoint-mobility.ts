import { z } from 'zod';
import { MAX_SPEED_MPS, mobilityPlugin, pauses, speedAndPauseOrder, userStream } from './mobility-plugin.js';
import type { Stream } from '../engine/random.js';
import { type Area, LegMobility, meanLegLength } from './mobility.js';

export interface RandomWaypointParams {
  minSpeedMps: number;
  maxSpeedMps: number;
  minPauseS: number;
  maxPauseS: number;
}

/**
 * Random waypoint: pick a destination uniformly in the area and a speed
 * uniformly in [vMin, vMax], go there in a straight line, pause for a time
 * uniform in [pMin, pMax], repeat.
 *
 * Started the naive way (uniform position, fresh leg) the model needs a long
 * warm-up: its mean speed decays towards the stationary value, which is
 * lower because slow legs last longer. We start it in its stationary regime
 * instead (the perfect simulation of Le Boudec and Vojnović, INFOCOM 2005;
 * Navidi and Camp, IEEE TMC 2004), so averages hold from t = 0:
 *
 * - paused with probability E[P] / (E[P] + E[L] E[1/V]), with E[L] the mean
 *   distance between two uniform points and E[1/V] = ln(vMax/vMin)/(vMax - vMin);
 *   a paused user sits at a uniform point for the residual of a
 *   length-biased pause: U sqrt(pMin^2 + U' (pMax^2 - pMin^2));
 * - otherwise on a leg drawn with density proportional to its length
 *   (rejection on uniform pairs), at a uniform point of it, with a speed of
 *   density proportional to 1/v on [vMin, vMax]: vMin (vMax/vMin)^U.
 *
 * The time-average speed is then E[L] / (E[P] + E[L] E[1/V]) at every t.
 * vMin must be positive: with vMin = 0 the stationary speed is 0.
 */
export class RandomWaypointMobility extends LegMobility {
  readonly name = 'random-waypoint';
  private stream!: Stream;
  private paused = false;
  private x = 0;
  private y = 0;

  constructor(
    private readonly area: Area,
    private readonly p: RandomWaypointParams,
    makeStream: () => Stream,
  ) {
    super(makeStream);
  }

  /** Probability of being paused at any instant in the stationary regime. */
  static pausedProbability(area: Area, p: RandomWaypointParams): number {
    const meanPause = (p.minPauseS + p.maxPauseS) / 2;
    return meanPause / (meanPause + meanLegLength(area) * meanInverseSpeed(p));
  }

  /** Stationary time-average speed (m/s), the pauses counted as speed 0. */
  static stationaryMeanSpeed(area: Area, p: RandomWaypointParams): number {
    const meanPause = (p.minPauseS + p.maxPauseS) / 2;
    return meanLegLength(area) / (meanPause + meanLegLength(area) * meanInverseSpeed(p));
  }

  protected start(stream: Stream): void {
    this.stream = stream;
    const { widthM: w, heightM: h } = this.area;
    if (stream.next() < RandomWaypointMobility.pausedProbability(this.area, this.p)) {
      this.x = stream.uniform(0, w);
      this.y = stream.uniform(0, h);
      const { minPauseS: a, maxPauseS: b } = this.p;
      const biased = Math.sqrt(a * a + stream.next() * (b * b - a * a));
      this.paused = true;
      this.emit(0, stream.next() * biased, this.x, this.y, 0, 0);
      return;
    }
    const diag = Math.hypot(w, h);
    let x0: number, y0: number, x1: number, y1: number;
    do {
      x0 = stream.uniform(0, w);
      y0 = stream.uniform(0, h);
      x1 = stream.uniform(0, w);
      y1 = stream.uniform(0, h);
    } while (stream.next() * diag >= Math.hypot(x1 - x0, y1 - y0));
    const u = stream.next();
    const { minSpeedMps: vMin, maxSpeedMps: vMax } = this.p;
    const v = vMin === vMax ? vMin : vMin * Math.pow(vMax / vMin, stream.next());
    this.moveTo(0, x0 + u * (x1 - x0), y0 + u * (y1 - y0), x1, y1, v);
  }

  protected extend(): void {
    const t = this.endTime;
    if (!this.paused && this.p.maxPauseS > 0) {
      this.paused = true;
      this.emit(t, this.stream.uniform(this.p.minPauseS, this.p.maxPauseS), this.x, this.y, 0, 0);
      return;
    }
    const x1 = this.stream.uniform(0, this.area.widthM);
    const y1 = this.stream.uniform(0, this.area.heightM);
    const v = this.stream.uniform(this.p.minSpeedMps, this.p.maxSpeedMps);
    this.moveTo(t, this.x, this.y, x1, y1, v);
  }

  private moveTo(t: number, x0: number, y0: number, x1: number, y1: number, v: number): void {
    const len = Math.hypot(x1 - x0, y1 - y0);
    const duration = len / v;
    if (len === 0) this.emit(t, 0, x0, y0, 0, 0);
    else this.emit(t, duration, x0, y0, ((x1 - x0) / len) * v, ((y1 - y0) / len) * v);
    this.paused = false;
    this.x = x1;
    this.y = y1;
  }
}

/** E[1/V] for V uniform on [vMin, vMax], vMin > 0. */
export function meanInverseSpeed(p: { minSpeedMps: number; maxSpeedMps: number }): number {
  const { minSpeedMps: a, maxSpeedMps: b } = p;
  return a === b ? 1 / a : Math.log(b / a) / (b - a);
}

/** The registry's entry: topology `{"model": "random-waypoint", ...}`. */
export const randomWaypointMobility = mobilityPlugin({
  description: 'straight legs to uniform waypoints at a uniform speed, with pauses',
  schema: z
    .strictObject({
      model: z.literal('random-waypoint'),
      minSpeedMps: z.number().min(1e-3).max(MAX_SPEED_MPS).describe('lowest leg speed (m/s), > 0'),
      maxSpeedMps: z.number().min(1e-3).max(MAX_SPEED_MPS).describe('highest leg speed (m/s)'),
      ...pauses,
    })
    .superRefine(speedAndPauseOrder),
  create: (p, streams, ctx) => new RandomWaypointMobility(ctx.area, p, userStream(streams, ctx)),
});
