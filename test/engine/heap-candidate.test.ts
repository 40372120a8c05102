import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventHeap } from '../bench/engines/event-heap.js';
import { Simulator } from '../bench/engines/heap-simulator.js';
import { Simulator as Engine } from '../../src/engine/simulator.js';
import { Xoshiro128 } from '../../src/radio/fast-rng.js';
import { RandomStreams } from '../../src/engine/random.js';

// The 4-ary-heap candidate engine that the hold bench measures against the
// engine (docs/benchmarks.md, hold): a speed comparison means something only
// while the candidate keeps the engine's order and cancellation.

type Entry = { time: number; tie: number; slot: number };
const before = (a: Entry, b: Entry): number => a.time - b.time || a.tie - b.tie;

describe('the candidate 4-ary heap and engine of the hold bench', () => {
  it('pops in the order of a sorted array on random push/pop sequences (with growth past its capacity)', () => {
    const op = fc.oneof(
      // Few distinct times so that ties decide often; -0 and 0 must tie too.
      fc.record({ kind: fc.constant('push' as const), time: fc.constantFrom(-0, 0, 0.5, 1, 2, 1e9), tie: fc.integer({ min: 0, max: 50 }) }),
      fc.record({ kind: fc.constant('pop' as const) }),
      fc.record({ kind: fc.constant('replace' as const), time: fc.constantFrom(-0, 0, 0.5, 1, 2, 1e9), tie: fc.integer({ min: 0, max: 50 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const heap = new EventHeap(4);
        const reference: Entry[] = [];
        let nextTie = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            // Ties are unique in the simulator: an insertion number below the priority part.
            const e = { time: o.time, tie: o.tie * 1000 + nextTie++, slot: nextTie };
            heap.push(e.time, e.tie, e.slot);
            reference.push(e);
            reference.sort(before);
          } else if (o.kind === 'replace') {
            if (reference.length === 0) continue;
            const gone = reference.shift()!;
            expect(heap.topSlot()).toBe(gone.slot);
            const e = { time: o.time, tie: o.tie * 1000 + nextTie++, slot: nextTie };
            heap.replaceTop(e.time, e.tie, e.slot);
            reference.push(e);
            reference.sort(before);
          } else if (reference.length > 0) {
            const want = reference.shift()!;
            expect([heap.topTime(), heap.topSlot()]).toEqual([want.time, want.slot]);
            heap.pop();
          }
          expect(heap.size).toBe(reference.length);
        }
        while (reference.length > 0) {
          expect(heap.topSlot()).toBe(reference.shift()!.slot);
          heap.pop();
        }
        expect(heap.size).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('the simulator runs random schedule/cancel sequences in the order of a sorted reference', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('schedule' as const), delay: fc.constantFrom(0, 0.25, 1, 3), priority: fc.integer({ min: -2, max: 2 }) }),
      fc.record({ kind: fc.constant('cancel' as const), index: fc.nat(300) }),
      fc.record({ kind: fc.constant('step' as const), events: fc.integer({ min: 1, max: 5 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const sim = new Simulator();
        const handles: number[] = [];
        // Reference: every live event with its key; the next to run is the least (time, priority, insertion).
        const live: { time: number; priority: number; id: number }[] = [];
        const ran: number[] = [];
        const peeks: boolean[] = [];
        const expected: number[] = [];
        const runReference = (n: number): void => {
          for (let k = 0; k < n && live.length > 0; k++) {
            live.sort((a, b) => a.time - b.time || a.priority - b.priority || a.id - b.id);
            expected.push(live.shift()!.id);
          }
        };
        for (const o of ops) {
          if (o.kind === 'schedule') {
            const id = handles.length;
            // Every third event looks at the queue while it runs, which must
            // settle the deferred removal of the running event.
            handles.push(sim.schedule(o.delay, () => { ran.push(id); if (id % 3 === 0) peeks.push(sim.peekTime() >= sim.now); }, undefined, o.priority));
            live.push({ time: sim.now + o.delay, priority: o.priority, id });
          } else if (o.kind === 'cancel') {
            if (handles.length === 0) continue;
            const id = o.index % handles.length;
            const wasLive = live.findIndex((e) => e.id === id);
            expect(sim.cancel(handles[id])).toBe(wasLive >= 0);
            if (wasLive >= 0) live.splice(wasLive, 1);
          } else {
            sim.run({ maxEvents: o.events });
            runReference(o.events);
          }
          expect(sim.pendingCount).toBe(live.length);
        }
        sim.run();
        runReference(Infinity);
        expect(ran).toEqual(expected);
        expect(peeks.every((p) => p)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('runs like the engine when events schedule, cancel and peek from their callbacks (the deferred removal)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const trace = (sim: Simulator | Engine): unknown[] => {
          const rng = new Xoshiro128(new RandomStreams(seed).stream('heap-candidate'));
          const log: unknown[] = [];
          const handles: number[] = [];
          const pick = (): number => handles[Math.floor(rng.next() * handles.length)];
          const ev = (id: number): void => {
            log.push(id, sim.now);
            const u = rng.next();
            // Few distinct delays and priorities, so that ties decide often.
            if (u < 0.7) handles.push(sim.schedule(Math.floor(rng.next() * 4) / 2, ev, log.length, Math.floor(rng.next() * 5) - 2));
            if (u < 0.2) handles.push(sim.schedule(0, ev, -log.length, 1));
            if (rng.next() < 0.3) log.push(sim.cancel(pick()));
            if (rng.next() < 0.1) log.push(sim.peekTime(), sim.pendingCount);
            if (rng.next() < 0.2) log.push(sim.isPending(pick()));
          };
          for (let i = 0; i < 300; i++) handles.push(sim.scheduleAt(Math.floor(rng.next() * 20), ev, i, Math.floor(rng.next() * 5) - 2));
          sim.run({ until: 15 });
          log.push(sim.pendingCount, sim.peekTime(), handles.slice(-20));
          sim.run({ maxEvents: 200 });
          sim.run({ until: 40 });
          log.push(sim.now, sim.executedCount);
          return log;
        };
        expect(trace(new Simulator())).toEqual(trace(new Engine()));
      }),
      { numRuns: 100 },
    );
  });
});
