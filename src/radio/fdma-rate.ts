/**
 * The paper's FDMA uplink rate, r = b·log2(1 + g·p/(N0·b)) bit/s: bandwidth
 * b (Hz), linear gain g, transmit power p (W), noise density N0 (W/Hz). No
 * interference: each user has its own band.
 *
 * The rate is evaluated in two forms that agree up to the last bits:
 * `fdmaRateBps` (log2(1 + x), what the run's airtimes have always used) and
 * `uplinkRateBps` / `rateAtSnrBps` (ln(1 + x)/ln 2 by `log1p`, exact at low
 * SNR, what every allocator and the objective use, with the derivatives
 * below). Both are kept as they are because recorded outputs depend on each
 * to the bit: a run's airtimes on the first, every decision on the second.
 */

/** The rate in the run's form; 0 when b = 0. */
export function fdmaRateBps(bandwidthHz: number, gain: number, txPowerW: number, noiseWPerHz: number): number {
  if (bandwidthHz === 0) return 0;
  return bandwidthHz * Math.log2(1 + (gain * txPowerW) / (noiseWPerHz * bandwidthHz));
}

/** b·log2(1 + snr) through `log1p`: the rate of a band at a given SNR. */
export function rateAtSnrBps(bandwidthHz: number, snr: number): number {
  return (bandwidthHz * Math.log1p(snr)) / Math.LN2;
}

/** The rate in the allocators' form; 0 for a band that is not positive. */
export function uplinkRateBps(bandwidthHz: number, gain: number, txPowerW: number, noiseWPerHz: number): number {
  if (!(bandwidthHz > 0)) return 0;
  return rateAtSnrBps(bandwidthHz, (gain * txPowerW) / (noiseWPerHz * bandwidthHz));
}

/**
 * ln(1+g) − g/(1+g): the bandwidth slope of the rate, times ln 2, at SNR g;
 * by its series where the difference would cancel.
 */
export function rho(g: number): number {
  if (g < 1e-3) {
    const g2 = g * g;
    return g2 * (0.5 + g * (-2 / 3 + g * (0.75 + g * (-0.8 + g * (5 / 6 - g * (6 / 7))))));
  }
  return Math.log1p(g) - g / (1 + g);
}

/** r(p, b) = b·log2(1 + c·p/b) and its first and second partial derivatives. */
export interface RateSample {
  r: number;
  rp: number;
  rb: number;
  rpp: number;
  rbb: number;
  rpb: number;
}

export function newRateSample(): RateSample {
  return { r: 0, rp: 0, rb: 0, rpp: 0, rbb: 0, rpb: 0 };
}

/**
 * Fills `o` with the rate and its derivatives at power p and bandwidth b,
 * for c = g/N0 (SNR per watt per hertz of bandwidth). r is jointly concave
 * in (p, b).
 */
export function rateDerivatives(c: number, p: number, b: number, o: RateSample): void {
  const g = (c * p) / b;
  const inv = 1 / (1 + g);
  // One log1p serves the rate and its bandwidth slope (the same values
  // rateAtSnrBps and rho compute, bit for bit): this is the solver's
  // innermost call.
  const ln = Math.log1p(g);
  o.r = (b * ln) / Math.LN2;
  o.rp = (c * inv) / Math.LN2;
  o.rb = (g < 1e-3 ? rho(g) : ln - g / (1 + g)) / Math.LN2;
  const k = (inv * inv) / (b * Math.LN2);
  o.rpp = -c * c * k;
  o.rbb = -g * g * k;
  o.rpb = c * g * k;
}
