import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import type { Position } from '../engine/geometry.js';
import type { ShadowingProcess } from './shadowing.js';

/**
 * Shadowing correlated across sites by distance (ours, an option of the
 * log-normal model): the correlation of a user's links to sites i and j is
 * exp(−d_ij / siteDistanceM), d_ij the distance between the sites, as
 * Gudmundson's law applied to the site positions (the 3GPP models use a
 * constant 0.5 instead, e.g. TR 36.873 table 7.3-6 and TR 36.942 section
 * 4.5, which `interSiteCorrelation` gives). With L the Cholesky factor of
 * that matrix (ml-matrix), link (n, m) is S_nm = Σ_k L_mk·V_nk, V_nk
 * independent Gudmundson processes of the user (streams
 * `shadowing/u<n>/s<k>`): each S_nm keeps the law along the path (Σ_k L_mk²
 * = 1) and any two links of the user are correlated exactly as the matrix
 * says.
 */
export function siteCorrelationMatrix(sites: readonly Position[], siteDistanceM: number): number[][] {
  return sites.map((a) => sites.map((b) => Math.exp(-Math.hypot(a.xM - b.xM, a.yM - b.yM) / siteDistanceM)));
}

/** The lower Cholesky factor of a correlation matrix; a matrix that is not positive definite (two sites at one place) is refused. */
export function choleskyFactor(correlation: number[][]): number[][] {
  const c = new CholeskyDecomposition(new Matrix(correlation));
  if (!c.isPositiveDefinite()) throw new RangeError('shadowing: the site correlation matrix is not positive definite (two sites at the same position?)');
  return c.lowerTriangularMatrix.to2DArray();
}

/** Row m of the factor applied to a user's independent processes. */
export class MixedProcess implements ShadowingProcess {
  constructor(
    private readonly row: readonly number[],
    private readonly parts: readonly ShadowingProcess[],
  ) {}

  valueDb(travelledM: number): number {
    let s = 0;
    for (let k = 0; k < this.row.length; k++) if (this.row[k] !== 0) s += this.row[k] * this.parts[k].valueDb(travelledM);
    return s;
  }
}
