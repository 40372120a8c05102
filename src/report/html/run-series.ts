import type { IterationRecord } from '../../metrics/recorders.js';

/**
 * Time series of a run, derived from iterations.csv: the run is cut into
 * equal bins, and each quantity is either a count of iterations that ended
 * in the bin or a time average over the bin of something that holds over an
 * interval (a phone busy with an iteration, a job waiting at a site).
 */

export interface Bins {
  widthS: number;
  count: number;
}

/** About `target` bins of a round width (1, 2 or 5 times a power of ten seconds) covering the horizon. */
export function binsFor(horizonS: number, target = 60): Bins {
  const raw = horizonS / target;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const widthS = [1, 2, 5, 10].map((k) => k * p).find((w) => w >= raw) ?? 10 * p;
  return { widthS, count: Math.max(1, Math.ceil(horizonS / widthS - 1e-9)) };
}

/** Adds the overlap of [aS, bS) with each bin, in seconds, to `acc`. */
export function addOverlap(acc: Float64Array, bins: Bins, aS: number, bS: number): void {
  if (!(bS > aS)) return;
  const first = Math.max(0, Math.floor(aS / bins.widthS));
  const last = Math.min(bins.count - 1, Math.floor(bS / bins.widthS));
  for (let k = first; k <= last; k++) {
    const lo = Math.max(aS, k * bins.widthS);
    const hi = Math.min(bS, (k + 1) * bins.widthS);
    if (hi > lo) acc[k] += hi - lo;
  }
}

/** The q-quantile (0..1) of values, by the nearest-rank rule; NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** When an iteration reaches the edge site, starts waiting there, and leaves it (s). */
export function edgeTimesS(r: IterationRecord): { arriveS: number; serveS: number; leaveS: number } {
  const arriveS = r.startS + r.deviceWaitS + r.deviceComputeS + r.uplinkS;
  return { arriveS, serveS: arriveS + r.edgeWaitS, leaveS: arriveS + r.edgeWaitS + r.edgeComputeS };
}

export interface SeriesPoint {
  /** Middle of the bin (s). */
  timeS: number;
  series: string;
  value: number;
}

export interface RunSeries {
  bins: Bins;
  activeUsers: SeriesPoint[];
  throughput: SeriesPoint[];
  delay: SeriesPoint[];
  energy: SeriesPoint[];
  siteLoad: SeriesPoint[];
  siteQueue: SeriesPoint[];
  /** Outage seconds of the uploads that ended in each bin; empty when the iterations carry no outageS (NaN). */
  outage: SeriesPoint[];
}

/** Every series of the run report's time-series section. */
export function runSeries(iterations: readonly IterationRecord[], horizonS: number, siteCount: number): RunSeries {
  const bins = binsFor(horizonS);
  const mid = (k: number): number => (k + 0.5) * bins.widthS;
  const busy = new Float64Array(bins.count);
  const done = new Array<number>(bins.count).fill(0);
  const delays: number[][] = Array.from({ length: bins.count }, () => []);
  const energy = new Float64Array(bins.count);
  const serving = Array.from({ length: siteCount }, () => new Float64Array(bins.count));
  const waiting = Array.from({ length: siteCount }, () => new Float64Array(bins.count));
  const outage = new Float64Array(bins.count);
  let outageKnown = iterations.length > 0;
  for (const r of iterations) {
    // A phone counts as active from when its iteration could start (ready) to its end.
    addOverlap(busy, bins, r.startS, r.endS);
    const k = Math.min(bins.count - 1, Math.floor(r.endS / bins.widthS));
    done[k]++;
    delays[k].push(r.totalDelayS);
    energy[k] += r.deviceComputeJ + r.txJ + r.edgeJ;
    if (r.server >= 0 && r.server < siteCount) {
      const e = edgeTimesS(r);
      addOverlap(waiting[r.server], bins, e.arriveS, e.serveS);
      addOverlap(serving[r.server], bins, e.serveS, e.leaveS);
    }
    // When within the upload the link was in outage is not recorded, so the
    // whole of it goes to the bin where the upload ended: the bins then sum
    // to the run's outage total exactly. (Local-only iterations add 0.)
    if (Number.isFinite(r.outageS)) outage[Math.min(bins.count - 1, Math.max(0, Math.floor(edgeTimesS(r).arriveS / bins.widthS)))] += r.outageS;
    else outageKnown = false;
  }
  const each = <T>(f: (k: number) => T): T[] => Array.from({ length: bins.count }, (_, k) => f(k));
  const perBinWidth = (k: number): number => Math.min(bins.widthS, horizonS - k * bins.widthS);
  const sortedDelays = delays.map((d) => [...d].sort((a, b) => a - b));
  const sites = (acc: Float64Array[]): SeriesPoint[] =>
    acc.flatMap((a, m) => each((k) => ({ timeS: mid(k), series: `site ${m}`, value: a[k] / perBinWidth(k) })));
  return {
    bins,
    activeUsers: each((k) => ({ timeS: mid(k), series: 'phones with an iteration under way', value: busy[k] / perBinWidth(k) })),
    throughput: each((k) => ({ timeS: mid(k), series: 'iterations finished per second', value: done[k] / perBinWidth(k) })),
    delay: [
      ...each((k) => ({ timeS: mid(k), series: 'p50', value: quantile(sortedDelays[k], 0.5) })),
      ...each((k) => ({ timeS: mid(k), series: 'p95', value: quantile(sortedDelays[k], 0.95) })),
    ].filter((p) => Number.isFinite(p.value)),
    energy: each((k) => ({ timeS: mid(k), series: 'energy per iteration', value: done[k] === 0 ? NaN : energy[k] / done[k] })).filter((p) => Number.isFinite(p.value)),
    siteLoad: sites(serving),
    siteQueue: sites(waiting),
    outage: outageKnown ? each((k) => ({ timeS: mid(k), series: 'outage time of the uploads ended in the bin', value: outage[k] })) : [],
  };
}
