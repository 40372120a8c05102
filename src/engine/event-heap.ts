/**
 * A 4-ary min-heap of event slots keyed by (time, tie), held in typed arrays
 * by heap position: the keys a sift compares sit next to each other in memory
 * instead of being fetched through the slot number, which is what keeps the
 * queue fast once 10^5 pending events no longer fit the caches
 * (docs/benchmarks.md, hold). Four children per node halve the depth of a
 * binary heap, and the root sits at index ROOT = 3 so that every family of
 * four times starts at a multiple of four: 32 bytes, one cache line.
 *
 * The caller makes ties unique (the simulator's tie holds the insertion
 * number), so the order is total and the heap's shape never shows in it.
 */
const ROOT = 3;
const INITIAL_CAPACITY = 1024;

export class EventHeap {
  private times: Float64Array;
  private ties: Float64Array;
  private slots: Int32Array;
  private count = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    const cap = Math.max(4, capacity) + ROOT;
    this.times = new Float64Array(cap);
    this.ties = new Float64Array(cap);
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
    return this.times[ROOT];
  }

  push(timeS: number, tie: number, slot: number): void {
    if (this.count + ROOT === this.slots.length) this.grow();
    const times = this.times;
    const ties = this.ties;
    const slots = this.slots;
    let i = ROOT + this.count++;
    while (i > ROOT) {
      const p = ((i - ROOT - 1) >> 2) + ROOT;
      const pt = times[p];
      if (pt < timeS || (pt === timeS && ties[p] < tie)) break;
      times[i] = pt;
      ties[i] = ties[p];
      slots[i] = slots[p];
      i = p;
    }
    times[i] = timeS;
    ties[i] = tie;
    slots[i] = slot;
  }

  /** Remove the least event. */
  pop(): void {
    const n = --this.count;
    if (n <= 0) {
      this.count = 0;
      return;
    }
    const times = this.times;
    const ties = this.ties;
    const slots = this.slots;
    const last = ROOT + n;
    // Floyd's bottom-up deletion: the hole at the root follows the least
    // child down to a leaf without comparing against the last element, which
    // then rises from there. In a hold-like workload the last element belongs
    // near the bottom, so this saves a comparison per level.
    let i = ROOT;
    for (;;) {
      const first = 4 * (i - ROOT) + 1 + ROOT;
      if (first >= last) break;
      let best = first;
      let bt = times[first];
      const end = first + 4 < last ? first + 4 : last;
      for (let c = first + 1; c < end; c++) {
        const ct = times[c];
        if (ct < bt || (ct === bt && ties[c] < ties[best])) {
          best = c;
          bt = ct;
        }
      }
      times[i] = bt;
      ties[i] = ties[best];
      slots[i] = slots[best];
      i = best;
    }
    const t = times[last];
    const k = ties[last];
    const s = slots[last];
    while (i > ROOT) {
      const p = ((i - ROOT - 1) >> 2) + ROOT;
      const pt = times[p];
      if (pt < t || (pt === t && ties[p] < k)) break;
      times[i] = pt;
      ties[i] = ties[p];
      slots[i] = slots[p];
      i = p;
    }
    times[i] = t;
    ties[i] = k;
    slots[i] = s;
  }

  private grow(): void {
    const cap = 2 * this.slots.length;
    const times = new Float64Array(cap);
    times.set(this.times);
    this.times = times;
    const ties = new Float64Array(cap);
    ties.set(this.ties);
    this.ties = ties;
    const slots = new Int32Array(cap);
    slots.set(this.slots);
    this.slots = slots;
  }
}
