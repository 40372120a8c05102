import { pathLossPlugin } from './pathloss.js';
import { type LosMode, threeGppParams, Tr38901PathLoss } from './tr38901.js';

/**
 * 3GPP TR 38.901 Table 7.4.1-1, urban micro street canyon (UMi-SC).
 * f_c in GHz, distances in m, valid for 10 m <= d_2D <= 5 km (closer links
 * are clamped to `minDistanceM`), 1.5 m <= h_UT <= 22.5 m, h_BS = 10 m.
 *
 *   PL1 = 32.4 + 21 log10(d_3D) + 20 log10(f_c)                       d_2D <= d'_BP
 *   PL2 = 32.4 + 40 log10(d_3D) + 20 log10(f_c)
 *         - 9.5 log10(d'_BP^2 + (h_BS - h_UT)^2)                       d_2D >  d'_BP
 *   PL'_NLOS = 35.3 log10(d_3D) + 22.4 + 21.3 log10(f_c) - 0.3 (h_UT - 1.5)
 *   P_LOS = 1 for d_2D <= 18 m, else 18/d_2D + exp(-d_2D/36) (1 - 18/d_2D)
 */
export class UmiStreetCanyonPathLoss extends Tr38901PathLoss {
  readonly name = 'umi-street-canyon';

  constructor(carrierHz: number, userHeightM = 1.5, serverHeightM = 10, losMode: LosMode = 'probabilistic', minDistanceM = 10) {
    super(carrierHz, userHeightM, serverHeightM, losMode, minDistanceM);
  }

  protected losFormulaDb(d2: number, log10d3: number, hBs: number, hUt: number): number {
    const bp = this.breakpointFor(hBs, hUt);
    if (d2 <= bp) return 32.4 + 21 * log10d3 + 20 * this.log10CarrierGHz;
    return 32.4 + 40 * log10d3 + 20 * this.log10CarrierGHz - 9.5 * this.breakpointTermLog10(hBs, hUt);
  }

  protected nlosFormulaDb(log10d3: number, hUt: number): number {
    return 35.3 * log10d3 + 22.4 + 21.3 * this.log10CarrierGHz - 0.3 * (hUt - 1.5);
  }

  losProbability(distance2dM: number): number {
    const d = distance2dM;
    if (d <= 18) return 1;
    return 18 / d + Math.exp(-d / 36) * (1 - 18 / d);
  }
}

/** The registry's entry: topology `{"model": "umi-street-canyon"}`. */
export const umiStreetCanyonPathLoss = pathLossPlugin({
  description: '3GPP TR 38.901 urban micro, street canyon (LOS, NLOS or drawn per link)',
  schema: threeGppParams('umi-street-canyon', 10),
  create: (p) => new UmiStreetCanyonPathLoss(p.carrierHz, p.userHeightM, p.serverHeightM, p.los, p.minDistanceM),
});
