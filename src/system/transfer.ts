import type { Simulator } from '../engine/simulator.js';

/** What a transfer asks of its link at the current instant. */
export type RateProbe = (t: number) => number;

/** What a finished transfer reports. */
export interface TransferResult {
  /** Time from start to the last bit (s). */
  durationS: number;
  /** Time the transmitter was on: the rate was positive (s). */
  onAirS: number;
}

/**
 * A transfer of `bits` over a link whose rate changes with the channel. The
 * rate is sampled when the transfer starts and then every `updateS` seconds
 * while it is in flight, and held constant in between, so the bits sent are
 * the exact integral of that piecewise-constant rate. A rate of 0 (outage)
 * sends nothing and keeps the transmitter off until the next sample. When the
 * channel cannot change (`staticChannel`), one sample serves the whole
 * transfer and no update event is scheduled; a static link in outage never
 * finishes.
 *
 * Every step uses the exact delay it was scheduled with rather than a
 * difference of clock readings, so a transfer on a constant rate ends at
 * start + bits / rate up to one rounding. Where the link's gains are pure
 * functions of time, AheadTransfer (transfer-ahead.ts) computes the same
 * steps without an event per sample.
 */
export class Transfer {
  private remainingBits: number;
  private rateBps = 0;
  private onAirS = 0;
  private readonly startS: number;
  private readonly step = (): void => this.onUpdate();
  private readonly finish = (): void => this.onFinish();
  private stepS = 0;

  constructor(
    private readonly sim: Simulator,
    bits: number,
    private readonly probe: RateProbe,
    private readonly updateS: number,
    private readonly staticChannel: boolean,
    private readonly onDone: (r: TransferResult) => void,
  ) {
    this.remainingBits = bits;
    this.startS = sim.now;
    if (!(bits > 0)) {
      sim.schedule(0, () => onDone({ durationS: 0, onAirS: 0 }));
      return;
    }
    this.plan();
  }

  private plan(): void {
    const rate = this.probe(this.sim.now);
    this.rateBps = rate;
    if (rate > 0) {
      const needS = this.remainingBits / rate;
      if (this.staticChannel || needS <= this.updateS) {
        this.stepS = needS;
        this.sim.schedule(needS, this.finish);
        return;
      }
    } else if (this.staticChannel) {
      return; // outage on a channel that never changes: stuck for good
    }
    this.stepS = this.updateS;
    this.sim.schedule(this.updateS, this.step);
  }

  private onUpdate(): void {
    if (this.rateBps > 0) {
      this.remainingBits -= this.rateBps * this.stepS;
      this.onAirS += this.stepS;
    }
    this.plan();
  }

  private onFinish(): void {
    this.onAirS += this.stepS;
    this.remainingBits = 0;
    this.onDone({ durationS: this.sim.now - this.startS, onAirS: this.onAirS });
  }
}
