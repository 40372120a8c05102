import { pathLossPlugin } from './pathloss.js';
import { type LosMode, threeGppParams, Tr38901PathLoss } from './tr38901.js';

/**
 * 3GPP TR 38.901 Table 7.4.1-1, urban macro (UMa). f_c in GHz, distances in
 * m, valid for 10 m <= d_2D <= 5 km (closer links are clamped to
 * `minDistanceM`), 1.5 m <= h_UT <= 22.5 m, h_BS = 25 m.
 *
 *   PL1 = 28.0 + 22 log10(d_3D) + 20 log10(f_c)                       d_2D <= d'_BP
 *   PL2 = 28.0 + 40 log10(d_3D) + 20 log10(f_c)
 *         - 9 log10(d'_BP^2 + (h_BS - h_UT)^2)                         d_2D >  d'_BP
 *   PL'_NLOS = 13.54 + 39.08 log10(d_3D) + 20 log10(f_c) - 0.6 (h_UT - 1.5)
 *   P_LOS = 1 for d_2D <= 18 m, else
 *     [18/d_2D + exp(-d_2D/63) (1 - 18/d_2D)] (1 + C'(h_UT) 5/4 (d_2D/100)^3 exp(-d_2D/150))
 *   C'(h_UT) = 0 for h_UT <= 13 m, ((h_UT - 13)/10)^1.5 above.
 *
 * The effective environment height h_E is 1 m. The standard draws h_E at
 * random for users above 13 m (note 1 of the table); for h_UT <= 13 m it is
 * 1 m with certainty, which is the range this model is meant for.
 */
export class UmaPathLoss extends Tr38901PathLoss {
  readonly name = 'uma';

  constructor(carrierHz: number, userHeightM = 1.5, serverHeightM = 25, losMode: LosMode = 'probabilistic', minDistanceM = 10) {
    super(carrierHz, userHeightM, serverHeightM, losMode, minDistanceM);
  }

  protected losFormulaDb(d2: number, log10d3: number, hBs: number, hUt: number): number {
    const bp = this.breakpointFor(hBs, hUt);
    if (d2 <= bp) return 28.0 + 22 * log10d3 + 20 * this.log10CarrierGHz;
    return 28.0 + 40 * log10d3 + 20 * this.log10CarrierGHz - 9 * this.breakpointTermLog10(hBs, hUt);
  }

  protected nlosFormulaDb(log10d3: number, hUt: number): number {
    return 13.54 + 39.08 * log10d3 + 20 * this.log10CarrierGHz - 0.6 * (hUt - 1.5);
  }

  losProbability(distance2dM: number, userHeightM = this.userHeightM): number {
    const d = distance2dM;
    if (d <= 18) return 1;
    const c = userHeightM <= 13 ? 0 : Math.pow((userHeightM - 13) / 10, 1.5);
    const base = 18 / d + Math.exp(-d / 63) * (1 - 18 / d);
    if (c === 0) return base;
    return base * (1 + c * 1.25 * Math.pow(d / 100, 3) * Math.exp(-d / 150));
  }
}

/** The registry's entry: topology `{"model": "uma"}`. */
export const umaPathLoss = pathLossPlugin({
  description: '3GPP TR 38.901 urban macro (LOS, NLOS or drawn per link)',
  schema: threeGppParams('uma', 25),
  create: (p) => new UmaPathLoss(p.carrierHz, p.userHeightM, p.serverHeightM, p.los, p.minDistanceM),
});
