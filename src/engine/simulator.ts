import { PriorityQueue } from 'js-sdsl';

/** Called when an event fires; `arg` is whatever was given to `schedule`. */
export type EventCallback<A = unknown> = (arg: A) => void;

/**
 * An opaque number naming one scheduled event. It packs the pool slot and the
 * slot's generation, so a handle kept after its event fired (and the slot was
 * reused) never cancels the newcomer.
 */
export type EventHandle = number;

export interface RunOptions {
  /** Run events whose time is <= until (seconds), then leave the clock at until. */
  until?: number;
  /** Stop after this many events have been executed in this call. */
  maxEvents?: number;
}

export interface RunResult {
  /** Events executed by this call. */
  executed: number;
  /** Why the run returned. */
  reason: 'empty' | 'until' | 'maxEvents' | 'stopped';
}

export class ScheduleError extends Error {
  override name = 'ScheduleError';
}

const SLOT_BITS = 24;
export const SLOT_SPACE = 2 ** SLOT_BITS; // at most 16.7 million events pending at once
export const GEN_SPACE = 2 ** 28; // generations wrap per slot; 2^52 handles stay exact
export const INITIAL_CAPACITY = 1024;
/** Priorities are integers in [-PRIORITY_LIMIT, PRIORITY_LIMIT]. */
export const PRIORITY_LIMIT = 4095;
export const PRIORITY_OFFSET = PRIORITY_LIMIT + 1;
export const SEQ_SPACE = 2 ** 40; // 1.1e12 insertions per simulator before ties could mix with priorities

/**
 * The discrete-event kernel: a clock and a pending-event set.
 *
 * Events live in a pool of typed arrays indexed by slot; js-sdsl's
 * PriorityQueue orders the slot numbers. A slot is recycled as soon as its
 * event has been popped, so a steady-state simulation allocates nothing per
 * event. The order is total and deterministic: time, then priority (lower
 * first), then insertion order.
 *
 * Cancellation is lazy: a cancelled event stays in the heap with a flag and is
 * discarded when it reaches the top.
 */
export function scheduleRejection(atS: number, nowS: number, priority: number): ScheduleError {
  if (Number.isNaN(atS)) return new ScheduleError('cannot schedule an event at time NaN');
  if (!Number.isFinite(atS)) return new ScheduleError(`cannot schedule an event at infinite time (${atS})`);
  if (atS < nowS) return new ScheduleError(`cannot schedule an event in the past: time ${atS} s is before now (${nowS} s)`);
  return new ScheduleError(`event priority must be an integer in [-${PRIORITY_LIMIT}, ${PRIORITY_LIMIT}], got ${priority}`);
}

export function delayRejection(delayS: number): ScheduleError {
  if (Number.isNaN(delayS)) return new ScheduleError('cannot schedule an event with a NaN delay');
  if (delayS < 0) return new ScheduleError(`cannot schedule an event with a negative delay (${delayS} s)`);
  return new ScheduleError(`cannot schedule an event with an infinite delay (${delayS})`);
}

/**
 * js-sdsl's PriorityQueue over slot numbers, carrying the arrays its order
 * reads. The comparator is one function shared by every simulator and reads
 * the arrays through `this` (js-sdsl calls it as a method of the queue). A
 * closure per simulator would be as fast for the first simulator of a process
 * only: once a second one exists, V8 sees several comparator closures at
 * js-sdsl's call site, stops inlining it, and the event rate halves.
 * test/engine/simulator.test.ts checks the order this produces.
 */
class SlotQueue extends PriorityQueue<number> {
  time: Float64Array;
  tie: Float64Array;

  constructor(time: Float64Array, tie: Float64Array) {
    super([], compareSlots as (a: number, b: number) => number, false);
    this.time = time;
    this.tie = tie;
  }
}

function compareSlots(this: SlotQueue, a: number, b: number): number {
  const time = this.time;
  const d = time[a] - time[b];
  if (d !== 0) return d;
  const tie = this.tie;
  return tie[a] - tie[b];
}

export class Simulator {
  private time: Float64Array;
  /** (priority + PRIORITY_OFFSET) * SEQ_SPACE + insertion number: one number breaks ties. */
  private tie: Float64Array;
  private gen: Uint32Array;
  private cancelled: Uint8Array;
  private callbacks: Array<EventCallback<any> | undefined>;
  private args: unknown[];
  private freeSlots: number[] = [];
  private capacity: number;
  private nextSlot = 0;
  private nextSeq = 0;
  private readonly queue: SlotQueue;
  private nowS = 0;
  private executedTotal = 0;
  private cancelledPending = 0;
  private stopRequested = false;
  private running = false;

  constructor() {
    this.capacity = INITIAL_CAPACITY;
    this.time = new Float64Array(this.capacity);
    this.tie = new Float64Array(this.capacity);
    this.gen = new Uint32Array(this.capacity);
    this.cancelled = new Uint8Array(this.capacity);
    // Packed arrays filled with undefined: `new Array(n)` would make holey
    // ones, and extending `length` later can turn them into dictionaries.
    this.callbacks = filled(this.capacity);
    this.args = filled(this.capacity);
    this.queue = new SlotQueue(this.time, this.tie);
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
    return this.queue.size() - this.cancelledPending;
  }

