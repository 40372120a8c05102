import { z } from 'zod';
import { type LinkGeometry, type PathLoss, pathLossPlugin } from './pathloss.js';

export const SPEED_OF_LIGHT_MPS = 299_792_458;

/**
 * Friis free-space loss between isotropic antennas:
 * FSPL = 20 log10(4 pi d f / c) dB, d the 3-D distance in metres (clamped
 * below at `minDistanceM`: the far-field formula gives a gain above 1 when
 * d < lambda / (4 pi)), f the carrier in Hz.
 */
export class FreeSpacePathLoss implements PathLoss {
  readonly name = 'free-space';
  readonly needsLosDraw = false;
  private readonly offsetDb: number;

  constructor(
    readonly carrierHz: number,
    readonly minDistanceM = 1,
    readonly userHeightM = 1.5,
    readonly serverHeightM = 10,
  ) {
    this.offsetDb = 20 * Math.log10((4 * Math.PI * carrierHz) / SPEED_OF_LIGHT_MPS);
  }

  lossDb(link: LinkGeometry): number {
    const dh = link.serverHeightM - link.userHeightM;
    const d = Math.max(Math.sqrt(link.distance2dM * link.distance2dM + dh * dh), this.minDistanceM);
    return this.offsetDb + 20 * Math.log10(d);
  }
}

/** The registry's entry: topology `{"model": "free-space"}`. */
export const freeSpacePathLoss = pathLossPlugin({
  description: 'Friis between isotropic antennas, 20 log10(4 pi d f / c) dB',
  schema: z.strictObject({
    model: z.literal('free-space'),
    carrierHz: z.number().min(1e6).max(1e12).default(2e9).describe('carrier frequency (Hz)'),
    minDistanceM: z.number().min(0.01).max(1e4).default(1).describe('distances below this are clamped (m)'),
    userHeightM: z.number().min(0).max(1000).default(1.5).describe('user antenna height (m)'),
    serverHeightM: z.number().min(0).max(1000).default(10).describe('server antenna height (m)'),
  }),
  create: (p) => new FreeSpacePathLoss(p.carrierHz, p.minDistanceM, p.userHeightM, p.serverHeightM),
});
