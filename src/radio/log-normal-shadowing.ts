import { z } from 'zod';
import type { RandomStreams, Stream } from '../engine/random.js';
import { Xoshiro128 } from './fast-rng.js';
import { type Shadowing, type ShadowingProcess, shadowingPlugin } from './shadowing.js';
import { choleskyFactor, MixedProcess, siteCorrelationMatrix } from './site-correlation.js';

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
  private readonly common = new Map<number, ShadowingProcess>();

  constructor(
    readonly sigmaDb: number,
    readonly decorrelationDistanceM: number,
    private readonly streams: RandomStreams,
    readonly interSiteCorrelation = 0,
    /** 0: the AR(1) in distance; K > 0: a sum of K sinusoids (SinusoidShadowingProcess). */
    readonly sinusoids = 0,
    /** Cholesky factor of a site-to-site correlation (site-correlation.ts); absent: `interSiteCorrelation`. */
    private readonly siteFactor?: number[][],
    /** Sinusoids only: grid points per decorrelation distance (SinusoidShadowingProcess); 0: the exact sum. */
    readonly gridPerDecorrelation = 0,
  ) {
    if (!(interSiteCorrelation >= 0 && interSiteCorrelation <= 1)) {
      throw new RangeError(`shadowing: inter-site correlation must be in [0, 1], got ${interSiteCorrelation}`);
    }
  }

  private readonly independent = new Map<number, ShadowingProcess[]>();

  /** Sinusoid shadowing is pure in distance; the AR(1)'s path depends on the distances queried. */
  get pure(): boolean {
    return this.sinusoids > 0;
  }

  private process(stream: Stream): ShadowingProcess {
    return this.sinusoids > 0
      ? new SinusoidShadowingProcess(this.sigmaDb, this.decorrelationDistanceM, this.sinusoids, stream, this.gridPerDecorrelation)
      : new GudmundsonProcess(this.sigmaDb, this.decorrelationDistanceM, stream);
  }

  link(user: number, server: number): ShadowingProcess {
    if (this.siteFactor !== undefined) {
      let parts = this.independent.get(user);
      if (parts === undefined) {
        parts = this.siteFactor.map((_, k) => this.process(this.streams.stream(`shadowing/u${user}/s${k}`)));
        this.independent.set(user, parts);
      }
      return new MixedProcess(this.siteFactor[server], parts);
    }
    const own = this.process(this.streams.stream(`shadowing/u${user}/s${server}`));
    if (this.interSiteCorrelation === 0) return own;
    let common = this.common.get(user);
    if (common === undefined) {
      common = this.process(this.streams.stream(`shadowing/u${user}`));
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
    private readonly common: ShadowingProcess,
    private readonly own: ShadowingProcess,
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

/**
 * Gudmundson shadowing as a pure function of the distance travelled:
 *
 *   S(d) = sigma sqrt(2/K) sum_k cos(2 pi f_k d + p_k),
 *
 * with phases p_k uniform and spatial frequencies f_k drawn from a Cauchy law
 * of scale 1/(2 pi dCorr), whose characteristic function makes the
 * correlation over links exactly exp(-|dd| / dCorr). The value at d depends
 * on nothing else, so runs that query at different instants see the same
 * shadowing (exact common random numbers) and queries may come in any order;
 * the marginal is Gaussian only as K grows (kurtosis 3 - 3/(2K)).
 *
 * With G = `gridPerDecorrelation` > 0 the sum is evaluated only on the grid
 * d_i = i delta, delta = dCorr / G, anchored at 0, and a query between d_i
 * and d_(i+1) (fraction f of the way) returns
 *
 *   S = ((1 - f) S_i + f S_(i+1)) / sqrt((1 - f)^2 + f^2 + 2 f (1 - f) rho),  rho = exp(-1/G),
 *
 * the variance-preserving interpolation: rho is the field's correlation at lag
 * delta, so the marginal stays N(0, sigma^2) at every d. The two corners are
 * kept, so a user moving forward pays one K-term sum per delta travelled
 * instead of one per query; the value is still a function of d alone.
 */
export class SinusoidShadowingProcess implements ShadowingProcess {
  private readonly frequency: Float64Array;
  private readonly phase: Float64Array;
  private readonly amplitude: number;
  /** Grid spacing (m); 0: the exact sum at every query. */
  private readonly gridM: number;
  /** The field's correlation between neighbouring grid points, exp(-gridM / dCorr). */
  private readonly gridRho: number;
  /** Index i of the corners held: cornerLo = S(i gridM), cornerHi = S((i + 1) gridM). */
  private cell = NaN;
  private cornerLo = 0;
  private cornerHi = 0;
  private lastM = NaN;
  private valueDbNow = 0;

  constructor(
    readonly sigmaDb: number,
    readonly decorrelationDistanceM: number,
    readonly sinusoids: number,
    stream: Stream,
    readonly gridPerDecorrelation = 0,
  ) {
    if (!Number.isInteger(sinusoids) || sinusoids < 1) throw new RangeError(`shadowing: sinusoids must be a whole number >= 1, got ${sinusoids}`);
    if (!Number.isInteger(gridPerDecorrelation) || gridPerDecorrelation < 0) {
      throw new RangeError(`shadowing: gridPerDecorrelation must be a whole number >= 0, got ${gridPerDecorrelation}`);
    }
    const scale = 1 / (2 * Math.PI * decorrelationDistanceM);
    this.frequency = new Float64Array(sinusoids);
    this.phase = new Float64Array(sinusoids);
    for (let k = 0; k < sinusoids; k++) {
      // 2 pi f d with f Cauchy: the angular frequency is 2 pi scale tan(pi (u - 1/2)).
      this.frequency[k] = 2 * Math.PI * scale * Math.tan(Math.PI * (stream.next() - 0.5));
      this.phase[k] = 2 * Math.PI * stream.next();
    }
    this.amplitude = sigmaDb * Math.sqrt(2 / sinusoids);
    this.gridM = gridPerDecorrelation > 0 ? decorrelationDistanceM / gridPerDecorrelation : 0;
    this.gridRho = gridPerDecorrelation > 0 ? Math.exp(-1 / gridPerDecorrelation) : 0;
  }

  valueDb(travelledM: number): number {
    if (travelledM === this.lastM) return this.valueDbNow;
    if (!Number.isFinite(travelledM)) throw new RangeError(`shadowing: travelled distance must be finite, got ${travelledM}`);
    this.valueDbNow = this.gridM > 0 ? this.interpolated(travelledM) : this.exactDb(travelledM);
    this.lastM = travelledM;
    return this.valueDbNow;
  }

  /** The K-term sum itself at d. */
  exactDb(travelledM: number): number {
    let sum = 0;
    for (let k = 0; k < this.sinusoids; k++) sum += Math.cos(this.frequency[k] * travelledM + this.phase[k]);
    return this.amplitude * sum;
  }

  private interpolated(travelledM: number): number {
    const x = travelledM / this.gridM;
    const i = Math.floor(x);
    if (i !== this.cell) {
      // A corner is always the sum at (integer) * gridM, so a shifted corner equals a recomputed one bit for bit.
      if (i === this.cell + 1) this.cornerLo = this.cornerHi;
      else this.cornerLo = this.exactDb(i * this.gridM);
      this.cornerHi = this.exactDb((i + 1) * this.gridM);
      this.cell = i;
    }
    const f = x - i;
    const w = 1 - f;
    return (w * this.cornerLo + f * this.cornerHi) / Math.sqrt(w * w + f * f + 2 * w * f * this.gridRho);
  }
}

/** The registry's entry: topology `{"model": "log-normal", "sigmaDb": ...}`. */
export const logNormalShadowing = shadowingPlugin({
  description: 'log-normal, correlated along the path travelled (Gudmundson)',
  schema: z.strictObject({
    model: z.literal('log-normal'),
    sigmaDb: z.number().min(0).max(30).describe('standard deviation of the shadowing (dB)'),
    decorrelationDistanceM: z
      .number()
      .min(0.1)
      .max(1e5)
      .default(50)
      .describe('distance (m) over which the correlation falls to 1/e (Gudmundson)'),
    interSiteCorrelation: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe("correlation between a user's links to different servers (3GPP uses 0.5)"),
    siteCorrelationDistanceM: z
      .number()
      .min(0.1)
      .max(1e7)
      .optional()
      .describe("correlate a user's links to sites i and j by exp(-d_ij / this), d_ij the distance between the sites (m; ours, instead of interSiteCorrelation)"),
    sinusoids: z
      .number()
      .int()
      .min(0)
      .max(1024)
      .default(0)
      .describe('0: AR(1) in distance (exact law); K > 0: sum of K sinusoids (pure in distance, exact common random numbers)'),
    gridPerDecorrelation: z
      .number()
      .int()
      .min(0)
      .max(1024)
      .default(8)
      .describe('with sinusoids: evaluate the sum every decorrelationDistanceM / G metres and interpolate between, keeping sigma (docs/radio.md); 0: the exact sum at every query'),
  }),
  create: (p, streams, sites) => {
    if (p.siteCorrelationDistanceM === undefined) return new LogNormalShadowing(p.sigmaDb, p.decorrelationDistanceM, streams, p.interSiteCorrelation, p.sinusoids, undefined, p.gridPerDecorrelation);
    if (p.interSiteCorrelation !== 0) throw new RangeError('shadowing: give interSiteCorrelation or siteCorrelationDistanceM, not both');
    if (sites === undefined) throw new RangeError('shadowing: siteCorrelationDistanceM needs the site positions');
    const factor = choleskyFactor(siteCorrelationMatrix(sites, p.siteCorrelationDistanceM));
    return new LogNormalShadowing(p.sigmaDb, p.decorrelationDistanceM, streams, 0, p.sinusoids, factor, p.gridPerDecorrelation);
  },
});
