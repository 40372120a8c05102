import j0 from '@stdlib/math-base-special-besselj0';
import type { RandomStreams, Stream, UnitRng } from '../engine/random.js';
import { Xoshiro128 } from './fast-rng.js';
import { SPEED_OF_LIGHT_MPS } from './free-space-path-loss.js';

/**
 * Small-scale fading: a random power factor with mean 1 per link, varying in
 * time. A process is evaluated on demand at the query time and advanced from
 * its last sample in one step, so the simulation never schedules an event per
 * coherence interval.
 */
export interface FadingProcess {
  /**
   * Linear power gain |h|^2 (mean 1) at time `t` (s), the user having
   * travelled `travelledM` metres since the start. Gauss-Markov processes
   * need t non-decreasing from call to call (see the class docs).
   */
  power(t: number, travelledM: number): number;
}

export interface Fading {
  readonly name: string;
  /**
   * True when a link's power at t is a pure function of (link, t, distance
   * travelled), whatever other instants were queried and in which order, so
   * a transfer may compute its rates ahead (docs/simulation.md, "Rate
   * samples"). Absent: false.
   */
  readonly pure?: boolean;
  /** The process of link (user, server); stream `fading/u<user>/s<server>`. */
  link(user: number, server: number): FadingProcess;
}

/** How the fading of a link changes with time. */
export type TimeCorrelation =
  | { type: 'block'; coherenceTimeS: number }
  | { type: 'gauss-markov'; carrierHz: number; dopplerHz?: number }
  | { type: 'sum-of-sinusoids'; carrierHz: number; dopplerHz?: number; sinusoids: number };

/**
 * The law of one fading model, in two forms: independent draws (block
 * fading) and a set of real Gaussian components, each a unit-variance
 * Gauss-Markov process, from which the power is computed (time-correlated
 * fading).
 */
export interface FadingLaw {
  /** Real N(0, 1) components in the Gauss-Markov form. */
  readonly components: number;
  /** The power given the current components. */
  powerOf(x: Float64Array): number;
  /** One independent power sample. */
  drawPower(rng: UnitRng): number;
}

/** Jakes/Clarke correlation of the complex gain over a Doppler phase: J0(2 pi fD dt). */
export function jakesCorrelation(dopplerHz: number, dtS: number): number {
  return j0(2 * Math.PI * dopplerHz * dtS);
}

/** Maximum Doppler shift v f_c / c (Hz) of a user moving at `speedMps`. */
export function dopplerHz(speedMps: number, carrierHz: number): number {
  return (speedMps * carrierHz) / SPEED_OF_LIGHT_MPS;
}

/** A model whose power follows a `FadingLaw` under a time correlation. */
export class LawFading implements Fading {
  constructor(
    readonly name: string,
    readonly law: FadingLaw,
    readonly correlation: TimeCorrelation,
    private readonly streams: RandomStreams,
  ) {}

  /** Block and sum-of-sinusoids fading are pure; a Gauss-Markov path depends on the instants queried. */
  get pure(): boolean {
    return this.correlation.type !== 'gauss-markov';
  }

  link(user: number, server: number): FadingProcess {
    const stream = this.streams.stream(`fading/u${user}/s${server}`);
    return this.process(stream);
  }

  /** A process fed by the given stream (tests use this to make many links). */
  process(stream: Stream): FadingProcess {
    const c = this.correlation;
    if (c.type === 'block') return new BlockFadingProcess(this.law, c.coherenceTimeS, stream);
    if (c.type === 'sum-of-sinusoids') return new SumOfSinusoidsFadingProcess(this.law, c.carrierHz, c.dopplerHz, c.sinusoids, stream);
    return new GaussMarkovFadingProcess(this.law, c.carrierHz, c.dopplerHz, stream);
  }
}

/**
 * Block fading: the power is constant over blocks [k Tc, (k+1) Tc) and
 * independent between blocks. Block k's value is a pure function of the
 * link's key (two words drawn from its stream when the link is made) and k,
 * so any time can be queried in any order in O(1), and the value at t does
 * not depend on which other times were queried (common random numbers hold
 * across runs that query at different instants).
 */
export class BlockFadingProcess implements FadingProcess {
  private lastBlock = NaN;
  private lastPower = 0;
  private readonly key0: number;
  private readonly key1: number;
  private readonly rng = new CounterRng();
  private readonly invTc: number;

