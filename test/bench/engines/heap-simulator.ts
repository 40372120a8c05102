// The candidate engine of docs/benchmarks.md (hold, "The queue structure"):
// src/engine/simulator.ts's Simulator with the same API, order and lazy
// cancellation, over the 4-ary heap of event-heap.ts instead of js-sdsl, and
// with leaner slot bookkeeping. Kept here so that hold-split.ts can measure
// it against the engine side by side; the engine keeps js-sdsl until this
// measures 1.5x at P = 100,000.
import { EventHeap } from './event-heap.js';

import {
  delayRejection,
  GEN_SPACE,
  INITIAL_CAPACITY,
  PRIORITY_LIMIT,
  PRIORITY_OFFSET,
  scheduleRejection,
  ScheduleError,
  SEQ_SPACE,
  SLOT_SPACE,
  type EventCallback,
  type EventHandle,
  type RunOptions,
  type RunResult,
} from '../../../src/engine/simulator.js';

// The engine's types, limits and messages, so both engines refuse the same input the same way.
export { ScheduleError, PRIORITY_LIMIT, type EventCallback, type EventHandle, type RunOptions, type RunResult } from '../../../src/engine/simulator.js';

/** Stands in a slot's callback once its event is cancelled; never called. */
const CANCELLED: EventCallback<unknown> = () => {};

/**
 * The discrete-event kernel: a clock and a pending-event set.
 *
 * Events live in a pool indexed by slot; a 4-ary heap over typed arrays
 * (event-heap.ts) orders their keys and names their slots. A slot is
 * recycled as soon as its event has been popped, so a steady-state
 * simulation allocates nothing per event. The order is total and
 * deterministic: time, then priority (lower first), then insertion order.
 *
 * Cancellation is lazy: a cancelled event stays in the heap, its callback
 * replaced by a marker, and is discarded when it reaches the top.
 */
export class Simulator {
  private readonly heap = new EventHeap();
  /**
   * Per slot, three consecutive entries: the callback (CANCELLED once
   * cancelled, undefined when free), its argument, and the slot's generation
   * (a small integer). Running an event touches this one place outside the
   * heap; separate arrays would cost a cache miss each at 10^5 pending events.
   */
  private entries: unknown[];
  private freeSlots: number[] = [];
  /**
   * The heap's top is the event running now and is removed lazily: if the
   * event schedules another, one replaceTop does both, which in a model
   * where most events schedule their successor saves a sift per event.
   * Nothing outside sees the difference: every read of the heap settles it.
   */
  private topTaken = false;
  private capacity: number;
  private nextSlot = 0;
  private nextSeq = 0;
  private nowS = 0;
  private executedTotal = 0;
  private cancelledPending = 0;
  private stopRequested = false;
  private running = false;

  constructor() {
    this.capacity = INITIAL_CAPACITY;
    // A packed array: `new Array(n)` would make a holey one, and extending
    // `length` later can turn it into a dictionary.
    this.entries = filled(this.capacity);
  }

  /** Current simulated time in seconds. */
  get now(): number {
    return this.nowS;
  }

  /** Events executed since construction (cancelled ones are not counted). */
  get executedCount(): number {
    return this.executedTotal;
  }

  /** Events scheduled and not yet executed nor cancelled. */
  get pendingCount(): number {
    return this.heap.size - (this.topTaken ? 1 : 0) - this.cancelledPending;
  }

  /** Time of the next event that will run, or Infinity when none is pending. */
  peekTime(): number {
    this.settleTop();
    this.discardCancelledTop();
    return this.heap.size === 0 ? Infinity : this.heap.topTime();
  }

  /** Schedule `callback(arg)` at absolute time `atS`. Lower `priority` runs first among equal times. */
  scheduleAt<A>(atS: number, callback: EventCallback<A>, arg?: A, priority = 0): EventHandle {
    // One compact test on the hot path; the reasons are spelled out only
    // when it fails, which keeps this small enough for V8 to inline.
    if (!(atS >= this.nowS && atS < Infinity) || (priority | 0) !== priority || priority < -PRIORITY_LIMIT || priority > PRIORITY_LIMIT) {
      throw scheduleRejection(atS, this.nowS, priority);
    }
    const slot = this.allocSlot();
    const entries = this.entries;
    entries[3 * slot] = callback;
    entries[3 * slot + 1] = arg;
    const tie = (priority + PRIORITY_OFFSET) * SEQ_SPACE + this.nextSeq++;
    if (this.topTaken) {
      this.topTaken = false;
      this.heap.replaceTop(atS, tie, slot);
    } else {
      this.heap.push(atS, tie, slot);
    }
    return (entries[3 * slot + 2] as number) * SLOT_SPACE + slot;
  }

