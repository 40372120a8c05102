import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { allocatorNames } from '../allocation/allocators.js';
import { InputError } from '../engine/input-error.js';
import { edgeSchedulerNames } from '../system/schedulers/registry.js';
import { buildWorld, snapshotOf } from '../scenario/build.js';
import { checkEventRate, estimateRun, weightScalesChecked } from '../scenario/limits.js';
import { configuredAllocator, prepareSimulation, resolveSimulation } from '../scenario/simulate.js';
import { splitBaseline } from './aggregate.js';
import { resolveTopology } from './execute.js';
import { absoluteBaseline, absoluteSpec, isModuleSpec, isPluginSpec, pluginDigest, withPluginDigests } from '../plugins/resolve.js';
import { isModuleRef } from '../system/config.js';
import { canonicalJson, runKey, type Override, type RunKind, type RunSpec } from './spec.js';
import { checkRunCount } from './size.js';
import { expandSeeds, loadSweepFile, seedCount, type SweepFile } from './sweep-file.js';

/**
 * A campaign made concrete: every run it consists of, in a fixed order, each
 * with its key. Sweeps and comparisons both become plans, and one runner
 * executes plans.
 */
export interface CampaignPlan {
  name: string;
  kind: RunKind;
  /** Folder the topology path is resolved against. */
  baseDir: string;
  /** The override paths that vary between points, in order: the columns that tell points apart. */
  fields: string[];
  /** The runs, grid fields outermost, then allocators, schedulers, seeds (innermost). */
  runs: PlannedRun[];
  /** Reference for paired differences: `allocator` or `allocator/scheduler`. */
  baseline: string | null;
  /** The campaign as data (what campaign.json records). */
  definition: CampaignDefinition;
  /** Hash of the definition (but its baseline) and of the topology file's bytes: a restarted campaign must match it. */
  fingerprint: string;
}

export interface PlannedRun {
  index: number;
  key: string;
  spec: RunSpec;
}

/** Everything that decides a campaign's runs (no paths outside it, no timing). */
export interface CampaignDefinition {
  name: string;
  kind: RunKind;
  topology: string;
  horizonS: number | null;
  points: Array<Record<string, unknown>>;
  allocators: string[];
  schedulers: Array<string | null>;
  seeds: number[];
  baseline: string | null;
  /** Steps of the objective trace each solve records (absent: none). */
  trace?: number;
  /** SHA-256 of each plug-in's code, by its spec, taken when the campaign is planned: part of its runs' keys. */
  pluginSha256?: Record<string, string>;
}

/** The runs of a definition, in order, and the fields that tell its points apart. */
export function planRuns(definition: CampaignDefinition, source: string): { fields: string[]; runs: PlannedRun[] } {
  checkRunCount(
    [
      ['points', definition.points.length],
      ['allocators', definition.allocators.length],
      ['schedulers', definition.schedulers.length],
      ['seeds', definition.seeds.length],
    ],
    source,
  );
  const fields = definition.points.length === 0 ? [] : Object.keys(definition.points[0]);
  const runs: PlannedRun[] = [];
  for (const point of definition.points) {
    const overrides: Override[] = fields.map((f) => [f, point[f]] as const);
    for (const allocator of definition.allocators) {
      for (const scheduler of definition.schedulers) {
        for (const seed of definition.seeds) {
          const spec: RunSpec = { kind: definition.kind, topology: definition.topology, overrides, allocator, scheduler, seed, horizonS: definition.horizonS };
          if (definition.trace !== undefined) spec.trace = definition.trace;
          const digests = definition.pluginSha256 ?? {};
          if (digests[allocator] !== undefined) spec.pluginSha256 = digests[allocator];
          const schedulerDigest = scheduler === null ? digests[TOPOLOGY_SCHEDULER] : digests[scheduler];
          if (schedulerDigest !== undefined) spec.schedulerSha256 = schedulerDigest;
          runs.push({ index: runs.length, key: runKey(spec), spec });
        }
      }
    }
  }
  const keys = new Set(runs.map((r) => r.key));
  if (keys.size !== runs.length) throw new InputError(source, 'points', 'two points of the campaign are the same; every run must differ from the others');
  return { fields, runs };
}

/** The key, in `pluginSha256`, of the scheduler module a topology names (runs that keep the topology's scheduler). */
const TOPOLOGY_SCHEDULER = 'topology:simulation.scheduler';

/**
 * Runs that keep the topology's edge scheduler, when the topology names a
 * module (`{"module": ...}`), are keyed by that module's code too, so
 * changed code re-runs them. A topology that does not parse is left to the
 * checks that report it.
 */
