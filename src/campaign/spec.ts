import { createHash } from 'node:crypto';

/**
 * One run of a campaign, described completely by plain data so that it can
 * cross to a worker thread or another machine and be named by a key.
 */
export type RunKind = 'solve' | 'run';

/** A topology field set by its dotted path (`users.phones.count`), and the value it takes. */
export type Override = readonly [path: string, value: unknown];

export interface RunSpec {
  /** `solve`: one allocation of the initial snapshot; `run`: the dynamic simulation over `horizonS`. */
  kind: RunKind;
  /** The topology file as the campaign names it (resolved against the campaign's base folder). */
  topology: string;
  /** Topology fields changed before validation, in the campaign's order. */
  overrides: readonly Override[];
  allocator: string;
  /** Edge scheduler policy (kind `run`); null for `solve`, which has none. */
  scheduler: string | null;
  seed: number;
  /** Simulated time (s) for kind `run`; null: the topology's own. */
  horizonS: number | null;
  /**
   * Kind `solve`: record the allocator's objective trace over this many
   * steps as metrics (`traceSteps`, `objectiveStep00`...). Absent when not
   * asked for, so the keys of runs without it stay as they were.
   */
  trace?: number;
  /** SHA-256 of a plug-in allocator's code (src/plugins/resolve.ts, pluginDigest): changed code, new key. */
  pluginSha256?: string;
  /** The same for a plug-in edge scheduler. */
  schedulerSha256?: string;
}

/** What a run measured: a flat record of named numbers, and where its files are. */
export interface RunResult {
  key: string;
  /** Position of the run in its campaign (the order tables list runs in). */
  index: number;
  spec: RunSpec;
  metrics: Record<string, number>;
  /** The run's output folder relative to the campaign folder (kind `run`), else null. */
  folder: string | null;
}

/** JSON with object keys sorted at every level: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/**
 * The run's key: 16 hex digits of the SHA-256 of its canonical description.
 * It depends on what the run is, not on when, where or by which worker it
 * ran, so a restarted or sharded campaign finds the same names.
 */
export function runKey(spec: RunSpec): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex').slice(0, 16);
}

/** Metrics in a stable order (sorted by name), so result files compare byte for byte. */
export function sortedMetrics(metrics: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(metrics).sort()) out[k] = metrics[k];
  return out;
}
