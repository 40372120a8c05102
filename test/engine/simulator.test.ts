import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PRIORITY_LIMIT, ScheduleError, Simulator } from '../../src/engine/simulator.js';

describe('event order', () => {
  it('runs by time, then priority, then insertion order', () => {
    const sim = new Simulator();
    const log: string[] = [];
    const note = (tag: string) => () => log.push(`${tag}@${sim.now}`);
    sim.scheduleAt(2, note('late'));
    sim.scheduleAt(1, note('b'), undefined, 0);
    sim.scheduleAt(1, note('a-first-by-priority'), undefined, -1);
    sim.scheduleAt(1, note('c'), undefined, 0);
    sim.scheduleAt(1, note('d-last-by-priority'), undefined, 5);
    sim.scheduleAt(0.5, note('early'));
    sim.run();
    expect(log).toEqual(['early@0.5', 'a-first-by-priority@1', 'b@1', 'c@1', 'd-last-by-priority@1', 'late@2']);
  });

  it('passes the argument and counts executed and pending events', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) sim.schedule(i, (x: number) => seen.push(x), i * 10);
    expect(sim.pendingCount).toBe(5);
    sim.run({ maxEvents: 2 });
    expect(seen).toEqual([0, 10]);
    expect(sim.executedCount).toBe(2);
    expect(sim.pendingCount).toBe(3);
    expect(sim.peekTime()).toBe(2);
  });

  it('events scheduled at the current time by a running event run after it', () => {
    const sim = new Simulator();
    const log: string[] = [];
    sim.scheduleAt(1, () => {
      log.push('outer');
      sim.schedule(0, () => log.push('inner'));
    });
    sim.scheduleAt(1, () => log.push('sibling'));
    sim.run();
    expect(log).toEqual(['outer', 'sibling', 'inner']);
  });
});

describe('cancellation', () => {
  it('cancels a pending event exactly once', () => {
    const sim = new Simulator();
    let ran = false;
    const h = sim.schedule(1, () => (ran = true));
    expect(sim.isPending(h)).toBe(true);
    expect(sim.cancel(h)).toBe(true);
    expect(sim.isPending(h)).toBe(false);
    expect(sim.cancel(h)).toBe(false);
    expect(sim.pendingCount).toBe(0);
    sim.run();
    expect(ran).toBe(false);
    expect(sim.executedCount).toBe(0);
  });

  it('does nothing to an event that already fired, even when its slot was reused', () => {
    const sim = new Simulator();
    const log: string[] = [];
    const first = sim.schedule(1, () => log.push('first'));
    sim.run({ until: 1.5 });
    const second = sim.schedule(1, () => log.push('second'));
    expect(sim.cancel(first)).toBe(false);
    expect(sim.isPending(second)).toBe(true);
    sim.run();
    expect(log).toEqual(['first', 'second']);
  });

  it('lets an event cancel another at the same time', () => {
    const sim = new Simulator();
    const log: string[] = [];
    let victim = 0;
    sim.scheduleAt(3, () => {
      log.push('killer');
      sim.cancel(victim);
    });
    victim = sim.scheduleAt(3, () => log.push('victim'));
    sim.run();
    expect(log).toEqual(['killer']);
  });
});

describe('run', () => {
  it('run(until) leaves later events pending and the clock at until', () => {
    const sim = new Simulator();
    const log: number[] = [];
    for (const t of [1, 2, 3, 4]) sim.scheduleAt(t, () => log.push(t));
    const r = sim.run({ until: 2.5 });
    expect(r).toEqual({ executed: 2, reason: 'until' });
    expect(log).toEqual([1, 2]);
    expect(sim.now).toBe(2.5);
    expect(sim.pendingCount).toBe(2);
    sim.run({ until: 3 });
    expect(log).toEqual([1, 2, 3]); // until is inclusive
    expect(sim.now).toBe(3);
  });

  it('run(until) with an empty queue advances the clock to until', () => {
    const sim = new Simulator();
    expect(sim.run({ until: 10 })).toEqual({ executed: 0, reason: 'empty' });
    expect(sim.now).toBe(10);
  });

  it('stop() returns after the current event', () => {
    const sim = new Simulator();
    const log: number[] = [];
    for (const t of [1, 2, 3]) sim.scheduleAt(t, () => {
      log.push(t);
      if (t === 2) sim.stop();
    });
    expect(sim.run().reason).toBe('stopped');
    expect(log).toEqual([1, 2]);
    expect(sim.now).toBe(2);
    sim.run();
    expect(log).toEqual([1, 2, 3]);
  });

  it('keeps order through pool growth', () => {
    const sim = new Simulator();
    const times: number[] = [];
    for (let i = 0; i < 5000; i++) sim.scheduleAt((i * 7919) % 5000, () => times.push(sim.now));
    sim.run();
    expect(times).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });
});

