import type { Position } from '../engine/geometry.js';

/**
 * A uniform grid over the sites, answering "the k sites nearest to a point"
 * in time that does not grow with the number of sites: the query walks
 * square rings of cells outwards from the point's cell and stops once the
 * k-th nearest site found is closer than any cell of the next ring can be.
 * Cells are sized for about two sites each. Ties in distance go to the lower
 * site index, so the answer is a pure function of the point.
 */
export class SiteIndex {
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  private readonly minX: number;
  private readonly minY: number;
  private readonly cellM: number;
  private readonly cols: number;
  private readonly rows: number;
  /** Site indices of cell c are order[start[c]] .. order[start[c + 1] - 1]. */
  private readonly start: Int32Array;
  private readonly order: Int32Array;
  // Scratch for the k best of one query, kept sorted by (distance², index).
  private bestD2 = new Float64Array(0);
  private bestId = new Int32Array(0);

  constructor(sites: readonly Position[]) {
    const n = sites.length;
    if (n === 0) throw new RangeError('site index: no sites');
    this.x = Float64Array.from(sites, (s) => s.xM);
    this.y = Float64Array.from(sites, (s) => s.yM);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      minX = Math.min(minX, this.x[i]);
      maxX = Math.max(maxX, this.x[i]);
      minY = Math.min(minY, this.y[i]);
      maxY = Math.max(maxY, this.y[i]);
    }
    const w = Math.max(maxX - minX, 1);
    const h = Math.max(maxY - minY, 1);
    this.cellM = Math.max(Math.sqrt((2 * w * h) / n), 1);
    this.minX = minX;
    this.minY = minY;
    this.cols = Math.floor(w / this.cellM) + 1;
    this.rows = Math.floor(h / this.cellM) + 1;
    const cells = this.cols * this.rows;
    const cellOf = new Int32Array(n);
    const count = new Int32Array(cells + 1);
    for (let i = 0; i < n; i++) {
      cellOf[i] = this.cell(this.col(this.x[i]), this.row(this.y[i]));
      count[cellOf[i] + 1]++;
    }
    for (let c = 0; c < cells; c++) count[c + 1] += count[c];
    this.start = count.slice();
    this.order = new Int32Array(n);
    const fill = count.slice();
    for (let i = 0; i < n; i++) this.order[fill[cellOf[i]]++] = i;
  }

  get size(): number {
    return this.x.length;
  }

  private col(x: number): number {
    return Math.min(this.cols - 1, Math.max(0, Math.floor((x - this.minX) / this.cellM)));
  }

  private row(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.minY) / this.cellM)));
  }

  private cell(c: number, r: number): number {
    return r * this.cols + c;
  }

  /** The indices of the k sites nearest to (x, y), ascending by index (all sites when k >= their number). */
  nearest(xM: number, yM: number, k: number): number[] {
    const n = this.x.length;
    if (k >= n) return Array.from({ length: n }, (_, i) => i);
    if (this.bestD2.length < k) {
      this.bestD2 = new Float64Array(k);
      this.bestId = new Int32Array(k);
    }
    let found = 0;
    const c0 = this.col(xM);
    const r0 = this.row(yM);
    const maxRing = Math.max(this.cols, this.rows);
    for (let ring = 0; ring <= maxRing; ring++) {
      // Every site outside rings 0..ring-1 is at least this far from the point.
      if (found === k && ring > 0) {
        const gap = this.ringGapM(xM, yM, c0, r0, ring);
        if (gap === Infinity || gap * gap > this.bestD2[k - 1]) break;
      }
      for (let r = r0 - ring; r <= r0 + ring; r++) {
        if (r < 0 || r >= this.rows) continue;
        const edge = r === r0 - ring || r === r0 + ring;
        for (let c = c0 - ring; c <= c0 + ring; c += edge || ring === 0 ? 1 : 2 * ring) {
          if (c < 0 || c >= this.cols) continue;
          const cell = this.cell(c, r);
          for (let j = this.start[cell]; j < this.start[cell + 1]; j++) found = this.offer(this.order[j], xM, yM, k, found);
        }
      }
    }
    const out = Array.from(this.bestId.subarray(0, found));
    return out.sort((a, b) => a - b);
  }

  /**
   * A lower bound on the distance from (x, y) to any site in a cell of ring
   * `ring` or beyond around (c0, r0): the distance to the nearest side of the
   * square of the rings inside it, over the sides beyond which cells exist
   * (a point outside the grid is clamped to a border cell). Infinity when no
   * cell lies beyond: every site has been seen.
   */
  private ringGapM(xM: number, yM: number, c0: number, r0: number, ring: number): number {
    let gap = Infinity;
    if (c0 - ring >= 0) gap = Math.min(gap, xM - (this.minX + (c0 - ring + 1) * this.cellM));
    if (c0 + ring < this.cols) gap = Math.min(gap, this.minX + (c0 + ring) * this.cellM - xM);
    if (r0 - ring >= 0) gap = Math.min(gap, yM - (this.minY + (r0 - ring + 1) * this.cellM));
    if (r0 + ring < this.rows) gap = Math.min(gap, this.minY + (r0 + ring) * this.cellM - yM);
    return Math.max(0, gap);
  }

  /** Keeps site i among the k best found so far (an insertion into the sorted scratch). */
  private offer(i: number, xM: number, yM: number, k: number, found: number): number {
    const dx = this.x[i] - xM;
    const dy = this.y[i] - yM;
    const d2 = dx * dx + dy * dy;
    const d = this.bestD2;
    const id = this.bestId;
    if (found === k && (d2 > d[k - 1] || (d2 === d[k - 1] && i > id[k - 1]))) return found;
    let p = found === k ? k - 1 : found;
    while (p > 0 && (d[p - 1] > d2 || (d[p - 1] === d2 && id[p - 1] > i))) {
      d[p] = d[p - 1];
      id[p] = id[p - 1];
      p--;
    }
    d[p] = d2;
    id[p] = i;
    return found === k ? k : found + 1;
  }
}
