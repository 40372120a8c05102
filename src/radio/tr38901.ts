import { z } from 'zod';
import type { LinkGeometry, PathLoss } from './pathloss.js';

/** How a 3GPP TR 38.901 model decides whether a link is in line of sight. */
export type LosMode = 'los' | 'nlos' | 'probabilistic';

/** TR 38.901 computes the breakpoint distance with c = 3.0e8 m/s. */
const C_38901 = 3.0e8;

/**
 * What the TR 38.901 street models (UMi street canyon, UMa) share: the
 * effective-height breakpoint distance of Table 7.4.1-1 note 1, the minimum
 * horizontal distance, the LOS/NLOS decision and the NLOS rule
 * PL_NLOS = max(PL_LOS, PL'_NLOS). Each model supplies its three formulas.
 */
export abstract class Tr38901PathLoss implements PathLoss {
  abstract readonly name: string;
  readonly needsLosDraw: boolean;
  protected readonly carrierGHz: number;
  /** d'_BP = 4 h'_BS h'_UT f_c / c with effective heights h' = h - h_E, h_E = 1 m. */
  protected readonly breakpointM: number;
  protected readonly log10CarrierGHz: number;
  private readonly log10BreakpointTerm: number;

  constructor(
    readonly carrierHz: number,
    readonly userHeightM: number,
    readonly serverHeightM: number,
    readonly losMode: LosMode,
    readonly minDistanceM: number,
  ) {
    this.carrierGHz = carrierHz / 1e9;
    this.log10CarrierGHz = Math.log10(this.carrierGHz);
    this.breakpointM = (4 * (serverHeightM - 1) * (userHeightM - 1) * carrierHz) / C_38901;
    this.needsLosDraw = losMode === 'probabilistic';
    const dh = serverHeightM - userHeightM;
    this.log10BreakpointTerm = Math.log10(this.breakpointM * this.breakpointM + dh * dh);
  }

  /** d'_BP in metres for the configured heights. */
  get breakpointDistanceM(): number {
    return this.breakpointM;
  }

  /** LOS path loss (dB) at horizontal distance d2 and 3-D distance d3 (both m). */
  protected abstract losFormulaDb(d2: number, log10d3: number, hBs: number, hUt: number): number;
  /** The NLOS formula PL'_NLOS (dB) from log10(d_3D), before taking the maximum with LOS. */
  protected abstract nlosFormulaDb(log10d3: number, hUt: number): number;
  /** Table 7.4.2-1 LOS probability at horizontal distance d2 (m). */
  abstract losProbability(distance2dM: number, userHeightM?: number): number;

  /** Whether the link is in LOS under this model's mode. */
  isLos(link: LinkGeometry): boolean {
    if (this.losMode === 'los') return true;
    if (this.losMode === 'nlos') return false;
    const u = link.losUniform;
    if (u === undefined) {
      throw new RangeError(`${this.name}: probabilistic LOS needs the link's losUniform draw`);
    }
    const d2 = Math.max(link.distance2dM, this.minDistanceM);
    return u < this.losProbability(d2, link.userHeightM);
  }

  lossDb(link: LinkGeometry): number {
    const d2 = Math.max(link.distance2dM, this.minDistanceM);
    const hBs = link.serverHeightM;
    const hUt = link.userHeightM;
    const dh = hBs - hUt;
    const lg = 0.5 * Math.log10(d2 * d2 + dh * dh);
    const los = this.losFormulaDb(d2, lg, hBs, hUt);
    if (this.isLos(link)) return los;
    return Math.max(los, this.nlosFormulaDb(lg, hUt));
  }

  /** log10(d'_BP^2 + (h_BS - h_UT)^2), the correction of the second LOS slope. */
  protected breakpointTermLog10(hBs: number, hUt: number): number {
    if (hBs === this.serverHeightM && hUt === this.userHeightM) return this.log10BreakpointTerm;
    const bp = this.breakpointFor(hBs, hUt);
    return Math.log10(bp * bp + (hBs - hUt) * (hBs - hUt));
  }

  /** d'_BP for other heights than the configured ones. */
  protected breakpointFor(hBs: number, hUt: number): number {
    if (hBs === this.serverHeightM && hUt === this.userHeightM) return this.breakpointM;
    return (4 * (hBs - 1) * (hUt - 1) * this.carrierHz) / C_38901;
  }
}

const carrierHz = (dflt: number) =>
  z.number().min(0.5e9).max(100e9).default(dflt).describe('carrier frequency (Hz), 0.5-100 GHz');
const losMode = z
  .enum(['los', 'nlos', 'probabilistic'])
  .default('probabilistic')
  .describe('line of sight: always, never, or drawn per link against the Table 7.4.2-1 probability');
const userHeight = z.number().min(1.5).max(22.5).default(1.5).describe('user antenna height (m), 1.5-22.5');

/** The parameters of a TR 38.901 model; the scenarios differ in the server height they assume. */
export function threeGppParams<M extends string>(model: M, serverHeightM: number) {
  return z.strictObject({
    model: z.literal(model),
    carrierHz: carrierHz(3.5e9),
    userHeightM: userHeight,
    serverHeightM: z.number().gt(1).max(1000).default(serverHeightM).describe(`server antenna height (m); the standard assumes ${serverHeightM}`),
    los: losMode,
    minDistanceM: z.number().min(0.01).max(1e4).default(10).describe('horizontal distances below this are clamped (m)'),
  });
}
