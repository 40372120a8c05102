import tQuantileStdlib from '@stdlib/stats-base-dists-t-quantile';

/**
 * Streaming mean and variance by Welford's update, with min, max and sum.
 * Memory is constant; `merge` combines two accumulators exactly as if their
 * samples had been pushed into one (Chan, Golub and LeVeque's pairwise rule),
 * which is how shards of a campaign are joined.
 */
export class RunningStats {
  private n = 0;
  private m = 0;
  private m2 = 0;
  private lo = Infinity;
  private hi = -Infinity;
  private total = 0;

  push(x: number): void {
    this.n++;
    const d = x - this.m;
    this.m += d / this.n;
    this.m2 += d * (x - this.m);
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    this.total += x;
  }

  merge(other: RunningStats): void {
    if (other.n === 0) return;
    if (this.n === 0) {
      this.n = other.n;
      this.m = other.m;
      this.m2 = other.m2;
      this.lo = other.lo;
      this.hi = other.hi;
      this.total = other.total;
      return;
    }
    const n = this.n + other.n;
    const d = other.m - this.m;
    this.m += (d * other.n) / n;
    this.m2 += other.m2 + (d * d * this.n * other.n) / n;
    this.n = n;
    this.lo = Math.min(this.lo, other.lo);
    this.hi = Math.max(this.hi, other.hi);
    this.total += other.total;
  }

  get count(): number {
    return this.n;
  }

  /** Sample mean; NaN when empty. */
  get mean(): number {
    return this.n === 0 ? NaN : this.m;
  }

  /** Unbiased sample variance (divides by n - 1); NaN below two samples. */
  get variance(): number {
    return this.n < 2 ? NaN : Math.max(0, this.m2 / (this.n - 1));
  }

  get stdDev(): number {
    return Math.sqrt(this.variance);
  }

  /** Smallest sample; NaN when empty. */
  get min(): number {
    return this.n === 0 ? NaN : this.lo;
  }

  get max(): number {
    return this.n === 0 ? NaN : this.hi;
  }

  get sum(): number {
    return this.total;
  }
}

/** The p-quantile of Student's t distribution with `dof` degrees of freedom. */
export function tQuantile(p: number, dof: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`t quantile needs 0 < p < 1, got ${p}`);
  if (!(dof > 0)) throw new RangeError(`t quantile needs dof > 0, got ${dof}`);
  return tQuantileStdlib(p, dof);
}

export interface ConfidenceInterval {
  mean: number;
  /** Half the width: the interval is mean ± halfWidth. */
  halfWidth: number;
  lower: number;
  upper: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
  /** Independent observations behind it (samples, or batches for batch means). */
  n: number;
}

/**
 * Student-t interval for the mean of n independent, roughly normal
 * observations: mean ± t_{(1+level)/2, n-1} * s / sqrt(n). NaN bounds below
 * two observations.
 */
export function confidenceInterval(stats: { count: number; mean: number; variance: number }, level = 0.95): ConfidenceInterval {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  const n = stats.count;
  const halfWidth = n < 2 ? NaN : tQuantile((1 + level) / 2, n - 1) * Math.sqrt(stats.variance / n);
  return { mean: stats.mean, halfWidth, lower: stats.mean - halfWidth, upper: stats.mean + halfWidth, level, n };
}

/** `confidenceInterval` of the values of an array. */
export function meanConfidenceInterval(values: ArrayLike<number>, level = 0.95): ConfidenceInterval {
  const s = new RunningStats();
  for (let i = 0; i < values.length; i++) s.push(values[i]);
  return confidenceInterval(s, level);
}

/**
 * Interval for the mean difference of paired observations, mean(a_i - b_i):
 * a Student-t interval on the n differences. With common random numbers
 * (a_i and b_i measured on the same seed i) the pairs are positively
 * correlated, so this interval is much narrower than the difference of two
 * independent intervals. The arrays must have the same length.
 */
export function pairedDifferenceInterval(a: ArrayLike<number>, b: ArrayLike<number>, level = 0.95): ConfidenceInterval {
  if (a.length !== b.length) throw new RangeError(`paired samples need equal lengths, got ${a.length} and ${b.length}`);
  const s = new RunningStats();
  for (let i = 0; i < a.length; i++) s.push(a[i] - b[i]);
  return confidenceInterval(s, level);
}

