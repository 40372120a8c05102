import type { Decision, Snapshot } from '../allocation/types.js';
import type { Position } from '../engine/geometry.js';
import type { EpochRecord, IterationRecord } from '../metrics/recorders.js';

/** Where a run is, for progress displays. */
export interface ProgressInfo {
  /** Simulated time reached (s). */
  timeS: number;
  horizonS: number;
  /** Events executed so far. */
  events: number;
}

/** One allocator call: `users[k]` is the index of the snapshot's user k. */
export interface AllocationCall {
  index: number;
  snapshot: Snapshot;
  decision: Decision;
  users: readonly number[];
}

/** What a caller may hear of a run. None of them changes what the run computes. */
export interface RunListeners {
  /** Called for every finished iteration, in order of completion. */
  onIteration?: (r: IterationRecord) => void;
  /** Called for every allocator call once no iteration it governed is still running, in index order. */
  onEpoch?: (r: EpochRecord) => void;
  /** Called after every allocator call with what it saw and decided. */
  onAllocation?: (call: AllocationCall) => void;
  /**
   * Read the channel and the positions at these times (s), whatever the
   * allocator does: instantaneous gains of every link and every user's
   * position. For checking common random numbers across runs. With
   * `gains: false` only positions are read and `gains` is empty: the map
   * needs no more, and every link at every sample is what a city cannot pay.
   */
  probe?: { timesS: readonly number[]; gains?: boolean; onProbe: (timeS: number, gains: number[][], positions: Position[]) => void };
  /** Called every `progressEvents` events and at the end. */
  onProgress?: (p: ProgressInfo) => void;
  progressEvents?: number;
}

/**
 * The run's events and their subscribers, called in order of subscription:
 * the run's own metrics subscribe first, then the caller's listeners.
 */
export class RunEvents {
  private readonly iteration: ((r: IterationRecord) => void)[] = [];
  private readonly epoch: ((r: EpochRecord) => void)[] = [];
  private readonly allocation: ((call: AllocationCall) => void)[] = [];

  subscribe(listeners: Pick<RunListeners, 'onIteration' | 'onEpoch' | 'onAllocation'>): void {
    if (listeners.onIteration !== undefined) this.iteration.push(listeners.onIteration);
    if (listeners.onEpoch !== undefined) this.epoch.push(listeners.onEpoch);
    if (listeners.onAllocation !== undefined) this.allocation.push(listeners.onAllocation);
  }

  iterationFinished(r: IterationRecord): void {
    for (const f of this.iteration) f(r);
  }

  epochClosed(r: EpochRecord): void {
    for (const f of this.epoch) f(r);
  }

  allocated(call: AllocationCall): void {
    for (const f of this.allocation) f(call);
  }
}
