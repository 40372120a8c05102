import type { RandomStreams, Stream } from '../engine/random.js';
import { Xoshiro128 } from './fast-rng.js';
import type { Shadowing, ShadowingProcess } from './shadowing.js';

/**
 * Log-normal shadowing with Gudmundson's spatial correlation (M. Gudmundson,
 * "Correlation model for shadow fading in mobile radio systems", Electronics
 * Letters 27(23), 1991): the dB value S is Gaussian N(0, sigma^2) and the
 * correlation between two points a path distance dd apart is
 * exp(-dd / dCorr). Sampled at increasing travelled distances this is exactly
 * an AR(1) in distance,
 *
 *   S(d + dd) = rho S(d) + sigma sqrt(1 - rho^2) Z,   rho = exp(-dd / dCorr),
 *
 * so one step covers any distance and the process needs no grid. The
 * normals come from a xoshiro128** generator keyed by the link's stream
 * `shadowing/u<n>/s<m>`.
 *
 * Links of one user to different servers share the obstacles around the
 * user, so their shadowing is correlated (3GPP uses an inter-site
 * correlation of 0.5, e.g. TR 36.942 section 4.5). With inter-site
 * correlation r the link's value is
 *
 *   S_nm = sqrt(r) U_n + sqrt(1 - r) V_nm,
 *
 * U_n a Gudmundson process of the user (stream `shadowing/u<n>`) and V_nm one
 * of the link, both with the same sigma and decorrelation distance: S_nm keeps
 * the Gudmundson law along the path, and any two links of the user are
 * correlated by exactly r. With r = 0 (the default) no user process exists
 * and the link streams are the only ones drawn from.
 */
export class LogNormalShadowing implements Shadowing {
  readonly name = 'log-normal';
  private readonly common = new Map<number, GudmundsonProcess>();

  constructor(
    readonly sigmaDb: number,
    readonly decorrelationDistanceM: number,
    private readonly streams: RandomStreams,
    readonly interSiteCorrelation = 0,
  ) {
    if (!(interSiteCorrelation >= 0 && interSiteCorrelation <= 1)) {
      throw new RangeError(`shadowing: inter-site correlation must be in [0, 1], got ${interSiteCorrelation}`);
    }
  }

  link(user: number, server: number): ShadowingProcess {
    const own = new GudmundsonProcess(this.sigmaDb, this.decorrelationDistanceM, this.streams.stream(`shadowing/u${user}/s${server}`));
    if (this.interSiteCorrelation === 0) return own;
    let common = this.common.get(user);
    if (common === undefined) {
      common = new GudmundsonProcess(this.sigmaDb, this.decorrelationDistanceM, this.streams.stream(`shadowing/u${user}`));
      this.common.set(user, common);
    }
    return new InterSiteProcess(common, own, this.interSiteCorrelation);
  }
}

/** A link's shadowing as the mix of its user's process and its own (see LogNormalShadowing). */
class InterSiteProcess implements ShadowingProcess {
  private readonly a: number;
  private readonly b: number;

  constructor(
    private readonly common: GudmundsonProcess,
    private readonly own: GudmundsonProcess,
    correlation: number,
  ) {
    this.a = Math.sqrt(correlation);
    this.b = Math.sqrt(1 - correlation);
  }

  valueDb(travelledM: number): number {
    return this.a * this.common.valueDb(travelledM) + this.b * this.own.valueDb(travelledM);
  }
}

export class GudmundsonProcess implements ShadowingProcess {
  private lastM = NaN;
  private valueDbNow = 0;
  private readonly invCorr: number;
  private readonly rng: Xoshiro128;

  constructor(
    readonly sigmaDb: number,
    readonly decorrelationDistanceM: number,
    stream: Stream,
  ) {
    this.invCorr = 1 / decorrelationDistanceM;
    this.rng = new Xoshiro128(stream);
  }

  valueDb(travelledM: number): number {
    const dd = travelledM - this.lastM;
    if (dd === 0) return this.valueDbNow;
    if (Number.isNaN(dd)) {
      if (Number.isNaN(travelledM)) throw new RangeError('shadowing: travelled distance is NaN');
      // First sample: the stationary law.
      this.valueDbNow = this.sigmaDb * this.rng.normal();
    } else if (dd < 0) {
      throw new RangeError(`shadowing: travelled distance went back from ${this.lastM} m to ${travelledM} m`);
    } else {
      const rho = Math.exp(-dd * this.invCorr);
      this.valueDbNow = rho * this.valueDbNow + this.sigmaDb * Math.sqrt(1 - rho * rho) * this.rng.normal();
    }
    this.lastM = travelledM;
    return this.valueDbNow;
  }
}
