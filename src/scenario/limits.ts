import { existsSync, statfsSync } from 'node:fs';
import { totalmem } from 'node:os';
import path from 'node:path';
import { WeightScaleError } from '../allocation/weights.js';
import { InputError } from '../engine/input-error.js';
import { epochColumns, iterationColumns } from '../metrics/recorders.js';
import type { SimulationConfig, Topology } from './schema.js';
import { candidateLimit } from '../system/config.js';
import type { Distribution } from './distribution.js';

/*
 * Checks of derived quantities before a run starts. The schema bounds each
 * field alone; a run can still be impossible through a combination (a short
 * rate-update interval times many users), so the event rate, the size of
 * the run in memory and on disk, and the reference scales of the weights
 * are estimated here from the topology and refused with the fields at fault
 * before anything is allocated or written. docs/scenarios.md, "Bounds".
 */

/** Most events a run may schedule per simulated second: beyond it a run cannot progress at any useful speed. */
export const MAX_EVENTS_PER_S = 1e9;
/** Most events a run may execute in all, unless forced: about a day of wall clock at a million events per second. */
export const MAX_EVENTS = 1e11;
/** Default memory limit: half the machine's memory, at most 8 GiB. */
export const DEFAULT_MAX_MEMORY_BYTES = Math.min(8 * 2 ** 30, Math.floor(totalmem() / 2));

/** Bytes of state per user-server link: gains, fading and shadowing state, the allocator's matrices. */
const BYTES_PER_LINK = 1024;
/** Bytes of state per user and per server: parameters, queues, mobility, recorders. */
const BYTES_PER_NODE = 16 * 1024;
/** Fixed cost of a run: the engine, the allocator, buffers. */
const BYTES_BASE = 64 * 2 ** 20;
/** A CSV cell as written: up to 17 significant digits, sign, exponent and separator. */
const BYTES_PER_CELL = 16;

/** One source of events and the topology field that sets its rate. */
export interface EventSource {
  field: string;
  perS: number;
}

export interface RunEstimate {
  users: number;
  servers: number;
  links: number;
  /** Upper estimate of events per simulated second, by source. */
  sources: EventSource[];
  eventsPerS: number;
  events: number;
  memoryBytes: number;
  /** iterations.csv and epochs.csv together (upper estimate). */
  outputBytes: number;
  horizonS: number;
}

/** Largest value a distribution can take (its 10-sigma bound for normal laws, as the schema checks them). */
function maxOf(d: Distribution): number {
  if (typeof d === 'number') return d;
  if ('uniform' in d) return d.uniform[1];
  if ('uniformInt' in d) return d.uniformInt[1];
  if ('choice' in d) return Math.max(...d.choice);
  if ('normal' in d) return d.normal.mean + 10 * d.normal.sd;
  return Math.exp(d.logNormal.mu + 10 * d.logNormal.sigma);
}

/** Events per simulated second, sizes in memory and on disk, of a run of `topology` with `config`. */
export function estimateRun(topology: Topology, config: SimulationConfig): RunEstimate {
  const users = topology.users.reduce((s, g) => s + g.count, 0);
  const servers = topology.servers.reduce((s, g) => s + g.count, 0);
  // Links exist only to each user's candidate sites (docs/simulation.md, "Candidate servers").
  const links = users * candidateLimit(config, servers);
  const sources: EventSource[] = [{ field: 'simulation.epochS', perS: 1 / config.epochS }];
  // Every user may have a transfer in flight whose rate is re-evaluated each interval.
  sources.push({ field: 'simulation.rateUpdateS', perS: users / config.rateUpdateS });
  if ('policy' in config.scheduler && config.scheduler.policy === 'rr') sources.push({ field: 'simulation.scheduler.quantumS', perS: servers / config.scheduler.quantumS });
  if (config.triggers.gainChangeDb !== undefined || config.triggers.jobArrival) {
    sources.push({ field: 'simulation.triggers.minGapS', perS: 1 / Math.max(config.triggers.minGapS, config.rateUpdateS) });
  }
  let iterationsPerS = 0;
  let iterationsAtStart = 0;
  topology.users.forEach((g, i) => {
    if (g.mobility?.model === 'gauss-markov') sources.push({ field: `users[${i}].mobility.stepS`, perS: g.count / g.mobility.stepS });
    const perJob = maxOf(g.jobs.iterationsPerJob);
    if (g.jobs.arrivals.kind === 'poisson') {
      const arrivals = g.count * g.jobs.arrivals.ratePerS;
      sources.push({ field: `users[${i}].jobs.arrivals.ratePerS`, perS: arrivals });
      iterationsPerS += arrivals * perJob;
    } else iterationsAtStart += g.count * g.jobs.arrivals.jobs * perJob;
  });
  // An iteration is a handful of events (compute, transfers, edge service, downlink).
  const iterationEvents = 8;
  if (iterationsPerS > 0) sources.push({ field: 'users[].jobs.iterationsPerJob', perS: iterationsPerS * iterationEvents });
  const eventsPerS = sources.reduce((s, x) => s + x.perS, 0);
  const horizonS = config.horizonS;
  const iterations = iterationsAtStart + iterationsPerS * horizonS;
  const events = eventsPerS * horizonS + iterationsAtStart * iterationEvents;
  const epochs = horizonS / config.epochS + sources.filter((s) => s.field === 'simulation.triggers.minGapS').reduce((s, x) => s + x.perS * horizonS, 0);
  const outputBytes = iterations * iterationColumns.length * BYTES_PER_CELL + epochs * epochColumns.length * BYTES_PER_CELL;
  const memoryBytes = BYTES_BASE + links * BYTES_PER_LINK + (users + servers) * BYTES_PER_NODE;
  return { users, servers, links, sources, eventsPerS, events, memoryBytes, outputBytes, horizonS };
}