function withTopologySchedulerDigest(definition: CampaignDefinition, topologyFile: string, bytes: Buffer): CampaignDefinition {
  if (!definition.schedulers.includes(null)) return definition;
  let named: unknown;
  try {
    named = (JSON.parse(bytes.toString('utf8')) as { simulation?: { scheduler?: unknown } }).simulation?.scheduler;
  } catch {
    return definition;
  }
  if (!isModuleRef(named)) return definition;
  const digest = pluginDigest(path.resolve(path.dirname(topologyFile), named.module), path.dirname(topologyFile));
  return digest === undefined ? definition : { ...definition, pluginSha256: { ...definition.pluginSha256, [TOPOLOGY_SCHEDULER]: digest } };
}

/** Builds the plan of a definition; `source` names where it came from in errors. */
export function planCampaign(given: CampaignDefinition, baseDir: string, source: string): CampaignPlan {
  const topologyFile = path.resolve(baseDir, given.topology);
  let topologyBytes: Buffer;
  try {
    topologyBytes = readFileSync(topologyFile);
  } catch {
    throw new InputError(source, 'topology', `cannot read the topology file ${topologyFile}`);
  }
  const definition = withTopologySchedulerDigest(withPluginDigests(given, process.cwd()), topologyFile, topologyBytes);
  const { fields, runs } = planRuns(definition, source);
  const fingerprint = campaignFingerprint(definition, topologyBytes);
  return { name: definition.name, kind: definition.kind, baseDir, fields, runs, baseline: definition.baseline, definition, fingerprint };
}

/**
 * Hash of a definition and of its topology file's bytes. The baseline only
 * changes the tables, not the runs: a campaign can be resumed with another
 * one. Nor do the plug-ins' hashes: changed code re-runs its own runs (new
 * keys) in the same folder.
 */
export function campaignFingerprint(definition: CampaignDefinition, topologyBytes: Uint8Array): string {
  return createHash('sha256').update(canonicalJson({ ...definition, baseline: null, pluginSha256: undefined })).update('\0').update(topologyBytes).digest('hex');
}

/** The definition of a sweep file: its grid expanded into points. */
export function sweepDefinition(sweep: SweepFile, source = 'the sweep file'): CampaignDefinition {
  const gridFactors = Object.entries(sweep.grid ?? {}).map(([field, values]) => [`grid["${field}"] values`, values.length] as const);
  checkRunCount(
    [
      ...(sweep.points !== undefined ? [['points', sweep.points.length] as const] : gridFactors),
      ['allocators', sweep.allocators.length],
      ['schedulers', sweep.kind === 'run' ? (sweep.schedulers?.length ?? 1) : 1],
      ['seeds', seedCount(sweep.seeds)],
    ],
    source,
  );
  let points: Array<Record<string, unknown>>;
  if (sweep.points !== undefined) points = sweep.points.map((p) => ({ ...p }));
  else if (sweep.grid !== undefined) {
    points = [{}];
    for (const [field, values] of Object.entries(sweep.grid)) {
      points = points.flatMap((p) => values.map((v) => ({ ...p, [field]: v })));
    }
  } else points = [{}];
  return {
    name: sweep.name,
    kind: sweep.kind,
    topology: sweep.topology,
    horizonS: sweep.horizonS ?? null,
    points,
    allocators: sweep.allocators,
    schedulers: sweep.kind === 'run' ? (sweep.schedulers ?? [null]) : [null],
    seeds: expandSeeds(sweep.seeds),
    baseline: sweep.baseline ?? null,
    ...(sweep.trace === undefined ? {} : { trace: sweep.trace }),
  };
}

/** Reads a sweep file, plans it and checks every run's inputs before any run starts. */
export function planSweepFile(file: string): CampaignPlan {
  return planSweep(loadSweepFile(file), file);
}

/** Plans a sweep read from `file` (its topology is resolved against the file's folder), checking every run's inputs. */
export function planSweep(sweep: SweepFile, file: string): CampaignPlan {
  const baseDir = path.dirname(path.resolve(file));
  const definition = withAbsoluteModules(sweepDefinition(sweep, file), baseDir, file);
  checkDefinition(definition, baseDir, file, sweep.grid !== undefined ? 'grid' : 'points');
  return planCampaign(definition, baseDir, file);
}

/**
 * A sweep file's module plug-ins are written relative to its own folder,
 * as its topology is: made absolute here (workers load them by path, and a
 * run's key names the file), with the baseline that names them. A module
 * that does not exist is refused with the field that names it.
 */
