import { PriorityQueue } from 'js-sdsl';
import { Simulator } from '../../src/engine/simulator.js';
import { EventHeap } from './engines/event-heap.js';
import { Simulator as HeapSimulator } from './engines/heap-simulator.js';
import { RandomStreams } from '../../src/engine/random.js';
import { Xoshiro128 } from '../../src/radio/fast-rng.js';
import { holdModel } from './hold.js';

/**
 * The pieces of one hold-model event, each as a loop of its own, so that the
 * per-event cost at a given P can be split: the random draw, the queue's
 * push/pop with and without the key read through the slot number, the slot
 * bookkeeping, and the whole engine. hold-split.ts runs every variant in a
 * child process of its own: a second js-sdsl comparator in one process would
 * make js-sdsl's call site polymorphic and slow every variant down.
 */
export type Variant = (pending: number, events: number, seed: number) => number;

/** Events per second of this process's processor time: on a shared machine, wall time also counts waiting for a core. */
const timed = (events: number, body: () => void): number => {
  const c0 = process.cpuUsage();
  body();
  const c = process.cpuUsage(c0);
  return events / ((c.user + c.system) / 1e6);
};

const xoshiro = (seed: number): Xoshiro128 => new Xoshiro128(new RandomStreams(seed).stream('bench/hold'));

let sink = 0;

/** Draws alone: the stream mecsim's bench used (xor4096 through seedrandom). */
function drawXor4096(_p: number, events: number, seed: number): number {
  const rng = new RandomStreams(seed).stream('bench/hold');
  const loop = (): void => {
    let s = 0;
    for (let i = 0; i < events; i++) s += rng.exponential(1);
    sink += s;
  };
  loop();
  return timed(events, loop);
}

/** Draws alone: xoshiro128**, the generator of the simulator's hot paths. */
function drawXoshiro(_p: number, events: number, seed: number): number {
  const rng = xoshiro(seed);
  const loop = (): void => {
    let s = 0;
    for (let i = 0; i < events; i++) s += -Math.log(1 - rng.next());
    sink += s;
  };
  loop();
  return timed(events, loop);
}

class KeyedQueue extends PriorityQueue<number> {
  constructor(
    readonly time: Float64Array,
    readonly tie: Float64Array,
  ) {
    super([], compareSlots as (a: number, b: number) => number, false);
  }
}
function compareSlots(this: KeyedQueue, a: number, b: number): number {
  const d = this.time[a] - this.time[b];
  return d !== 0 ? d : this.tie[a] - this.tie[b];
}

/** js-sdsl's queue of slot numbers, keys read through the slot (the engine's layout), one slot per pending event, xoshiro draws. */
function sdslSlots(pending: number, events: number, seed: number): number {
  const rng = xoshiro(seed);
  const time = new Float64Array(pending);
  const tie = new Float64Array(pending);
  const q = new KeyedQueue(time, tie);
  let seq = 0;
  for (let s = 0; s < pending; s++) {
    time[s] = -Math.log(1 - rng.next());
    tie[s] = seq++;
    q.push(s);
  }
  const loop = (): void => {
    for (let i = 0; i < events; i++) {
      const s = q.top() as number;
      q.pop();
      time[s] += -Math.log(1 - rng.next());
      tie[s] = seq++;
      q.push(s);
    }
  };
  loop();
  return timed(events, loop);
}

/** js-sdsl's queue holding the times themselves (unboxed doubles, no tie, no slot): what an inline key could reach at best. */
function sdslTimes(pending: number, events: number, seed: number): number {
  const rng = xoshiro(seed);
  const q = new PriorityQueue<number>([], (a, b) => a - b, false);
  for (let s = 0; s < pending; s++) q.push(-Math.log(1 - rng.next()) + 0.5); // + 0.5: never a small integer, so the array holds doubles from the start
  const loop = (): void => {
    for (let i = 0; i < events; i++) {
      const t = q.top() as number;
      q.pop();
      q.push(t + -Math.log(1 - rng.next()));
    }
  };
  loop();
  return timed(events, loop);
}

/** The engine: Simulator.schedule from a callback, with the draw of the given generator. */
function engineXoshiro(pending: number, events: number, seed: number): number {
  const sim = new Simulator();
  const rng = xoshiro(seed);
  const hold = (): void => {
    sim.schedule(-Math.log(1 - rng.next()), hold);
  };
  for (let i = 0; i < pending; i++) sim.scheduleAt(-Math.log(1 - rng.next()), hold);
  sim.run({ maxEvents: events });
  return timed(events, () => sim.run({ maxEvents: events }));
}

/** 4,096 Exp(1) holds drawn once and reused in turn: the same distribution at next to no cost per event. */
function ring(seed: number): Float64Array {
  const rng = xoshiro(seed);
  const r = new Float64Array(4096);
  for (let i = 0; i < r.length; i++) r[i] = -Math.log(1 - rng.next());
  return r;
}

/** The engine with holds taken from the ring: the engine's cost without the draw's. */
function engineRing(pending: number, events: number, seed: number): number {
  const sim = new Simulator();
  const holds = ring(seed);
  let k = 0;
  const hold = (): void => {
    sim.schedule(holds[k++ & 4095], hold);
  };
  for (let i = 0; i < pending; i++) sim.scheduleAt(holds[k++ & 4095], hold);
  sim.run({ maxEvents: events });
  return timed(events, () => sim.run({ maxEvents: events }));
}

