import type { EventHandle, Simulator } from '../engine/simulator.js';
import type { AheadTransfer, SampleListener } from './transfer-ahead.js';

/**
 * Sample instants judged per event while no check fires: one event per this
 * many instants instead of one per instant, and after an allocator call at
 * most this many instants are judged again.
 */
export const INSTANTS_PER_WATCH = 64;

/** How the watch asks about the trigger (epochs.ts). */
export interface GainTrigger {
  /** Whether user n's serving link at t has moved past the threshold, under the decision in force. */
  moved(n: number, t: number): boolean;
  /** The check of an uplink's rate sample at the current instant: triggers a call when the gain moved. */
  check(n: number): void;
}

/**
 * The gain-change trigger of the uplinks whose rates are read ahead
 * (transfer-ahead.ts). With one event per rate sample, each sample of an
 * uplink checks the user's serving link (Epochs.checkGain). That check
 * reads only the decision in force and its reference gain, which change
 * only at an allocator call, and a pure channel; so between two calls the
 * first sample instant at which a check would fire can be found ahead, and
 * one event there does what that sample's check did. Checks that do not
 * fire have no effect, and once one has fired the next ones have none
 * either until the next call: a call is pending (trigger() is a no-op
 * then), or the earliest call lies beyond the horizon until the next call
 * moves it. So after a firing check nothing is planned until a call, and
 * at every call each uplink is planned again from its first sample instant
 * not yet passed.
 *
 * Instants shared with a call: a call at time t (before or after the
 * sample at t, whatever the order of events at t) leaves the sample's
 * check with nothing to do. Before the call, a trigger is pending or the
 * call is periodic and runs first (lower priority number); after it, the
 * user's reference gain is the gain at t, so the change is 0 dB.
 */
export class GainWatch {
  private readonly watched = new Set<Watch>();

  constructor(
    private readonly sim: Simulator,
    private readonly trigger: GainTrigger,
  ) {}

  /** Follow the samples of user n's uplink after the first (whose check its caller made). */
  add(n: number, transfer: AheadTransfer): void {
    if (transfer.lastSampleS === this.sim.now) return; // one sample, checked by the caller
    const w = new Watch(this.sim, this.trigger, this.watched, n, transfer);
    this.watched.add(w);
    transfer.listener = w;
    w.plan(this.sim.now + transfer.updateS);
  }

  /** The decisions changed: plan every uplink's checks again from its next instant. */
  replan(): void {
    for (const w of this.watched) w.replan();
  }

  /** Uplinks followed (for tests). */
  get size(): number {
    return this.watched.size;
  }
}

class Watch implements SampleListener {
  /** The instant the current plan started from; instants before it are passed. */
  private fromS = 0;
  private handle: EventHandle = -1;
  /** The plan reached the end of what the transfer has read, which is not its end. */
  private parked = false;
  private readonly onEvent = (): void => {
    this.handle = -1;
    this.plan(this.sim.now);
  };

  constructor(
    private readonly sim: Simulator,
    private readonly trigger: GainTrigger,
    private readonly set: Set<Watch>,
    private readonly n: number,
    private readonly transfer: AheadTransfer,
  ) {}

  /**
   * Judges the sample instants from `t` on: the first at which the check
   * fires gets an event (or the check now, when it is the current instant);
   * after INSTANTS_PER_WATCH quiet instants an event resumes the plan there.
   */
  plan(t: number): void {
    this.parked = false;
    this.fromS = t;
    const now = this.sim.now;
    const tr = this.transfer;
    const u = tr.updateS;
    for (let k = 0; ; k++) {
      const ended = !Number.isNaN(tr.lastSampleS);
      if (t > (ended ? tr.lastSampleS : tr.frontierS)) {
        this.parked = !ended;
        return;
      }
      if (t === now) {
        if (this.trigger.moved(this.n, t)) {
          this.trigger.check(this.n);
          return;
        }
      } else if (k === INSTANTS_PER_WATCH || this.trigger.moved(this.n, t)) {
        this.handle = this.sim.scheduleAt(t, this.onEvent);
        return;
      }
      t += u;
    }
  }

  replan(): void {
    if (this.handle !== -1) this.sim.cancel(this.handle);
    this.handle = -1;
    const now = this.sim.now;
    const u = this.transfer.updateS;
    let t = this.fromS;
    while (t < now) t += u;
    this.plan(t);
  }

  walked(): void {
    if (this.parked) this.plan(this.sim.now);
  }

  finished(): void {
    if (this.handle !== -1) this.sim.cancel(this.handle);
    this.handle = -1;
    this.set.delete(this);
  }
}
