/**
 * A phone's battery (ours, docs/device-limits.md, "Battery"). It holds
 * `capacityWh`, starts at `initialFraction` of it, and every joule the
 * pipeline meters on the device (compute and transmit) is drawn from it, at
 * the moment the phase that spent it ends. Below `reserveFraction` the phone
 * starts no new iteration (the iteration in flight finishes: the reserve is
 * the margin it draws on) until it is plugged in: during a charging window
 * it trains from the charger while the battery gains `chargePowerW`, up to
 * its capacity.
 */
export interface BatteryConfig {
  capacityWh: number;
  initialFraction: number;
  reserveFraction: number;
  charging?: { powerW: number; windows: readonly { startS: number; endS: number }[] };
}

export const JOULES_PER_WH = 3600;

export class Battery {
  private storedJ: number;
  /** Time up to which charging is accounted. */
  private chargedToS = 0;
  /** Every joule drawn (J), for the check that it equals the metered energies. */
  drawnJ = 0;
  readonly capacityJ: number;
  readonly reserveJ: number;

  constructor(private readonly cfg: BatteryConfig) {
    this.capacityJ = cfg.capacityWh * JOULES_PER_WH;
    this.reserveJ = cfg.reserveFraction * this.capacityJ;
    this.storedJ = cfg.initialFraction * this.capacityJ;
  }

  /** Energy in the battery at time t (J). */
  levelJ(t: number): number {
    this.charge(t);
    return this.storedJ;
  }

  /** Draws `joules` at time t. */
  draw(t: number, joules: number): void {
    this.charge(t);
    this.storedJ -= joules;
    this.drawnJ += joules;
  }

  /** Whether the phone is plugged in at time t. */
  plugged(t: number): boolean {
    return this.cfg.charging?.windows.some((w) => w.startS <= t && t < w.endS) ?? false;
  }

  /** Whether a new iteration may start at time t: above the reserve, or plugged in. */
  mayStart(t: number): boolean {
    return this.plugged(t) || this.levelJ(t) > this.reserveJ;
  }

  /** The next time at or after t when the phone is plugged in; undefined if never. */
  nextPlugS(t: number): number | undefined {
    let best: number | undefined;
    for (const w of this.cfg.charging?.windows ?? []) {
      if (w.endS <= t) continue;
      const s = Math.max(w.startS, t);
      if (best === undefined || s < best) best = s;
    }
    return best;
  }

  private charge(t: number): void {
    const c = this.cfg.charging;
    if (c === undefined || t <= this.chargedToS) return;
    let plugged = 0;
    for (const w of c.windows) plugged += Math.max(0, Math.min(w.endS, t) - Math.max(w.startS, this.chargedToS));
    this.storedJ = Math.min(this.capacityJ, this.storedJ + plugged * c.powerW);
    this.chargedToS = t;
  }
}
