import { z } from 'zod';
import { type LinkGeometry, type PathLoss, pathLossPlugin } from './pathloss.js';

/**
 * The model of the paper's simulations (and of 3GPP TR 36.814's macro
 * urban case): PL = 128.1 + 37.6 log10(d / 1 km) dB, d the 3-D distance,
 * clamped below at `minDistanceM` so a user on top of a server gets a finite
 * gain. Carrier 2 GHz implied; valid for roughly 35 m < d < 5 km. Heights
 * default to 0, so d is the horizontal distance the paper uses.
 */
export class PaperPathLoss implements PathLoss {
  readonly name = 'paper';
  readonly needsLosDraw = false;

  constructor(
    readonly minDistanceM = 10,
    readonly userHeightM = 0,
    readonly serverHeightM = 0,
  ) {}

  lossDb(link: LinkGeometry): number {
    const dh = link.serverHeightM - link.userHeightM;
    const d = Math.max(Math.sqrt(link.distance2dM * link.distance2dM + dh * dh), this.minDistanceM);
    return 128.1 + 37.6 * Math.log10(d / 1000);
  }
}

/** The registry's entry: topology `{"model": "paper"}`. */
export const paperPathLoss = pathLossPlugin({
  description: "the paper's law, 128.1 + 37.6 log10(d / 1 km) dB (3GPP TR 36.814 macro, 2 GHz)",
  schema: z.strictObject({
    model: z.literal('paper'),
    minDistanceM: z.number().min(0.01).max(1e4).default(10).describe('distances below this are clamped (m)'),
    userHeightM: z.number().min(0).max(1000).default(0).describe('user antenna height (m)'),
    serverHeightM: z.number().min(0).max(1000).default(0).describe('server antenna height (m)'),
  }),
  create: (p) => new PaperPathLoss(p.minDistanceM, p.userHeightM, p.serverHeightM),
});
