/**
 * A 4-ary min-heap of event slots keyed by (time, tie), the keys held by heap
 * position in typed arrays: a sift compares keys that sit next to each other
 * in memory instead of fetching them through the slot number, which is what
 * keeps the queue fast once 10^5 pending events no longer fit the caches
 * (docs/benchmarks.md, hold). Time and tie are interleaved in one array, and
 * the root sits at index ROOT = 3 so that every family of four children
 * starts at a multiple of four: its four (time, tie) pairs are 64 bytes, one
 * cache line. Four children per node halve the depth of a binary heap.
 *
 * The caller makes ties unique (the simulator's tie holds the insertion
 * number), so the order is total and the heap's shape never shows in it.
 */
const ROOT = 3;
const INITIAL_CAPACITY = 1024;

export class EventHeap {
  /** keys[2i] = time, keys[2i + 1] = tie of the event at heap position i. */
  private keys: Float64Array;
  private slots: Int32Array;
  private count = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    const cap = Math.max(4, capacity) + ROOT;
    this.keys = new Float64Array(2 * cap);
    this.slots = new Int32Array(cap);
  }

  get size(): number {
    return this.count;
  }

  /** Slot of the least event; only meaningful when size > 0. */
  topSlot(): number {
    return this.slots[ROOT];
  }

  /** Time of the least event; only meaningful when size > 0. */
  topTime(): number {
    return this.keys[2 * ROOT];
  }

  push(timeS: number, tie: number, slot: number): void {
    if (this.count + ROOT === this.slots.length) this.grow();
    this.siftUp(ROOT + this.count++, timeS, tie, slot);
  }

  /** Remove the least event. */
  pop(): void {
    const n = --this.count;
    if (n <= 0) {
      this.count = 0;
      return;
    }
    const last = ROOT + n;
    this.siftUp(this.holeToLeaf(last), this.keys[2 * last], this.keys[2 * last + 1], this.slots[last]);
  }

  /**
   * Remove the least event and add (time, tie, slot) in one pass: what an
   * event that schedules its successor needs, at the cost of one sift
   * instead of two. Only meaningful when size > 0.
   */
  replaceTop(timeS: number, tie: number, slot: number): void {
    this.siftUp(this.holeToLeaf(ROOT + this.count), timeS, tie, slot);
  }

  /**
   * Floyd's bottom-up deletion: the hole at the root follows the least child
   * down to a leaf (among the positions below `last`) without comparing against
   * the element that will fill it, which then rises from there. In a
   * hold-like workload that element belongs near the bottom, so this saves a
   * comparison per level. Returns the hole's final position.
   */
  private holeToLeaf(last: number): number {
    const keys = this.keys;
    const slots = this.slots;
    let i = ROOT;
    for (;;) {
      const first = 4 * i - 8; // 4 * (i - ROOT) + 1 + ROOT
      if (first >= last) break;
      let best = first;
      let bt = keys[2 * first];
      if (first + 4 <= last) {
        // A full family: two independent pairs, then their winners, so the
        // comparisons do not wait on one another.
        const t1 = keys[2 * first + 2];
        if (t1 < bt || (t1 === bt && keys[2 * first + 3] < keys[2 * first + 1])) {
          best = first + 1;
          bt = t1;
        }
        let other = first + 2;
        let ot = keys[2 * first + 4];
        const t3 = keys[2 * first + 6];
        if (t3 < ot || (t3 === ot && keys[2 * first + 7] < keys[2 * first + 5])) {
          other = first + 3;
          ot = t3;
        }
        if (ot < bt || (ot === bt && keys[2 * other + 1] < keys[2 * best + 1])) {
          best = other;
          bt = ot;
        }
      } else {
        for (let c = first + 1; c < last; c++) {
          const ct = keys[2 * c];
          if (ct < bt || (ct === bt && keys[2 * c + 1] < keys[2 * best + 1])) {
            best = c;
            bt = ct;
          }
        }
      }
      keys[2 * i] = bt;
      keys[2 * i + 1] = keys[2 * best + 1];
      slots[i] = slots[best];
      i = best;
    }
    return i;
  }

  /** Place (time, tie, slot) at the hole `i` or above it. */
  private siftUp(hole: number, t: number, k: number, s: number): void {
    const keys = this.keys;
    const slots = this.slots;
    let i = hole;
    while (i > ROOT) {
      const p = (i + 8) >> 2; // ((i - ROOT - 1) >> 2) + ROOT
      const pt = keys[2 * p];
      if (pt < t || (pt === t && keys[2 * p + 1] < k)) break;
      keys[2 * i] = pt;
      keys[2 * i + 1] = keys[2 * p + 1];
      slots[i] = slots[p];
      i = p;
    }
    keys[2 * i] = t;
    keys[2 * i + 1] = k;
    slots[i] = s;
  }

  private grow(): void {
    const cap = 2 * this.slots.length;
    const keys = new Float64Array(2 * cap);
    keys.set(this.keys);
    this.keys = keys;
    const slots = new Int32Array(cap);
    slots.set(this.slots);
    this.slots = slots;
  }
}
