import seedrandom from 'seedrandom';

/**
 * Named random streams.
 *
 * Every consumer asks for a stream by a name that says what it is for, such as
 * `fading/u12/s3` or `mobility/u4`. The stream is seeded from the pair
 * (master seed, name) alone, so the numbers one stream produces never depend
 * on which other streams exist or on the order in which they were created:
 * adding a user, switching the allocator or enabling a trace leaves every
 * other stream's sequence unchanged (common random numbers).
 *
 * The generator is Brent's xor4096 (xorgens with a Weyl sequence) from the
 * seedrandom package, read with 53 bits of resolution.
 */
export class RandomStreams {
  private readonly streams = new Map<string, Stream>();

  private readonly cache: boolean;

  /**
   * `cache: false` hands out a new stream at every call, so nothing is kept
   * per name: for consumers that draw only when they are made, such as the
   * per-link streams of a city-sized run, which would otherwise hold a
   * generator for every link ever made. The numbers are the same either way.
   */
  constructor(
    readonly seed: number | string,
    options: { cache?: boolean } = {},
  ) {
    this.cache = options.cache ?? true;
    if (typeof seed === 'number' && !Number.isFinite(seed)) {
      throw new RangeError(`the master seed must be a finite number, got ${seed}`);
    }
  }

  /** The stream with this name; the same object for the same name. */
  stream(name: string): Stream {
    if (!this.cache) return new Stream(this.seed, name);
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new Stream(this.seed, name);
      this.streams.set(name, s);
    }
    return s;
  }

  /** A fresh stream for (seed, name), independent of any cached one. */
  fresh(name: string): Stream {
    return new Stream(this.seed, name);
  }

  /** Names of the streams handed out so far, sorted. */
  names(): string[] {
    return [...this.streams.keys()].sort();
  }
}

const TWO_PI = 2 * Math.PI;

/** What a distribution needs from a generator: a uniform and a standard normal. */
export interface UnitRng {
  /** Uniform on [0, 1). */
  next(): number;
  /** Standard normal. */
  normal(): number;
}

/**
 * Gamma(shape, 1) from any generator: Marsaglia and Tsang's squeeze method;
 * shapes below 1 use the boost U^(1/shape).
 */
export function gammaFrom(rng: UnitRng, shape: number): number {
  if (shape < 1) return gammaFrom(rng, shape + 1) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** One named random stream with the distributions the models draw from. */
export class Stream implements UnitRng {
  private readonly draw: () => number;
  private spareNormal = NaN;

  constructor(readonly seed: number | string, readonly name: string) {
    if (name.length === 0) throw new RangeError('a random stream needs a non-empty name');
    // The separator cannot occur in a number, so (1, "2/x") and (12, "/x")
    // never collide.
    const prng = seedrandom.xor4096(`mecsim|${String(seed)}|${name}`);
    this.draw = prng.double;
  }

  /** Uniform on [0, 1). */
  next(): number {
    return this.draw();
  }

  /** Uniform on [a, b). */
  uniform(a = 0, b = 1): number {
    return a + (b - a) * this.draw();
  }

  /** Uniform on (0, 1]: safe under a logarithm. */
  private openUnit(): number {
    return 1 - this.draw();
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  integer(lo: number, hi: number): number {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) {
      throw new RangeError(`integer(lo, hi) needs integers with lo <= hi, got ${lo}, ${hi}`);
    }
    return lo + Math.floor(this.draw() * (hi - lo + 1));
  }

  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate = 1): number {
    if (!(rate > 0)) throw new RangeError(`exponential rate must be > 0, got ${rate}`);
    return -Math.log(this.openUnit()) / rate;
  }

  /** Normal N(mean, sd^2), Box-Muller with the second variate kept. */
  normal(mean = 0, sd = 1): number {
    let z = this.spareNormal;
    if (Number.isNaN(z)) {
      const r = Math.sqrt(-2 * Math.log(this.openUnit()));
      const theta = TWO_PI * this.draw();
      z = r * Math.cos(theta);
      this.spareNormal = r * Math.sin(theta);
    } else {
      this.spareNormal = NaN;
    }
    return mean + sd * z;
  }

  /** Log-normal: exp(N(mu, sigma^2)). */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** Gamma with shape k and scale theta (mean k*theta); see gammaFrom. */
  gamma(shape: number, scale = 1): number {
    if (!(shape > 0) || !(scale > 0)) throw new RangeError(`gamma needs shape > 0 and scale > 0, got ${shape}, ${scale}`);
    return gammaFrom(this, shape) * scale;
  }

  /** Rayleigh with scale sigma (mean sigma*sqrt(pi/2)). */
  rayleigh(sigma = 1): number {
    return sigma * Math.sqrt(-2 * Math.log(this.openUnit()));
  }

  /**
   * Rician envelope |nu + sigma*(X + iY)| with X, Y standard normal: line of
   * sight amplitude nu, scattered standard deviation sigma per dimension.
   */
  rician(nu: number, sigma: number): number {
    const x = nu + sigma * this.normal();
    const y = sigma * this.normal();
    return Math.hypot(x, y);
  }

  /**
   * Poisson with the given mean: Knuth's product method for small means,
   * Hörmann's transformed rejection (PTRS) from mean 10 on.
   */
  poisson(mean: number): number {
    if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`poisson mean must be finite and >= 0, got ${mean}`);
    if (mean === 0) return 0;
    if (mean < 10) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.draw();
      while (p > limit) {
        k++;
        p *= this.draw();
      }
      return k;
    }
    const slam = Math.sqrt(mean);
    const loglam = Math.log(mean);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.draw() - 0.5;
      const v = this.draw();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor((2 * a / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logFactorial(k)) {
        return k;
      }
    }
  }

  /** One element of a non-empty array, uniformly. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('choice() from an empty array');
    return items[Math.floor(this.draw() * items.length)];
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.draw() * (i + 1));
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  /** A point of the flat Dirichlet distribution on the (n-1)-simplex. */
  dirichletFlat(n: number): number[] {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`dirichletFlat needs n >= 1, got ${n}`);
    const x = new Array<number>(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      x[i] = this.exponential(1);
      sum += x[i];
    }
    for (let i = 0; i < n; i++) x[i] /= sum;
    return x;
  }
}

const LOG_FACTORIAL_TABLE: number[] = (() => {
  const t = [0];
  for (let k = 1; k < 256; k++) t[k] = t[k - 1] + Math.log(k);
  return t;
})();

/** ln(k!) exactly from a table below 256, Stirling's series above. */
export function logFactorial(k: number): number {
  if (k < 256) return LOG_FACTORIAL_TABLE[k];
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}