  /** Time of the next event that will run, or Infinity when none is pending. */
  peekTime(): number {
    this.discardCancelledTop();
    return this.queue.size() === 0 ? Infinity : this.time[this.queue.top() as number];
  }

  /** Schedule `callback(arg)` at absolute time `atS`. Lower `priority` runs first among equal times. */
  scheduleAt<A>(atS: number, callback: EventCallback<A>, arg?: A, priority = 0): EventHandle {
    // One compact test on the hot path; the reasons are spelled out only
    // when it fails, which keeps this small enough for V8 to inline.
    if (!(atS >= this.nowS && atS < Infinity) || (priority | 0) !== priority || priority < -PRIORITY_LIMIT || priority > PRIORITY_LIMIT) {
      throw scheduleRejection(atS, this.nowS, priority);
    }
    const slot = this.allocSlot();
    this.time[slot] = atS;
    this.tie[slot] = (priority + PRIORITY_OFFSET) * SEQ_SPACE + this.nextSeq++;
    this.cancelled[slot] = 0;
    this.callbacks[slot] = callback;
    this.args[slot] = arg;
    this.queue.push(slot);
    return this.gen[slot] * SLOT_SPACE + slot;
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
    const slot = handle % SLOT_SPACE;
    const g = Math.floor(handle / SLOT_SPACE);
    if (slot >= this.nextSlot || this.gen[slot] !== g || this.callbacks[slot] === undefined) return false;
    if (this.cancelled[slot] === 1) return false;
    this.cancelled[slot] = 1;
    this.cancelledPending++;
    this.args[slot] = undefined;
    return true;
  }

  /** True while the event named by `handle` is still to run. */
  isPending(handle: EventHandle): boolean {
    const slot = handle % SLOT_SPACE;
    const g = Math.floor(handle / SLOT_SPACE);
    return slot < this.nextSlot && this.gen[slot] === g && this.callbacks[slot] !== undefined && this.cancelled[slot] === 0;
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
    const queue = this.queue;
    let executed = 0;
    let reason: RunResult['reason'] = 'empty';
    try {
      for (;;) {
        if (this.stopRequested) { reason = 'stopped'; break; }
        if (executed >= maxEvents) { reason = 'maxEvents'; break; }
        if (queue.size() === 0) { reason = 'empty'; break; }
        const slot = queue.top() as number;
        if (this.cancelled[slot] === 1) {
          this.popTop();
          this.cancelledPending--;
          this.releaseSlot(slot);
          continue;
        }
        const t = this.time[slot];
        if (t > until) { reason = 'until'; break; }
        this.popTop();
        const cb = this.callbacks[slot] as EventCallback<unknown>;
        const arg = this.args[slot];
        this.releaseSlot(slot);
        this.nowS = t;
        executed++;
        this.executedTotal++;
        cb(arg);
      }
    } finally {
      this.running = false;
    }
    if ((reason === 'until' || reason === 'empty') && until !== Infinity) this.nowS = until;
    return { executed, reason };
  }

  private discardCancelledTop(): void {
    const queue = this.queue;
    while (queue.size() > 0) {
      const slot = queue.top() as number;
      if (this.cancelled[slot] !== 1) return;
      this.popTop();
      this.cancelledPending--;
      this.releaseSlot(slot);
    }
  }

  private popTop(): void {
    this.queue.pop();
  }

  private allocSlot(): number {
    const free = this.freeSlots;
    if (free.length > 0) return free.pop() as number;
    if (this.nextSlot === this.capacity) this.grow();
    return this.nextSlot++;
  }

  private releaseSlot(slot: number): void {
    this.callbacks[slot] = undefined;
    this.args[slot] = undefined;
    this.gen[slot] = (this.gen[slot] + 1) % GEN_SPACE;
    this.freeSlots.push(slot);
  }

  private grow(): void {
    const cap = this.capacity * 2;
    if (cap > SLOT_SPACE) throw new ScheduleError(`more than ${SLOT_SPACE} events pending at once`);
    const grow = <T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a as never);
      return b;
    };
    this.time = grow(this.time, (n) => new Float64Array(n));
    this.tie = grow(this.tie, (n) => new Float64Array(n));
    this.queue.time = this.time;
    this.queue.tie = this.tie;
    this.gen = grow(this.gen, (n) => new Uint32Array(n));
    this.cancelled = grow(this.cancelled, (n) => new Uint8Array(n));
    for (let i = this.capacity; i < cap; i++) {
      this.callbacks.push(undefined);
      this.args.push(undefined);
    }
    this.capacity = cap;
  }
}

function filled(n: number): undefined[] {
  const a: undefined[] = [];
  for (let i = 0; i < n; i++) a.push(undefined);
  return a;
}
