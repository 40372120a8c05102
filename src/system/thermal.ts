import type { EventHandle, Simulator } from '../engine/simulator.js';

/**
 * A phone's temperature and its GPU governor (ours, docs/device-limits.md,
 * "Thermal throttling"). One lumped node: heat capacity C (J/K), thermal
 * resistance R (K/W) to the ambient Ta, power P (W) from the GPU and the
 * radio, piecewise constant between the pipeline's phase changes:
 *
 *     C·dT/dt = P − (T − Ta)/R   so   T(t0 + s) = T∞ + (T(t0) − T∞)·exp(−s/(R·C)),  T∞ = Ta + P·R.
 *
 * The governor caps the GPU frequency at a fraction of its maximum: level k
 * holds once T reaches `levels[k].aboveC` (levels ascending) and is left when
 * T falls below that threshold minus the hysteresis. Crossings are solved in
 * closed form and scheduled as events, so the cap changes at the exact
 * instant; `onLimit` tells the pipeline, which slows a running computation.
 */
export interface ThermalConfig {
  heatCapacityJPerK: number;
  thermalResistanceKPerW: number;
  ambientC: number;
  initialC: number;
  levels: readonly { aboveC: number; maxFreqFraction: number }[];
  hysteresisC: number;
}

/** Temperature after `seconds` at constant power from `startC` (the step response). */
export function temperatureAfterC(cfg: ThermalConfig, startC: number, powerW: number, seconds: number): number {
  const steady = cfg.ambientC + powerW * cfg.thermalResistanceKPerW;
  return steady + (startC - steady) * Math.exp(-seconds / (cfg.thermalResistanceKPerW * cfg.heatCapacityJPerK));
}

/** Seconds at constant power from `startC` until the temperature reaches `targetC`; Infinity if it never does. */
export function secondsToReachC(cfg: ThermalConfig, startC: number, powerW: number, targetC: number): number {
  const steady = cfg.ambientC + powerW * cfg.thermalResistanceKPerW;
  const ratio = (targetC - steady) / (startC - steady);
  if (!(ratio > 0 && ratio <= 1)) return Infinity;
  return -cfg.thermalResistanceKPerW * cfg.heatCapacityJPerK * Math.log(ratio);
}

export class Thermal {
  private temperatureC: number;
  private sinceS = 0;
  private powerW = 0;
  /** Governor level: -1 none, k: levels[k] in force. */
  private level = -1;
  private crossing: EventHandle | undefined;
  /** Times and new frequency fractions of every governor change, for tests and the docs' study. */
  readonly changes: { timeS: number; fraction: number }[] = [];

  constructor(
    private readonly sim: Simulator,
    private readonly cfg: ThermalConfig,
    private readonly onLimit: (fraction: number) => void,
  ) {
    this.temperatureC = cfg.initialC;
    while (this.level + 1 < cfg.levels.length && this.temperatureC >= cfg.levels[this.level + 1].aboveC) this.level++;
  }

  /** Temperature now (°C). */
  nowC(): number {
    return temperatureAfterC(this.cfg, this.temperatureC, this.powerW, this.sim.now - this.sinceS);
  }

  /** The governor's cap as a fraction of the maximum GPU frequency. */
  fraction(): number {
    return this.level < 0 ? 1 : this.cfg.levels[this.level].maxFreqFraction;
  }

  /** The power from now on (W). */
  setPower(powerW: number): void {
    this.temperatureC = this.nowC();
    this.sinceS = this.sim.now;
    this.powerW = powerW;
    this.scheduleCrossing();
  }

  private scheduleCrossing(): void {
    if (this.crossing !== undefined) this.sim.cancel(this.crossing);
    this.crossing = undefined;
    const up = this.level + 1 < this.cfg.levels.length ? secondsToReachC(this.cfg, this.temperatureC, this.powerW, this.cfg.levels[this.level + 1].aboveC) : Infinity;
    const down = this.level >= 0 ? secondsToReachC(this.cfg, this.temperatureC, this.powerW, this.cfg.levels[this.level].aboveC - this.cfg.hysteresisC) : Infinity;
    const s = Math.min(up, down);
    if (Number.isFinite(s)) this.crossing = this.sim.schedule(s, this.onCrossing, up <= down ? 1 : -1);
  }

  private readonly onCrossing = (step: number): void => {
    this.crossing = undefined;
    this.temperatureC = this.nowC();
    this.sinceS = this.sim.now;
    this.level += step;
    this.changes.push({ timeS: this.sim.now, fraction: this.fraction() });
    this.scheduleCrossing();
    this.onLimit(this.fraction());
  };
}