  /** Schedule `callback(arg)` after `delayS` seconds from now. */
  schedule<A>(delayS: number, callback: EventCallback<A>, arg?: A, priority = 0): EventHandle {
    if (!(delayS >= 0 && delayS < Infinity)) throw delayRejection(delayS);
    return this.scheduleAt(this.nowS + delayS, callback, arg, priority);
  }

  /**
   * Cancel a pending event. Returns true if it was pending and is now
   * cancelled; false if it had already run or been cancelled.
   */
  cancel(handle: EventHandle): boolean {
    if (!this.isPending(handle)) return false;
    const slot = handle % SLOT_SPACE;
    this.entries[3 * slot] = CANCELLED;
    this.entries[3 * slot + 1] = undefined;
    this.cancelledPending++;
    return true;
  }

  /** True while the event named by `handle` is still to run. */
  isPending(handle: EventHandle): boolean {
    const slot = handle % SLOT_SPACE;
    const g = Math.floor(handle / SLOT_SPACE);
    if (slot >= this.nextSlot || this.entries[3 * slot + 2] !== g) return false;
    const cb = this.entries[3 * slot];
    return cb !== undefined && cb !== CANCELLED;
  }

  /** Ask a running `run` to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * Execute events in order. With `until`, events at times <= until run and
   * the clock is then set to until (unless stopped earlier); later events stay
   * pending. With `maxEvents`, at most that many events run.
   */
  run(options: RunOptions = {}): RunResult {
    const until = options.until ?? Infinity;
    const maxEvents = options.maxEvents ?? Infinity;
    if (Number.isNaN(until)) throw new ScheduleError('run(until) got NaN');
    if (until < this.nowS) throw new ScheduleError(`run(until) is in the past: ${until} s is before now (${this.nowS} s)`);
    if (this.running) throw new ScheduleError('run() called while the simulator is already running');
    this.running = true;
    this.stopRequested = false;
    const heap = this.heap;
    let executed = 0;
    let reason: RunResult['reason'] = 'empty';
    try {
      for (;;) {
        if (this.stopRequested) { reason = 'stopped'; break; }
        if (this.topTaken) {
          this.topTaken = false;
          heap.pop();
        }
        if (executed >= maxEvents) { reason = 'maxEvents'; break; }
        if (heap.size === 0) { reason = 'empty'; break; }
        const slot = heap.topSlot();
        // Read the entries afresh: a callback may have grown them.
        const entries = this.entries;
        const cb = entries[3 * slot] as EventCallback<unknown>;
        if (cb === CANCELLED) {
          heap.pop();
          this.cancelledPending--;
          this.releaseSlot(slot);
          continue;
        }
        const t = heap.topTime();
        if (t > until) { reason = 'until'; break; }
        this.topTaken = true;
        const arg = entries[3 * slot + 1];
        this.releaseSlot(slot);
        this.nowS = t;
        executed++;
        this.executedTotal++;
        cb(arg);
      }
    } finally {
      this.settleTop();
      this.running = false;
    }
    if ((reason === 'until' || reason === 'empty') && until !== Infinity) this.nowS = until;
    return { executed, reason };
  }

  private settleTop(): void {
    if (this.topTaken) {
      this.topTaken = false;
      this.heap.pop();
    }
  }

  private discardCancelledTop(): void {
    const heap = this.heap;
    while (heap.size > 0) {
      const slot = heap.topSlot();
      if (this.entries[3 * slot] !== CANCELLED) return;
      heap.pop();
      this.cancelledPending--;
      this.releaseSlot(slot);
    }
  }

  private allocSlot(): number {
    const free = this.freeSlots;
    if (free.length > 0) {
      const slot = free.pop() as number;
      // A new generation at reuse rather than at release: the slot just
      // released is the one reused first, so this touches a hot cache line,
      // and a handle to the event that held it no longer matches.
      const entries = this.entries;
      entries[3 * slot + 2] = ((entries[3 * slot + 2] as number) + 1) % GEN_SPACE;
      return slot;
    }
    if (this.nextSlot === this.capacity) this.grow();
    return this.nextSlot++;
  }

  private releaseSlot(slot: number): void {
    this.entries[3 * slot] = undefined;
    this.entries[3 * slot + 1] = undefined;
    this.freeSlots.push(slot);
  }

  private grow(): void {
    const cap = this.capacity * 2;
    if (cap > SLOT_SPACE) throw new ScheduleError(`more than ${SLOT_SPACE} events pending at once`);
    for (let i = this.capacity; i < cap; i++) this.entries.push(undefined, undefined, 0);
    this.capacity = cap;
  }
}

/** Entries for n free slots of generation 0. */
function filled(n: number): unknown[] {
  const a: unknown[] = [];
  for (let i = 0; i < n; i++) a.push(undefined, undefined, 0);
  return a;
}
