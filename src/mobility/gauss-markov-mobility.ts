import { z } from 'zod';
import { MAX_SPEED_MPS, mobilityPlugin, userStream } from './mobility-plugin.js';
import type { Stream } from '../engine/random.js';
import { type Area, LegMobility, timeToWall } from './mobility.js';

export interface GaussMarkovParams {
  /** Memory in [0, 1]: 0 is a fresh draw every step, 1 is a straight line. */
  alpha: number;
  meanSpeedMps: number;
  speedStdMps: number;
  /** Mean direction (rad); drawn uniformly per user when absent. */
  meanDirectionRad?: number;
  directionStdRad: number;
  /** Time between updates of speed and direction (s). */
  stepS: number;
}

/**
 * Gauss-Markov mobility (Liang and Haas, INFOCOM 1999; as described by Camp,
 * Boleng and Davies, 2002). Every `stepS` seconds the speed s and direction d
 * are updated as
 *
 *   s' = alpha s + (1 - alpha) sMean + sqrt(1 - alpha^2) sigmaS Z1
 *   d' = alpha d + (1 - alpha) dMean + sqrt(1 - alpha^2) sigmaD Z2
 *
 * and the user moves in a straight line at (max(s, 0), d) in between. The
 * initial s and d are drawn from the stationary laws N(sMean, sigmaS^2) and
 * N(dMean, sigmaD^2), the position uniformly. At an edge the user reflects,
 * and both d and dMean are mirrored (d -> pi - d for a vertical wall, d -> -d
 * for a horizontal one) so the memory carries it away from the wall rather
 * than back into it.
 */
export class GaussMarkovMobility extends LegMobility {
  readonly name = 'gauss-markov';
  private stream!: Stream;
  private x = 0;
  private y = 0;
  private s = 0;
  private d = 0;
  private dMean = 0;
  private stepLeft = 0;
  private readonly innovation: number;

  constructor(
    private readonly area: Area,
    private readonly p: GaussMarkovParams,
    makeStream: () => Stream,
  ) {
    super(makeStream);
    this.innovation = Math.sqrt(1 - p.alpha * p.alpha);
  }

  protected start(stream: Stream): void {
    this.stream = stream;
    this.x = stream.uniform(0, this.area.widthM);
    this.y = stream.uniform(0, this.area.heightM);
    this.dMean = this.p.meanDirectionRad ?? stream.uniform(0, 2 * Math.PI);
    this.s = this.p.meanSpeedMps + this.p.speedStdMps * stream.normal();
    this.d = this.dMean + this.p.directionStdRad * stream.normal();
    this.stepLeft = this.p.stepS;
    this.moveLeg(0);
  }

  protected extend(): void {
    if (this.stepLeft <= 0) {
      const { alpha, meanSpeedMps, speedStdMps, directionStdRad } = this.p;
      this.s = alpha * this.s + (1 - alpha) * meanSpeedMps + this.innovation * speedStdMps * this.stream.normal();
      this.d = alpha * this.d + (1 - alpha) * this.dMean + this.innovation * directionStdRad * this.stream.normal();
      this.stepLeft = this.p.stepS;
    }
    this.moveLeg(this.endTime);
  }

  private moveLeg(t: number): void {
    const v = Math.max(this.s, 0);
    const vx = v * Math.cos(this.d);
    const vy = v * Math.sin(this.d);
    const toWall = timeToWall(this.x, this.y, vx, vy, this.area);
    const w = this.area.widthM;
    const h = this.area.heightM;
    if (this.stepLeft <= toWall) {
      this.emit(t, this.stepLeft, this.x, this.y, vx, vy);
      this.x = Math.min(Math.max(this.x + vx * this.stepLeft, 0), w);
      this.y = Math.min(Math.max(this.y + vy * this.stepLeft, 0), h);
      this.stepLeft = 0;
      return;
    }
    this.emit(t, toWall, this.x, this.y, vx, vy);
    this.stepLeft -= toWall;
    const x = this.x + vx * toWall;
    const y = this.y + vy * toWall;
    const hitX = vx > 0 ? x >= w - 1e-9 * w : vx < 0 ? x <= 1e-9 * w : false;
    const hitY = vy > 0 ? y >= h - 1e-9 * h : vy < 0 ? y <= 1e-9 * h : false;
    this.x = hitX ? (vx > 0 ? w : 0) : Math.min(Math.max(x, 0), w);
    this.y = hitY ? (vy > 0 ? h : 0) : Math.min(Math.max(y, 0), h);
    if (hitX) {
      this.d = Math.PI - this.d;
      this.dMean = Math.PI - this.dMean;
    }
    if (hitY) {
      this.d = -this.d;
      this.dMean = -this.dMean;
    }
  }
}

/** The registry's entry: topology `{"model": "gauss-markov", ...}`. */
export const gaussMarkovMobility = mobilityPlugin({
  description: 'speed and direction with memory, updated every step',
  schema: z.strictObject({
    model: z.literal('gauss-markov'),
    alpha: z.number().min(0).max(1).describe('memory: 0 memoryless, 1 straight line'),
    meanSpeedMps: z.number().min(0).max(MAX_SPEED_MPS).describe('mean speed (m/s)'),
    speedStdMps: z.number().min(0).max(MAX_SPEED_MPS).default(0).describe('standard deviation of the speed (m/s)'),
    meanDirectionRad: z.number().min(-1e3).max(1e3).optional().describe('mean direction (rad); uniform per user when absent'),
    directionStdRad: z.number().min(0).max(1e3).default(0).describe('standard deviation of the direction (rad)'),
    stepS: z.number().min(1e-3).max(1e10).default(1).describe('time between updates (s)'),
  }),
  create: (p, streams, ctx) => new GaussMarkovMobility(ctx.area, p, userStream(streams, ctx)),
});