  constructor(
    private readonly law: FadingLaw,
    readonly coherenceTimeS: number,
    stream: Stream,
  ) {
    this.key0 = Math.floor(stream.next() * 4294967296) >>> 0;
    this.key1 = Math.floor(stream.next() * 4294967296) >>> 0;
    this.invTc = 1 / coherenceTimeS;
  }

  power(t: number): number {
    const k = Math.floor(t * this.invTc);
    if (k === this.lastBlock) return this.lastPower;
    if (!Number.isFinite(k)) throw new RangeError(`fading: time must be finite, got ${t}`);
    this.rng.reset(this.key0, this.key1, k);
    this.lastBlock = k;
    this.lastPower = this.law.drawPower(this.rng);
    return this.lastPower;
  }
}

/**
 * Time-correlated fading: each real component x follows the first-order
 * Gauss-Markov (AR(1)) recursion
 *
 *   x(t + dt) = rho x(t) + sqrt(1 - rho^2) z,   rho = J0(2 pi fD dt),
 *
 * jumping from the last sample to the query time in one step (the normals
 * come from a xoshiro128** generator keyed by the link's named stream). The marginal
 * law is exact at every time and the correlation between two consecutive
 * samples is Jakes' J0 of their separation. fD is `dopplerHz` when given;
 * otherwise the Doppler phase 2 pi fD dt is taken as 2 pi dd / lambda, dd the
 * distance the user travelled since the last sample: the same thing for a
 * constant speed, and the natural reading when the speed changes between
 * samples (a user who stands still keeps its channel).
 *
 * Limits: J0 is not the correlation of any Markov process, so over several
 * samples correlations multiply (J0(a) J0(b) rather than J0(a + b)); the
 * realised path depends on which instants were queried, though its law at
 * each instant does not. Queries earlier than the last one are a RangeError:
 * the simulation is causal, and silently re-drawing would break the process.
 */
export class GaussMarkovFadingProcess implements FadingProcess {
  private lastT = NaN;
  private lastM = 0;
  private lastPower = 0;
  private readonly x: Float64Array;
  private readonly phasePerS: number;
  private readonly phasePerM: number;
  private readonly rng: Xoshiro128;

  constructor(
    private readonly law: FadingLaw,
    carrierHz: number,
    dopplerHzFixed: number | undefined,
    stream: Stream,
  ) {
    this.rng = new Xoshiro128(stream);
    this.x = new Float64Array(law.components);
    this.phasePerS = dopplerHzFixed === undefined ? 0 : 2 * Math.PI * dopplerHzFixed;
    this.phasePerM = dopplerHzFixed === undefined ? (2 * Math.PI * carrierHz) / SPEED_OF_LIGHT_MPS : 0;
  }

  /** The current real components (read-only view, for inspection and tests). */
  get components(): Float64Array {
    return this.x;
  }

  power(t: number, travelledM = 0): number {
    const dt = t - this.lastT;
    if (dt === 0) return this.lastPower;
    const x = this.x;
    if (Number.isNaN(dt)) {
      if (!Number.isFinite(t)) throw new RangeError(`fading: time must be finite, got ${t}`);
      for (let i = 0; i < x.length; i++) x[i] = this.rng.normal();
    } else {
      if (dt < 0) throw new RangeError(`fading: query at t = ${t} s is earlier than the last one (${this.lastT} s)`);
      const rho = j0(this.phasePerS * dt + this.phasePerM * (travelledM - this.lastM));
      this.lastT = t;
      this.lastM = travelledM;
      if (rho === 1) return this.lastPower;
      const s = Math.sqrt(1 - rho * rho);
      for (let i = 0; i < x.length; i++) x[i] = rho * x[i] + s * this.rng.normal();
    }
    this.lastT = t;
    this.lastM = travelledM;
    this.lastPower = this.law.powerOf(x);
    return this.lastPower;
  }
}

