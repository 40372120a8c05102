import { z } from 'zod';
import type { UnitRng } from '../engine/random.js';
import { type FadingLaw, LawFading } from './fading.js';
import { fadingPlugin, timeCorrelationSchema } from './fading-plugin.js';

/**
 * Rayleigh fading (rich scattering, no dominant path): h = (x1 + j x2)/sqrt(2)
 * with x1, x2 independent N(0, 1), so the power |h|^2 is exponential with
 * mean 1 and the envelope |h| is Rayleigh with E[|h|^2] = 1.
 */
export class RayleighLaw implements FadingLaw {
  readonly components = 2;

  powerOf(x: Float64Array): number {
    return 0.5 * (x[0] * x[0] + x[1] * x[1]);
  }

  drawPower(rng: UnitRng): number {
    return -Math.log(1 - rng.next());
  }
}

/** The registry's entry: topology `{"model": "rayleigh", ...}`. */
export const rayleighFading = fadingPlugin({
  description: 'Rayleigh: power exponential with mean 1',
  schema: z.strictObject({ model: z.literal('rayleigh'), correlation: timeCorrelationSchema }),
  create: (p, streams) => new LawFading('rayleigh', new RayleighLaw(), p.correlation, streams),
});
