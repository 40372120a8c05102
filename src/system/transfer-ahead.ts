import type { Simulator } from '../engine/simulator.js';
import type { RateProbe, TransferResult } from './transfer.js';

/**
 * Samples read per event. One event per sample is what the look-ahead
 * saves; a bound per event keeps a transfer stuck in outage on a long
 * horizon from holding the event loop (and SIGINT) for the whole walk.
 */
export const SAMPLES_PER_WALK = 4096;

/** Who follows the sample instants of an ahead transfer (the gain-change watch). */
export interface SampleListener {
  /** The transfer read further: `frontierS` or `lastSampleS` moved. Called at the first instant of the new stretch. */
  walked(): void;
  /** The last bit left. */
  finished(): void;
}

/**
 * The transfer of `Transfer` (transfer.ts), for a link whose rate is a pure
 * function of time: the rate is sampled at the same instants (the start,
 * then every `updateS`, each instant the previous one plus `updateS` as the
 * engine adds a delay to its clock), held in between, and the bits are
 * taken off in the same order, so the last bit leaves at the same instant
 * and `durationS` and `onAirS` are the same numbers to the bit. The samples
 * are read when the transfer starts, up to SAMPLES_PER_WALK at a time, and
 * one event is scheduled where the last bit leaves instead of one per
 * sample. The caller must make sure no query of the link depends on which
 * instants were queried before (Channel.pureInTime).
 */
export class AheadTransfer {
  /** The instant of the last sample read so far. */
  frontierS: number;
  /** The instant of the sample after which the last bit leaves; NaN while not known. */
  lastSampleS = NaN;
  listener: SampleListener | undefined;
  private remainingBits: number;
  private onAirS = 0;
  private readonly startS: number;
  private readonly resume = (): void => this.walk(this.sim.now);
  private readonly finish = (): void => this.onFinish();

  constructor(
    private readonly sim: Simulator,
    bits: number,
    private readonly rateAt: RateProbe,
    readonly updateS: number,
    private readonly onDone: (r: TransferResult) => void,
  ) {
    this.remainingBits = bits;
    this.startS = sim.now;
    this.frontierS = sim.now;
    if (!(bits > 0)) {
      this.lastSampleS = sim.now;
      sim.schedule(0, () => onDone({ durationS: 0, onAirS: 0 }));
      return;
    }
    this.walk(sim.now);
  }

  /** Reads the samples from instant t (the clock's time) on, as Transfer's events would one by one. */
  private walk(t: number): void {
    const u = this.updateS;
    let remaining = this.remainingBits;
    let onAir = this.onAirS;
    for (let k = 1; ; k++) {
      const rate = this.rateAt(t);
      if (rate > 0) {
        const needS = remaining / rate;
        if (needS <= u) {
          this.frontierS = t;
          this.lastSampleS = t;
          this.remainingBits = remaining;
          this.onAirS = onAir + needS;
          this.sim.scheduleAt(t + needS, this.finish);
          this.listener?.walked();
          return;
        }
        remaining -= rate * u;
        onAir += u;
      }
      if (k === SAMPLES_PER_WALK) {
        this.frontierS = t;
        this.remainingBits = remaining;
        this.onAirS = onAir;
        this.sim.scheduleAt(t + u, this.resume);
        this.listener?.walked();
        return;
      }
      t += u;
    }
  }

  private onFinish(): void {
    this.remainingBits = 0;
    this.listener?.finished();
    this.onDone({ durationS: this.sim.now - this.startS, onAirS: this.onAirS });
  }
}
