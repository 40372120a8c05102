import type { ServerParams } from '../../allocation/types.js';
import { pluginOf } from '../../engine/registry.js';
import { powerAtFreqW } from '../../llm/cost.js';

/**
 * The part of an edge server a scheduler needs: its GPU. `cores` (C^E),
 * `flopsPerCycle` (D^E), `maxFreqHz` (f^max, Hz) and `kappa` (kappa2, the
 * effective switched capacitance: a GPU clocked at f draws kappa * f^3 W).
 * The full capacity is f^max * C * D FLOP/s.
 */
export type EdgeGpu = Pick<ServerParams, 'cores' | 'flopsPerCycle' | 'maxFreqHz' | 'kappa'>;

/**
 * One job at an edge server: the edge part of one training iteration,
 * `(Y - alpha) * psi(d)` FLOPs. The server owns the mutable fields; a
 * scheduler writes `rateFlopsPerS` and `powerW` and reads the rest.
 */
export interface EdgeJob {
  readonly id: number;
  readonly user: number;
  /** FLOPs the job brought. */
  readonly workFlops: number;
  /** When it reached the server (s). */
  readonly arrivalS: number;
  /** Arrival order at this server, 0, 1, 2, ...: breaks ties of `arrivalS`. */
  readonly seq: number;
  /** FLOPs still to serve. */
  remainingFlops: number;
  /** The user's share f_nm of the server's GPU frequency in the decision in force (Hz). */
  shareHz: number;
  /** Service rate set by the scheduler (FLOP/s). */
  rateFlopsPerS: number;
  /** Power the server draws on this job's behalf under the current plan (W). */
  powerW: number;
}

/**
 * An edge-server scheduling policy: given the jobs present (in arrival
 * order), the service rate of each and the power it costs. The server calls
 * `plan` on every arrival, departure, share change and whenever the previous
 * plan's horizon runs out.
 *
 * A scheduler instance belongs to one server and may keep state between
 * calls (round robin remembers whose quantum is running).
 */
export interface EdgeScheduler {
  readonly name: string;
  /** True when the policy never leaves capacity idle while a job is present. */
  readonly workConserving: boolean;
  /**
   * Set `rateFlopsPerS` and `powerW` of every job in `jobs` (arrival order,
   * possibly empty). `elapsedS` is how long the previous plan was in force.
   * Returns how long this plan may stand if nothing arrives or departs:
   * Infinity, except for time-sliced policies (round robin's quantum).
   */
  plan(jobs: readonly EdgeJob[], gpu: EdgeGpu, elapsedS: number): number;
}

/** Full service rate of the GPU at f^max (FLOP/s). */
export function capacityFlopsPerS(gpu: EdgeGpu): number {
  return gpu.maxFreqHz * gpu.cores * gpu.flopsPerCycle;
}

/** Power of a GPU (or a slice of one) clocked at `freqHz` (W): kappa * f^3 (src/llm/cost.ts). */
export function powerAtW(gpu: EdgeGpu, freqHz: number): number {
  return powerAtFreqW(gpu.kappa, freqHz);
}

/** Builds an edge-scheduling policy's registry entry; `create` returns a fresh instance (a scheduler belongs to one server). */
export const edgeSchedulerPlugin = pluginOf<[], EdgeScheduler>();
