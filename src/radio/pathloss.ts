import { pluginOf } from '../engine/registry.js';

/**
 * Large-scale path loss models. A model maps a link's geometry to a loss in
 * dB; `gainFromLossDb` turns it into the linear power gain the rate formula
 * uses. Each model lives in its own file and is registered by name in
 * `pathLossModels` (registry.ts), which topology files refer to.
 */

export interface LinkGeometry {
  /** Horizontal distance between user and server in metres. */
  distance2dM: number;
  /** Antenna height of the user in metres. */
  userHeightM: number;
  /** Antenna height of the server in metres. */
  serverHeightM: number;
  /**
   * A uniform number in [0, 1) drawn once for the link (stream `los/u<n>/s<m>`)
   * and kept: models with a probabilistic line-of-sight state call the link
   * LOS while this is below the LOS probability at the current distance.
   * Other models ignore it.
   */
  losUniform?: number;
}

export interface PathLoss {
  readonly name: string;
  /** User antenna height (m) the channel uses for every link of this model. */
  readonly userHeightM: number;
  /** Server antenna height (m) the channel uses for every link of this model. */
  readonly serverHeightM: number;
  /** True when `lossDb` needs `losUniform` in the geometry. */
  readonly needsLosDraw: boolean;
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

/** Builds a path-loss model's registry entry (registry.ts); its schema's `model` is the name. */
export const pathLossPlugin = pluginOf<[], PathLoss>();