/**
 * Batch means for one long run whose observations are correlated (response
 * times of successive jobs): the run is cut into consecutive batches, and
 * batch means far apart are nearly independent, so a t interval over them
 * is honest where one over raw observations is far too narrow.
 *
 * Memory is bounded: at most `2 * minBatches` batches are kept; when that
 * many are full, neighbours are merged pairwise and the batch size doubles.
 * So the interval always rests on between `minBatches` and `2 * minBatches`
 * batches of equal size; the observations of the unfinished batch at the end
 * are left out of it (but not of `mean`). The first `warmup` observations are
 * discarded entirely.
 */
export class BatchMeans {
  private readonly sums: Float64Array;
  private full = 0;
  private size = 1;
  private partialSum = 0;
  private partialCount = 0;
  private seen = 0;
  private readonly all = new RunningStats();

  constructor(
    readonly minBatches = 20,
    readonly warmup = 0,
  ) {
    if (!Number.isInteger(minBatches) || minBatches < 2) throw new RangeError(`batch means needs an integer minBatches >= 2, got ${minBatches}`);
    if (!Number.isInteger(warmup) || warmup < 0) throw new RangeError(`warmup must be a non-negative integer, got ${warmup}`);
    this.sums = new Float64Array(2 * minBatches);
  }

  push(x: number): void {
    if (this.seen++ < this.warmup) return;
    this.all.push(x);
    this.partialSum += x;
    if (++this.partialCount < this.size) return;
    this.sums[this.full++] = this.partialSum;
    this.partialSum = 0;
    this.partialCount = 0;
    if (this.full === this.sums.length) {
      for (let i = 0; i < this.minBatches; i++) this.sums[i] = this.sums[2 * i] + this.sums[2 * i + 1];
      this.full = this.minBatches;
      this.size *= 2;
    }
  }

  /** Observations kept (after the warm-up). */
  get count(): number {
    return this.all.count;
  }

  /** Mean of every observation kept. */
  get mean(): number {
    return this.all.mean;
  }

  get batchSize(): number {
    return this.size;
  }

  get batches(): number {
    return this.full;
  }

  /** t interval over the complete batches' means (NaN below two batches). */
  interval(level = 0.95): ConfidenceInterval {
    const s = new RunningStats();
    for (let i = 0; i < this.full; i++) s.push(this.sums[i] / this.size);
    return confidenceInterval(s, level);
  }
}

