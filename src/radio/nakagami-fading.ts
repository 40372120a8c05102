import { z } from 'zod';
import { gammaFrom, type UnitRng } from '../engine/random.js';
import { type FadingLaw, LawFading } from './fading.js';
import { fadingPlugin, timeCorrelationSchema } from './fading-plugin.js';

/**
 * Nakagami-m fading with spread Omega = 1: the power is Gamma(m, 1/m), mean 1,
 * E[|h|^4] = (m + 1)/m. m = 1 is Rayleigh; m -> infinity is no fading.
 *
 * Block fading draws the power directly, for any m >= 1/2. The time-correlated
 * form needs m to be a multiple of 1/2: the power is then the mean square of
 * 2m independent unit Gauss-Markov components,
 * P = (1/(2m)) sum_{i=1}^{2m} x_i^2, which is chi-square with 2m degrees of
 * freedom scaled to Gamma(m, 1/m) at every instant, and each component keeps
 * the Jakes correlation. Other m would need an inverse incomplete-gamma
 * transform of a Rayleigh process per sample; we reject them instead.
 */
export class NakagamiLaw implements FadingLaw {
  readonly components: number;
  private readonly invComponents: number;

  constructor(readonly m: number) {
    this.components = Number.isInteger(2 * m) ? 2 * m : 0;
    this.invComponents = 1 / (2 * m);
  }

  powerOf(x: Float64Array): number {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] * x[i];
    return s * this.invComponents;
  }

  drawPower(rng: UnitRng): number {
    return gammaFrom(rng, this.m) / this.m;
  }
}

/** The registry's entry: topology `{"model": "nakagami", ...}`. */
export const nakagamiFading = fadingPlugin({
  description: 'Nakagami-m: power Gamma(m, 1/m)',
  schema: z
    .strictObject({
      model: z.literal('nakagami'),
      m: z.number().min(0.5).max(64).describe('shape m >= 1/2; a multiple of 1/2 with gauss-markov or sum-of-sinusoids correlation'),
      correlation: timeCorrelationSchema,
    })
    .superRefine((p, ctx) => {
      if (p.correlation.type !== 'block' && !Number.isInteger(2 * p.m)) {
        ctx.addIssue({
          code: 'custom',
          path: ['m'],
          message: `with ${p.correlation.type} correlation m must be a multiple of 1/2 (it is built from 2m Gaussian components), got ${p.m}`,
        });
      }
    }),
  create: (p, streams) => new LawFading('nakagami', new NakagamiLaw(p.m), p.correlation, streams),
});