function withAbsoluteModules(definition: CampaignDefinition, baseDir: string, source: string): CampaignDefinition {
  const absolute = (spec: string, field: string): string => {
    const abs = absoluteSpec(spec, baseDir);
    if (isModuleSpec(spec) && !existsSync(abs)) throw new InputError(source, field, `no such module ${abs} ("${spec}" is read relative to the sweep file's folder)`);
    return abs;
  };
  return {
    ...definition,
    allocators: definition.allocators.map((a, i) => absolute(a, `allocators[${i}]`)),
    schedulers: definition.schedulers.map((s, i) => (s === null ? null : absolute(s, `schedulers[${i}]`))),
    baseline: definition.baseline === null ? null : absoluteBaseline(definition.baseline, definition.allocators, definition.schedulers, baseDir),
  };
}

/**
 * Fails early, with the campaign source and the field at fault, on anything
 * that would make a run fail for its inputs: an unknown allocator or
 * scheduler, a baseline that is not part of the campaign, an override path
 * the topology does not have or a value it rejects, and anything a run of
 * the campaign's kind would refuse when it starts (the one-shot snapshot of
 * kind solve; mobility, traces, channel and horizon of kind run). Each grid
 * value is tried alone first so the message can name the one at fault;
 * then every point is validated and built as a whole, all before the first
 * run starts.
 */
export function checkDefinition(definition: CampaignDefinition, baseDir: string, source: string, pointsField: 'grid' | 'points' | '--set'): void {
  const known = allocatorNames();
  definition.allocators.forEach((a, i) => {
    if (!known.includes(a) && !isPluginSpec(a)) throw new InputError(source, `allocators[${i}]`, `unknown allocator "${a}"; expected one of: ${known.join(', ')}`);
  });
  definition.schedulers.forEach((s, i) => {
    if (s !== null && !isModuleSpec(s) && !(edgeSchedulerNames as readonly string[]).includes(s)) {
      throw new InputError(source, `schedulers[${i}]`, `unknown edge scheduler "${s}"; expected one of: ${edgeSchedulerNames.join(', ')}`);
    }
  });
  if (definition.baseline !== null) {
    if (splitBaseline(definition.baseline, definition.allocators, definition.schedulers) === undefined) {
      const what = definition.schedulers.some((s) => s !== null) ? 'allocators (or allocator/scheduler pairs)' : 'allocators';
      throw new InputError(source, 'baseline', `"${definition.baseline}" is not among the campaign's ${what}`);
    }
  }
  const base = { topology: definition.topology, overrides: [] as Override[] };
  const check = (overrides: Override[], where: string): void => {
    try {
      const { topology, file, source: described } = resolveTopology({ ...base, overrides }, baseDir);
      const world = buildWorld(topology, topology.seed, described);
      // What each run builds first: the one-shot snapshot, or the whole simulation.
      for (const a of definition.allocators.filter((x) => !isPluginSpec(x))) configuredAllocator({ topology, source: described }, a);
      if (definition.kind === 'solve') weightScalesChecked(() => snapshotOf(world), described);
      else {
        checkEventRate(estimateRun(topology, resolveSimulation({ topology, horizonS: definition.horizonS ?? undefined })), described);
        prepareSimulation({ topology, source: described, baseDir: path.dirname(file), horizonS: definition.horizonS ?? undefined });
      }
    } catch (err) {
      if (err instanceof InputError) {
        const inner = [err.where, err.problem].filter((x) => x !== undefined && x !== '').join(': ');
        const what = overrides.length === 0 ? `the topology ${path.resolve(baseDir, definition.topology)}` : `the topology (${path.resolve(baseDir, definition.topology)}) rejects it`;
        throw new InputError(source, where, `${what}: ${inner}`);
      }
      throw err;
    }
  };
  check([], 'topology');
  const fields = definition.points.length === 0 ? [] : Object.keys(definition.points[0]);
  for (const field of fields) {
    const seen = new Set<string>();
    for (const point of definition.points) {
      const text = canonicalJson(point[field]);
      if (seen.has(text)) continue;
      seen.add(text);
      check([[field, point[field]]], pointsField === 'grid' ? `grid["${field}"] = ${text}` : `${pointsField} ${field} = ${text}`);
    }
  }
  if (fields.length > 1) {
    definition.points.forEach((point, i) => check(fields.map((f) => [f, point[f]] as const), `${pointsField === 'grid' ? 'grid point' : pointsField} ${i} (${fields.map((f) => `${f}=${canonicalJson(point[f])}`).join(', ')})`));
  }
}
