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
 */
export class LogNormalShadowing implements Shadowing {
  readonly name = 'log-normal';

  constructor(
    readonly sigmaDb: number,
    readonly decorrelationDistanceM: number,
    private readonly streams: RandomStreams,
  ) {}

  link(user: number, server: number): ShadowingProcess {
    return new GudmundsonProcess(this.sigmaDb, this.decorrelationDistanceM, this.streams.stream(`shadowing/u${user}/s${server}`));
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