/**
 * Time-correlated fading as a sum of sinusoids (Clarke's model in the form of
 * Zheng and Xiao, "Simulation models with correct statistical properties for
 * Rayleigh fading channels", IEEE Trans. Commun. 51(6), 2003): each real
 * component is
 *
 *   x(t) = sqrt(2/K) sum_k cos(theta(t) cos(a_k) + p_k),
 *
 * with arrival angles a_k and phases p_k uniform on [0, 2 pi), drawn once per
 * link from its stream, and theta(t) = 2 pi fD t for a fixed Doppler or
 * 2 pi d(t) / lambda with d the distance travelled. Over links the
 * correlation of x at a separation dt is exactly J0(2 pi fD dt) whatever K,
 * and, unlike the Gauss-Markov process, the value at t is a pure function of
 * (link, t): it never depends on which other instants were queried, so runs
 * that query the channel at different times (another allocator, another
 * scheduler) see the same channel — exact common random numbers — and any
 * query order is allowed. The price: the marginal law is Gaussian only as K
 * grows (the kurtosis of x is 3 - 3/(2K)), and a query costs K cosines per
 * component.
 */
export class SumOfSinusoidsFadingProcess implements FadingProcess {
  private lastTheta = NaN;
  private lastPower = 0;
  private readonly cosAngle: Float64Array;
  private readonly phase: Float64Array;
  private readonly x: Float64Array;
  private readonly amplitude: number;
  private readonly phasePerS: number;
  private readonly phasePerM: number;

  constructor(
    private readonly law: FadingLaw,
    carrierHz: number,
    dopplerHzFixed: number | undefined,
    readonly sinusoids: number,
    stream: Stream,
  ) {
    if (!Number.isInteger(sinusoids) || sinusoids < 1) throw new RangeError(`fading: sinusoids must be a whole number >= 1, got ${sinusoids}`);
    const n = law.components * sinusoids;
    this.cosAngle = new Float64Array(n);
    this.phase = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.cosAngle[i] = Math.cos(2 * Math.PI * stream.next());
      this.phase[i] = 2 * Math.PI * stream.next();
    }
    this.x = new Float64Array(law.components);
    this.amplitude = Math.sqrt(2 / sinusoids);
    this.phasePerS = dopplerHzFixed === undefined ? 0 : 2 * Math.PI * dopplerHzFixed;
    this.phasePerM = dopplerHzFixed === undefined ? (2 * Math.PI * carrierHz) / SPEED_OF_LIGHT_MPS : 0;
  }

  /** The current real components (read-only view, for inspection and tests). */
  get components(): Float64Array {
    return this.x;
  }

  power(t: number, travelledM = 0): number {
    const theta = this.phasePerS * t + this.phasePerM * travelledM;
    if (theta === this.lastTheta) return this.lastPower;
    if (!Number.isFinite(theta)) throw new RangeError(`fading: time and distance must be finite, got t = ${t} s, d = ${travelledM} m`);
    const k = this.sinusoids;
    const x = this.x;
    for (let c = 0, j = 0; c < x.length; c++) {
      let sum = 0;
      for (let i = 0; i < k; i++, j++) sum += Math.cos(theta * this.cosAngle[j] + this.phase[j]);
      x[c] = this.amplitude * sum;
    }
    this.lastTheta = theta;
    this.lastPower = this.law.powerOf(x);
    return this.lastPower;
  }
}

/** No small-scale fading: power 1 always. */
export class NoFading implements Fading {
  readonly name = 'none';
  readonly pure = true;
  private static readonly unit: FadingProcess = { power: () => 1 };
  link(): FadingProcess {
    return NoFading.unit;
  }
}

/**
 * A counter-based generator for block fading: the numbers of block k are a
 * hash of (key, k, i) for i = 0, 1, ..., so block k is reproducible from
 * scratch in O(1). The mixer is the 32-bit "lowbias32" integer hash applied to
 * a Weyl sequence, as in splitmix; quality is ample for drawing a few
 * variates per block.
 */
export class CounterRng implements UnitRng {
  private state = 0;
  private spare = NaN;

  reset(key0: number, key1: number, block: number): void {
    const lo = block >>> 0;
    const hi = Math.floor(block / 4294967296) >>> 0;
    this.state = mix32(key0 ^ mix32(lo ^ mix32(hi ^ mix32(key1 + 0x6a09e667))));
    this.spare = NaN;
  }

  private nextU32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    return mix32(this.state);
  }

  next(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  normal(): number {
    const z = this.spare;
    if (!Number.isNaN(z)) {
      this.spare = NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.next()));
    const theta = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }
}

function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}
