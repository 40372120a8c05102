/** Statistics used by tests to judge samples against theory. */

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

export function variance(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return s / (xs.length - 1);
}

/** The one-sample Kolmogorov-Smirnov statistic D of `xs` against `cdf`. */
export function ksStatistic(xs: number[], cdf: (x: number) => number): number {
  const s = xs.slice().sort((a, b) => a - b);
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** Asymptotic critical value of D at significance 1% (Smirnov). */
export function ksCritical1pct(n: number): number {
  return 1.628 / Math.sqrt(n);
}

/** Empirical autocorrelation of a series at a lag, normalised by the lag-0 value. */
export function autocorrelation(xs: ArrayLike<number>, lag: number): number {
  const m = mean(xs);
  let c0 = 0;
  let c = 0;
  for (let i = 0; i < xs.length; i++) c0 += (xs[i] - m) ** 2;
  for (let i = 0; i + lag < xs.length; i++) c += (xs[i] - m) * (xs[i + lag] - m);
  return (c / (xs.length - lag)) / (c0 / xs.length);
}
