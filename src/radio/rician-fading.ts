import { z } from 'zod';
import type { UnitRng } from '../engine/random.js';
import { type FadingLaw, LawFading } from './fading.js';
import { fadingPlugin, timeCorrelationSchema } from './fading-plugin.js';

/**
 * Rician fading with K factor K (power of the line-of-sight path over the
 * scattered power, linear):
 *
 *   h = sqrt(K/(K+1)) + sqrt(1/(K+1)) (x1 + j x2)/sqrt(2),   x1, x2 ~ N(0, 1),
 *
 * so E[|h|^2] = 1 and E[|h|^4] = (K^2 + 4K + 2)/(K+1)^2. The LOS phase is
 * fixed at 0: it does not change the power. K = 0 is Rayleigh.
 */
export class RicianLaw implements FadingLaw {
  readonly components = 2;
  private readonly los: number;
  private readonly scatter: number;

  constructor(readonly kFactor: number) {
    this.los = Math.sqrt(kFactor / (kFactor + 1));
    this.scatter = Math.sqrt(1 / (2 * (kFactor + 1)));
  }

  powerOf(x: Float64Array): number {
    const re = this.los + this.scatter * x[0];
    const im = this.scatter * x[1];
    return re * re + im * im;
  }

  drawPower(rng: UnitRng): number {
    const re = this.los + this.scatter * rng.normal();
    const im = this.scatter * rng.normal();
    return re * re + im * im;
  }
}

/** The registry's entry: topology `{"model": "rician", ...}`. */
export const ricianFading = fadingPlugin({
  description: 'Rician: a line-of-sight part K times the scattered power',
  schema: z.strictObject({
    model: z.literal('rician'),
    kFactor: z.number().min(0).max(1e4).describe('K factor: LOS power over scattered power (linear, not dB)'),
    correlation: timeCorrelationSchema,
  }),
  create: (p, streams) => new LawFading('rician', new RicianLaw(p.kFactor), p.correlation, streams),
});
