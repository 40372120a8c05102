
/**
 * The order and placement of a plot's series: legends list numeric series
 * by value (2, 4, 10 servers, not 10, 2, 4), and series whose means lie on
 * top of each other are found so that a plot can draw them apart and say so.
 */

/** A point of a series with its interval: `lower`/`upper` are null where there is none (one seed). */
export interface IntervalRow {
  x: number | string;
  series: string;
  mean: number;
  lower: number | null;
  upper: number | null;
  n: number;
}

function isNumeric(s: string): boolean {
  return s.trim() !== '' && Number.isFinite(Number(s));
}

/** Distinct names, ascending by value when every one is a number, else in order of first appearance. */
export function sortSeries(names: Iterable<string>): string[] {
  const distinct = [...new Set(names)];
  return distinct.every(isNumeric) ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct;
}

/** Two means closer than this fraction of the plot's height draw their markers on top of each other. */
export const COINCIDENT_FRACTION = 0.02;
/** How far apart coinciding points are drawn, as a fraction of the x axis' span. */
export const SEPARATION_FRACTION = 0.03;

export interface Separated {
  /** The rows with `xDrawn`, where each is drawn (its true x otherwise). */
  rows: Array<IntervalRow & { xDrawn: number | string }>;
  /** Groups of two or more series (in legend order) that coincide at one x or more. */
  groups: string[][];
}

/**
 * At each x, the means closer to each other than COINCIDENT_FRACTION of the
 * span of all means (on a log axis, of their logarithms) form a cluster,
 * chained through neighbours. A cluster's points are spread symmetrically
 * along x, SEPARATION_FRACTION of the x span apart (a factor on a log
 * axis), in legend order, so every marker shows; the series involved are
 * returned for a note.
 */
export function separateCoincident(rows: readonly IntervalRow[], axes: { logX: boolean; logY: boolean }): Separated {
  const drawn = rows.map((r) => ({ ...r, xDrawn: r.x as number | string }));
  if (!rows.every((r) => typeof r.x === 'number')) return { rows: drawn, groups: [] };
  const ty = (v: number): number => (axes.logY ? Math.log10(v) : v);
  const tx = (v: number): number => (axes.logX ? Math.log10(v) : v);
  const ys = rows.map((r) => ty(r.mean)).filter(Number.isFinite);
  const ySpan = ys.length === 0 ? 0 : Math.max(...ys) - Math.min(...ys);
  const xs = rows.map((r) => tx(r.x as number));
  const xSpan = Math.max(...xs) - Math.min(...xs);
  const step = SEPARATION_FRACTION * (xSpan > 0 ? xSpan : Math.abs(xs[0]) || 1);
  const order = sortSeries(rows.map((r) => r.series));
  const involved: string[][] = [];
  const byX = new Map<number, number[]>();
  rows.forEach((r, i) => byX.set(r.x as number, [...(byX.get(r.x as number) ?? []), i]));
  for (const indices of byX.values()) {
    const sorted = indices.filter((i) => Number.isFinite(ty(rows[i].mean))).sort((a, b) => ty(rows[a].mean) - ty(rows[b].mean));
    let cluster: number[] = [];
    const flush = (): void => {
      if (cluster.length > 1) {
        const members = cluster.sort((a, b) => order.indexOf(rows[a].series) - order.indexOf(rows[b].series));
        members.forEach((i, k) => {
          const d = (k - (members.length - 1) / 2) * step;
          const x = rows[i].x as number;
          drawn[i].xDrawn = axes.logX ? 10 ** (Math.log10(x) + d) : x + d;
        });
        involved.push(members.map((i) => rows[i].series));
      }
      cluster = [];
    };
    for (const i of sorted) {
      const prev = cluster[cluster.length - 1];
      if (prev !== undefined && !(ty(rows[i].mean) - ty(rows[prev].mean) <= COINCIDENT_FRACTION * ySpan)) flush();
      cluster.push(i);
    }
    flush();
  }
  // The same set of series at several x is one group for the note.
  const groups = [...new Map(involved.map((g) => [JSON.stringify(g), g])).values()];
  return { rows: drawn, groups };
}
