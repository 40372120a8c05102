import { z } from 'zod';
import type { Position } from '../engine/geometry.js';
import type { RandomStreams } from '../engine/random.js';
import { pluginOf } from '../engine/registry.js';

/**
 * Shadowing: a slowly varying log-normal factor per link. A process is
 * advanced by the distance its user has travelled (not by time), so a user
 * that stands still keeps its shadowing and one that moves decorrelates at a
 * rate set by the environment, not by its speed.
 */
export interface ShadowingProcess {
  /**
   * Shadowing in dB (added to the received power, so negative values are
   * extra loss) after the user has travelled `travelledM` metres since the
   * start of the run. Must not decrease from one call to the next.
   */
  valueDb(travelledM: number): number;
}

export interface Shadowing {
  readonly name: string;
  /**
   * True when a link's value at a travelled distance is a pure function of
   * (link, distance), whatever other distances were queried (see
   * Fading.pure). Absent: false.
   */
  readonly pure?: boolean;
  /** The process of link (user, server); stream `shadowing/u<user>/s<server>`. */
  link(user: number, server: number): ShadowingProcess;
}

/** No shadowing: 0 dB on every link. */
export class NoShadowing implements Shadowing {
  readonly name = 'none';
  readonly pure = true;
  private static readonly zero: ShadowingProcess = { valueDb: () => 0 };
  link(): ShadowingProcess {
    return NoShadowing.zero;
  }
}

/** Builds a shadowing model's registry entry; it draws from the `shadowing/u<n>/s<m>` streams. */
export const shadowingPlugin = pluginOf<[streams: RandomStreams, sites?: readonly Position[]], Shadowing>();

/** The registry's entry: topology `{"model": "none"}`. */
export const noShadowing = shadowingPlugin({
  description: 'no shadowing (0 dB)',
  schema: z.strictObject({ model: z.literal('none') }),
  create: () => new NoShadowing(),
});