/** js-sdsl's queue of slots with the ring's holds: the queue alone. */
function sdslSlotsRing(pending: number, events: number, seed: number): number {
  const holds = ring(seed);
  let k = 0;
  const time = new Float64Array(pending);
  const tie = new Float64Array(pending);
  const q = new KeyedQueue(time, tie);
  let seq = 0;
  for (let s = 0; s < pending; s++) {
    time[s] = holds[k++ & 4095];
    tie[s] = seq++;
    q.push(s);
  }
  const loop = (): void => {
    for (let i = 0; i < events; i++) {
      const s = q.top() as number;
      q.pop();
      time[s] += holds[k++ & 4095];
      tie[s] = seq++;
      q.push(s);
    }
  };
  loop();
  return timed(events, loop);
}

/**
 * js-sdsl's queue of slots with the ring's holds plus the engine's slot
 * bookkeeping done inline (free list, generation, cancelled flag, callback
 * and argument arrays), but no callback call.
 */
function sdslSlotsBookkeeping(pending: number, events: number, seed: number): number {
  const holds = ring(seed);
  let k = 0;
  let cap = 1024;
  while (cap < pending) cap *= 2;
  const time = new Float64Array(cap);
  const tie = new Float64Array(cap);
  const gen = new Uint32Array(cap);
  const cancelled = new Uint8Array(cap);
  const callbacks: unknown[] = [];
  const args: unknown[] = [];
  for (let i = 0; i < cap; i++) {
    callbacks.push(undefined);
    args.push(undefined);
  }
  const free: number[] = [];
  const cb = (): void => {};
  const q = new KeyedQueue(time, tie);
  let seq = 0;
  let now = 0;
  let handles = 0;
  const schedule = (s: number, at: number): void => {
    time[s] = at;
    tie[s] = 4096 * 2 ** 40 + seq++;
    cancelled[s] = 0;
    callbacks[s] = cb;
    args[s] = undefined;
    q.push(s);
    handles += gen[s];
  };
  for (let s = 0; s < pending; s++) schedule(s, holds[k++ & 4095]);
  const loop = (): void => {
    for (let i = 0; i < events; i++) {
      const s = q.top() as number;
      if (cancelled[s] === 1) continue;
      q.pop();
      now = time[s];
      callbacks[s] = undefined;
      args[s] = undefined;
      gen[s] = (gen[s] + 1) % 2 ** 28;
      free.push(s);
      schedule(free.pop() as number, now + holds[k++ & 4095]);
    }
  };
  loop();
  sink += handles;
  return timed(events, loop);
}

interface Engine {
  schedule(delayS: number, cb: () => void): unknown;
  scheduleAt(atS: number, cb: () => void): unknown;
  run(o: { maxEvents: number }): unknown;
}

/** An engine on the hold model with xoshiro128** draws. */
const engineOn = (make: () => Engine): Variant => (pending, events, seed) => {
  const sim = make();
  const rng = xoshiro(seed);
  const hold = (): void => {
    sim.schedule(-Math.log(1 - rng.next()), hold);
  };
  for (let i = 0; i < pending; i++) sim.scheduleAt(-Math.log(1 - rng.next()), hold);
  sim.run({ maxEvents: events });
  return timed(events, () => sim.run({ maxEvents: events }));
};

/** The engine's 4-ary heap alone with the ring's holds. */
function heapRing(pending: number, events: number, seed: number): number {
  const holds = ring(seed);
  let k = 0;
  const heap = new EventHeap();
  let seq = 0;
  for (let s = 0; s < pending; s++) heap.push(holds[k++ & 4095], seq++, s);
  const loop = (): void => {
    for (let i = 0; i < events; i++) {
      const s = heap.topSlot();
      const t = heap.topTime();
      heap.pop();
      heap.push(t + holds[k++ & 4095], seq++, s);
    }
  };
  loop();
  return timed(events, loop);
}

/** The 4-ary heap with replaceTop with the ring's holds. */
function heapReplaceRing(pending: number, events: number, seed: number): number {
  const holds = ring(seed);
  let k = 0;
  const heap = new EventHeap();
  let seq = 0;
  for (let s = 0; s < pending; s++) heap.push(holds[k++ & 4095], seq++, s);
  const loop = (): void => {
    for (let i = 0; i < events; i++) {
      heap.replaceTop(heap.topTime() + holds[k++ & 4095], seq++, heap.topSlot());
    }
  };
  loop();
  return timed(events, loop);
}

export const variants: Record<string, Variant> = {
  'draw xor4096': drawXor4096,
  'draw xoshiro': drawXoshiro,
  'js-sdsl slots (queue alone)': sdslSlots,
  'js-sdsl times (queue alone)': sdslTimes,
  'engine, xor4096 (the hold bench)': (p, e, s) => holdModel(p, e, s).eventsPerCpuS,
  'engine, xoshiro': engineXoshiro,
  'js-sdsl slots, ring holds (queue alone)': sdslSlotsRing,
  'js-sdsl slots + bookkeeping, ring holds': sdslSlotsBookkeeping,
  'engine, ring holds': engineRing,
  '4-ary heap, ring holds (queue alone)': heapRing,
  '4-ary heap replaceTop, ring holds (queue alone)': heapReplaceRing,
  '4-ary heap engine, xoshiro': engineOn(() => new HeapSimulator()),
};

export const keepSink = (): number => sink;