/**
 * Exact p-quantile (0 <= p <= 1) of a sample by linear interpolation between
 * order statistics (x_(1) .. x_(n), position 1 + p (n - 1): the definition
 * most statistics packages use by default). Sorts a copy.
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  return percentileOfSorted(sorted, p);
}

/** `percentile` of values already sorted ascending. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile needs 0 <= p <= 1, got ${p}`);
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = p * (n - 1);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The nearest-rank p-quantile: x_(k) with k = max(1, ceil(p n)), of sorted values. */
export function nearestRankOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile needs 0 <= p <= 1, got ${p}`);
  const n = sorted.length;
  if (n === 0) return NaN;
  return sorted[Math.max(1, Math.ceil(p * n)) - 1];
}

export interface LogHistogramOptions {
  /** Bound on the relative error of a quantile, 0 < e < 1 (default 0.005). */
  relativeError?: number;
  /** Values below this count as zero (default 1e-9). */
  minValue?: number;
  /** Values above this land in one overflow bucket (default 1e12). */
  maxValue?: number;
}

/**
 * Streaming quantiles of non-negative values with bounded memory: a
 * histogram whose bucket edges grow geometrically by gamma = (1+e)/(1-e).
 * Bucket i holds (gamma^(i-1), gamma^i] and answers with 2 gamma^i /
 * (gamma + 1), which is within relative error e of anything in the bucket.
 *
 * Guarantee: for p in [0, 1], `quantile(p)` is within relative error e of
 * the nearest-rank quantile x_(k), k = max(1, ceil(p n)), when x_(k) lies in
 * [minValue, maxValue]; it is the smallest value seen when x_(k) < minValue
 * (so exact for zeros, and off by less than minValue otherwise); and it is
 * the largest value seen when x_(k) > maxValue. Answers
 * are clamped to the smallest and largest values seen, which only moves them
 * closer, and p = 0 and p = 1 give those exactly. With the defaults the histogram has 4,837 buckets (39 kB), whatever
 * the number of values.
 */
export class LogHistogram {
  readonly relativeError: number;
  readonly minValue: number;
  readonly maxValue: number;
  private readonly logGamma: number;
  private readonly gamma: number;
  private readonly offset: number;
  private readonly counts: Float64Array;
  private zeros = 0;
  private over = 0;
  private n = 0;
  private lo = Infinity;
  private hi = -Infinity;

  constructor(options: LogHistogramOptions = {}) {
    const e = options.relativeError ?? 0.005;
    const minValue = options.minValue ?? 1e-9;
    const maxValue = options.maxValue ?? 1e12;
    if (!(e > 0 && e < 1)) throw new RangeError(`relativeError must be in (0, 1), got ${e}`);
    if (!(minValue > 0 && maxValue > minValue && maxValue < Infinity)) {
      throw new RangeError(`need 0 < minValue < maxValue < Infinity, got ${minValue}, ${maxValue}`);
    }
    this.relativeError = e;
    this.minValue = minValue;
    this.maxValue = maxValue;
    this.gamma = (1 + e) / (1 - e);
    this.logGamma = Math.log(this.gamma);
    this.offset = this.rawIndex(minValue);
    this.counts = new Float64Array(this.rawIndex(maxValue) - this.offset + 1);
  }

  private rawIndex(x: number): number {
    return Math.ceil(Math.log(x) / this.logGamma);
  }

  /** Number of buckets (memory is 8 bytes each). */
  get bucketCount(): number {
    return this.counts.length;
  }

  get count(): number {
    return this.n;
  }

  push(x: number): void {
    if (!(x >= 0)) throw new RangeError(`LogHistogram takes non-negative values, got ${x}`);
    this.n++;
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    if (x < this.minValue) this.zeros++;
    else if (x > this.maxValue) this.over++;
    else {
      // Rounding in log() can put an edge value one bucket off; clamp to the table.
      const i = Math.min(this.counts.length - 1, Math.max(0, this.rawIndex(x) - this.offset));
      this.counts[i]++;
    }
  }

  /** Add another histogram of the same shape (shards of one campaign). */
  merge(other: LogHistogram): void {
    if (other.relativeError !== this.relativeError || other.minValue !== this.minValue || other.maxValue !== this.maxValue) {
      throw new RangeError('cannot merge histograms of different shapes');
    }
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += other.counts[i];
    this.zeros += other.zeros;
    this.over += other.over;
    this.n += other.n;
    this.lo = Math.min(this.lo, other.lo);
    this.hi = Math.max(this.hi, other.hi);
  }

  /** Approximate p-quantile (see the class comment for the bound); NaN when empty. */
  quantile(p: number): number {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile needs 0 <= p <= 1, got ${p}`);
    if (this.n === 0) return NaN;
    if (p === 0) return this.lo;
    if (p === 1) return this.hi;
    const k = Math.max(1, Math.ceil(p * this.n));
    let seen = this.zeros;
    if (seen >= k) return this.lo;
    const counts = this.counts;
    for (let i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= k) {
        const value = (2 * Math.pow(this.gamma, i + this.offset)) / (this.gamma + 1);
        return clamp(value, this.lo, this.hi);
      }
    }
    return this.hi;
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * Jain's fairness index (sum x)^2 / (n sum x^2) of non-negative allocations:
 * 1 when all are equal, 1/n when one gets everything. All zero counts as
 * equal (1).
 */
export function jainIndex(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) throw new RangeError("Jain's index needs at least one value");
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (!(x >= 0)) throw new RangeError(`Jain's index takes non-negative values, got ${x}`);
    s += x;
    s2 += x * x;
  }
  return s2 === 0 ? 1 : (s * s) / (n * s2);
}

/**
 * Empirical CDF of a sample as its step points: the distinct values in
 * increasing order, each with the fraction of the sample at or below it.
 * NaNs are left out.
 */
export function empiricalCdf(values: ArrayLike<number>): Array<{ value: number; fraction: number }> {
  const sorted = Float64Array.from(values as ArrayLike<number>)
    .filter((x) => !Number.isNaN(x))
    .sort();
  const n = sorted.length;
  const out: Array<{ value: number; fraction: number }> = [];
  for (let i = 0; i < n; i++) {
    if (i + 1 < n && sorted[i + 1] === sorted[i]) continue;
    out.push({ value: sorted[i], fraction: (i + 1) / n });
  }
  return out;
}