describe('bad times are rejected with the reason', () => {
  const sim = new Simulator();
  sim.run({ until: 5 });
  const noop = () => undefined;
  it.each([
    [() => sim.scheduleAt(4, noop), /in the past/],
    [() => sim.scheduleAt(Number.NaN, noop), /NaN/],
    [() => sim.scheduleAt(Infinity, noop), /infinite/],
    [() => sim.schedule(-1, noop), /negative delay/],
    [() => sim.schedule(Number.NaN, noop), /NaN delay/],
    [() => sim.schedule(Infinity, noop), /infinite delay/],
    [() => sim.schedule(1, noop, undefined, 0.5), /priority/],
    [() => sim.schedule(1, noop, undefined, PRIORITY_LIMIT + 1), /priority/],
    [() => sim.run({ until: 1 }), /past/],
  ])('case %#', (f, message) => {
    expect(f).toThrow(ScheduleError);
    expect(f).toThrow(message);
  });
});

describe('property: any schedule/cancel sequence', () => {
  type Op = { kind: 'schedule'; delay: number; priority: number } | { kind: 'cancel'; index: number } | { kind: 'step' };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('schedule' as const), delay: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 100, noNaN: true })), priority: fc.integer({ min: -3, max: 3 }) }),
    fc.record({ kind: fc.constant('cancel' as const), index: fc.nat(200) }),
    fc.record({ kind: fc.constant('step' as const) }),
  );

  it('executes exactly the non-cancelled events, in non-decreasing time and total order', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const sim = new Simulator();
        const handles: number[] = [];
        const keys: Array<[number, number, number]> = []; // time, priority, insertion
        const cancelled = new Set<number>();
        const fired: number[] = [];
        for (const o of ops) {
          if (o.kind === 'schedule') {
            const id = handles.length;
            keys.push([sim.now + o.delay, o.priority, id]);
            handles.push(sim.schedule(o.delay, (i: number) => fired.push(i), id, o.priority));
          } else if (o.kind === 'cancel' && handles.length > 0) {
            const i = o.index % handles.length;
            const wasPending = sim.isPending(handles[i]);
            expect(sim.cancel(handles[i])).toBe(wasPending);
            if (wasPending) cancelled.add(i);
          } else if (o.kind === 'step') {
            sim.run({ maxEvents: 1 });
          }
        }
        sim.run();
        const expected = keys.map((_, i) => i).filter((i) => !cancelled.has(i));
        expect(fired.slice().sort((a, b) => a - b)).toEqual(expected);
        for (let j = 1; j < fired.length; j++) {
          expect(keys[fired[j]][0]).toBeGreaterThanOrEqual(keys[fired[j - 1]][0]);
        }
        expect(sim.executedCount).toBe(fired.length);
        expect(sim.pendingCount).toBe(0);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('orders all events that are pending together by (time, priority, insertion)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: -2, max: 2 })), { maxLength: 100 }), (items) => {
        const sim = new Simulator();
        const fired: number[] = [];
        items.forEach(([t, p], i) => sim.scheduleAt(t, () => fired.push(i), undefined, p));
        sim.run();
        const expected = items.map((_, i) => i).sort((a, b) => items[a][0] - items[b][0] || items[a][1] - items[b][1] || a - b);
        expect(fired).toEqual(expected);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