/**
 * Refuses a run whose event rate exceeds MAX_EVENTS_PER_S, naming the
 * fields that contribute most. Not overridable: such a run cannot finish.
 */
export function checkEventRate(estimate: RunEstimate, source: string | undefined): void {
  if (!(estimate.eventsPerS > MAX_EVENTS_PER_S)) return;
  const top = [...estimate.sources].sort((a, b) => b.perS - a.perS).filter((s) => s.perS > MAX_EVENTS_PER_S / 100);
  const why = top.map((s) => `${s.field} gives ${formatCount(s.perS)}/s`).join(', ');
  throw new InputError(
    source,
    top[0]?.field,
    `the run would schedule about ${formatCount(estimate.eventsPerS)} events per simulated second (${why}); at most ${formatCount(MAX_EVENTS_PER_S)} are possible`,
  );
}

export interface ResourceLimits {
  /** Memory a run may use (bytes); default DEFAULT_MAX_MEMORY_BYTES. */
  maxMemoryBytes?: number;
  /** Skip the memory, disk and event-count limits (never the event rate). */
  force?: boolean;
  /** Where the output goes: its free space is checked. */
  outDir?: string;
}

/** Refuses a run that cannot fit in memory, on the output's disk, or in a day of events; says which option raises the limit. */
export function checkResources(estimate: RunEstimate, source: string | undefined, limits: ResourceLimits, runs = 1): void {
  checkEventRate(estimate, source);
  if (limits.force) return;
  const maxMemory = limits.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES;
  if (estimate.memoryBytes > maxMemory) {
    throw new InputError(
      source,
      'users',
      `${estimate.users} users x ${estimate.servers} servers (${formatCount(estimate.links)} links) need about ${formatBytes(estimate.memoryBytes)} of memory, over the limit of ${formatBytes(maxMemory)}; raise it with --max-memory SIZE`,
    );
  }
  if (estimate.events > MAX_EVENTS) {
    throw new InputError(
      source,
      'simulation.horizonS',
      `${formatCount(estimate.eventsPerS)} events/s over ${formatCount(estimate.horizonS)} s is about ${formatCount(estimate.events)} events, more than ${formatCount(MAX_EVENTS)} (a day of computing); shorten the horizon or pass --force`,
    );
  }
  if (limits.outDir !== undefined) {
    const free = freeBytes(limits.outDir);
    const needed = estimate.outputBytes * runs;
    if (free !== undefined && needed > free) {
      throw new InputError(
        source,
        'simulation.horizonS',
        `the output would take about ${formatBytes(needed)} (iterations.csv, epochs.csv${runs > 1 ? `, ${runs} runs` : ''}) but ${existingAncestor(limits.outDir)} has ${formatBytes(free)} free; shorten the horizon or pass --force`,
      );
    }
  }
}

/**
 * The normalised weights divide by reference scales of a snapshot; a scale
 * of 0 or beyond a double's range is an InputError naming the topology
 * fields, not a failure inside an allocator. Runs `normalise` (whatever
 * computes them) and translates that one error.
 */
export function weightScalesChecked<T>(normalise: () => T, source: string | undefined): T {
  try {
    return normalise();
  } catch (err) {
    if (!(err instanceof WeightScaleError)) throw err;
    throw new InputError(
      source,
      'weights.normalise',
      `${err.message}: the hardware, llm and radio values make a reference cost 0 or too large for a double; set "normalise": false or bring them closer to real devices`,
    );
  }
}

/** `8G`, `512M`, `2GiB`, `1e9` (bytes) from --max-memory. */
export function parseSize(text: string, option = '--max-memory'): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  const unit = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[(m?.[2] ?? '').toLowerCase()] ?? NaN;
  const value = m === null ? NaN : Number(m[1]) * unit;
  if (!(value > 0 && Number.isFinite(value))) throw new InputError(option, undefined, `expected a size such as 512M, 8G or 1T, got "${text}"`);
  return value;
}

function existingAncestor(p: string): string {
  let dir = path.resolve(p);
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/**
 * Free bytes for an unprivileged writer on the disk that would hold `p`;
 * undefined when it cannot be told. A file system of no size at all (sysfs,
 * procfs) says nothing about space: writing there fails on its own terms,
 * which is an error of the machine, not of the scenario.
 */
function freeBytes(p: string): number | undefined {
  try {
    const s = statfsSync(existingAncestor(p));
    if (s.blocks === 0) return undefined;
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

function formatCount(x: number): string {
  return x >= 1e4 || (x > 0 && x < 1e-2) ? x.toExponential(1) : String(Math.round(x * 100) / 100);
}

function formatBytes(b: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  while (b >= 1024 && i < units.length - 1) {
    b /= 1024;
    i++;
  }
  return i === units.length - 1 && b >= 1024 ? `${(b / 1024).toExponential(1)} EiB` : `${b.toFixed(1)} ${units[i]}`;
}
