/**
 * Large-scale path loss models. A model maps a link's geometry to a loss in
 * dB; `gainFromLossDb` turns it into the linear power gain the rate formula
 * uses. Each model is registered by name in `pathLossModels` (one line per
 * model), which topology files refer to.
 */

export interface LinkGeometry {
  /** Horizontal distance between user and server in metres. */
  distance2dM: number;
  /** Antenna height of the user in metres. */
  userHeightM: number;
  /** Antenna height of the server in metres. */
  serverHeightM: number;
}

export interface PathLoss {
  readonly name: string;
  /** Path loss in dB (positive: the received power is lower). */
  lossDb(link: LinkGeometry): number;
}

/** Linear power gain of a loss in dB. */
export function gainFromLossDb(lossDb: number): number {
  return Math.pow(10, -lossDb / 10);
}

/** Straight-line (3-D) distance of a link in metres. */
export function distance3d(link: LinkGeometry): number {
  const dh = link.serverHeightM - link.userHeightM;
  return Math.sqrt(link.distance2dM * link.distance2dM + dh * dh);
}

/**
 * The model of the paper's simulations (and of 3GPP TR 36.814's macro
 * urban case): PL = 128.1 + 37.6 log10(d / 1 km) dB, d the 3-D distance,
 * clamped below at `minDistanceM` so a user on top of a server gets a finite
 * gain. Carrier 2 GHz implied; valid for roughly 35 m < d < 5 km.
 */
export class PaperPathLoss implements PathLoss {
  readonly name = 'paper';

  constructor(readonly minDistanceM = 10) {}

  lossDb(link: LinkGeometry): number {
    const d = Math.max(distance3d(link), this.minDistanceM);
    return 128.1 + 37.6 * Math.log10(d / 1000);
  }
}
