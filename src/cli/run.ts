import { performance } from 'node:perf_hooks';
import { dirname, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { withExamples } from './examples.js';
import { allocatorByName, allocatorNames } from '../allocation/allocators.js';
import { parseOptionPairs } from '../allocation/allocator-options.js';
import { InputError } from '../engine/input-error.js';
import { formatNumber, formatTable } from '../report/table.js';
import type { BatchInterval } from '../metrics/recorders.js';
import { checkResources, estimateRun, parseSize } from '../scenario/limits.js';
import { loadTopology } from '../scenario/load.js';
import { buildWorld } from '../scenario/build.js';
import { DEFAULT_RECORD, type RecordMode } from '../metrics/map-recorder.js';
import { runToFolder } from '../scenario/run-folder.js';
import { resolveSimulation } from '../scenario/simulate.js';
import { edgeSchedulerNames, edgeSchedulerSchema, type EdgeSchedulerConfig } from '../system/schedulers/registry.js';
import type { SimulationResult } from '../scenario/simulate.js';
import { parseDuration, parseSeed } from './options.js';
import { formatDuration, parseProgressInterval, ProgressBar, progressOptions } from './progress.js';
import { version } from './version.js';
import { writeRunReport } from './report.js';
import { closingAfter, isModuleSpec, isPluginSpec, pluginLabel, runPlugins } from '../plugins/resolve.js';
import { isModuleRef, type ModuleRef } from '../system/config.js';
import { policyTimeout, policyTimeoutOption } from './plugin-options.js';

interface RunArgs {
  topology: string;
  'progress-interval'?: string;
  allocator?: string;
  scheduler?: string;
  horizon?: string;
  seed?: string;
  out?: string;
  verbose?: boolean;
  'max-memory'?: string;
  force?: boolean;
  'allocator-option'?: string[];
  record?: string;
  report?: boolean;
  'policy-timeout'?: number;
}

/** `--record none|epochs|SECONDS` (a duration such as 10s or 1m also reads). */
export function parseRecord(text: string | undefined): RecordMode {
  if (text === undefined) return DEFAULT_RECORD;
  if (text === 'none' || text === 'epochs') return { kind: text };
  try {
    return { kind: 'interval', everyS: parseDuration(text, '--record') };
  } catch {
    throw new InputError('--record', undefined, `expected none, epochs or a sampling interval such as 10 or 30s, got "${text}"`);
  }
}

/** A mean with its batch-means half width, when the run had enough iterations for one. */
function withInterval(mean: number, ci: BatchInterval | null): string {
  return ci === null ? formatNumber(mean) : `${formatNumber(mean)} ± ${formatNumber(ci.halfWidth)}`;
}

function intervalUnit(unit: string, ci: BatchInterval | null): string {
  return ci === null ? unit : `${unit} (95% interval by batch means over ${ci.batches} batches of ${ci.batchSize} iterations)`;
}

/** The end-of-run table: one row per quantity. */
export function runReport(r: SimulationResult, wallS: number): string {
  const s = r.summary;
  const finished = s.iterations > 0;
  const rows: Array<[string, number | string, string]> = [
    ['iterations finished', r.counts.finished, `of ${r.counts.started} started; ${r.counts.inFlight} in flight, ${r.counts.queued} queued at the end`],
    ['jobs arrived', r.counts.jobs, `${r.counts.arrived} iterations`],
  ];
  const excluded = r.excludedUsers;
  if (excluded !== undefined) {
    const why = Object.entries(excluded.reasons).map(([reason, k]) => `${k}: ${reason}`).join('; ');
    rows.push(['users excluded', excluded.count, `cannot join (${why})`]);
  }
  const limits = r.deviceLimits;
  if (limits !== undefined) {
    rows.push(['battery suspensions', limits.suspensions, `${limits.suspendedAtEnd} users suspended at the end; ${formatNumber(limits.batteryDrawnJ)} J drawn`]);
    rows.push(['governor changes', limits.throttleChanges, 'GPU frequency cap changes (thermal)']);
  }
  // Means over no iteration do not exist: the rows would say NaN, and Jain's index 1.
  if (finished) {
    rows.push(
      ['throughput', s.throughputPerS, 'iterations/s'],
      ['delay mean', withInterval(s.delay.meanS, s.intervals.delayMeanS), intervalUnit('s', s.intervals.delayMeanS)],
      ['delay p50 / p95 / p99', `${formatNumber(s.delay.p50S)} / ${formatNumber(s.delay.p95S)} / ${formatNumber(s.delay.p99S)}`, 's'],
      ['  waiting on device', s.stageMeansS.deviceWaitS, 's (mean)'],
      ['  device compute', s.stageMeansS.deviceComputeS + s.stageMeansS.deviceBackwardS, 's (mean, forward + backward)'],
      ['  uplink', s.stageMeansS.uplinkS, 's (mean)'],
      ['  edge wait / compute', `${formatNumber(s.stageMeansS.edgeWaitS)} / ${formatNumber(s.stageMeansS.edgeComputeS)}`, 's (mean)'],
      ['  downlink', s.stageMeansS.downlinkS, 's (mean)'],
      ['energy per iteration', withInterval(s.energyMeanJ, s.intervals.energyMeanJ), intervalUnit('J', s.intervals.energyMeanJ)],
    );
  }
  rows.push(['energy device / tx / edge', `${formatNumber(s.energyTotalsJ.deviceCompute)} / ${formatNumber(s.energyTotalsJ.tx)} / ${formatNumber(s.energyTotalsJ.edge)}`, 'J (total)']);
  if (finished) rows.push(['Jain fairness', s.jainThroughput, 'over per-user throughput']);
  rows.push(
    ['allocator calls', r.epochs, `${r.handovers} handovers`],
    ['allocator time', s.solveWallMeanS * 1000, 'ms per call (wall clock)'],
    ['run time', wallS, `s wall clock, ${formatNumber(r.events / Math.max(wallS, 1e-9), 3)} events/s`],
  );
  const table = formatTable<[string, number | string, string]>(
    [
      { header: 'quantity', value: (x) => x[0] },
      { header: 'value', value: (x) => x[1] },
      { header: 'unit', value: (x) => x[2] },
    ],
    rows,
  );
  return s.noIteration === undefined ? table : `${table}\n\nno iteration finished: ${s.noIteration.reason}`;
}

/** --max-memory and --force, shared by run, sweep and compare. */
export const resourceOptions = {
  'max-memory': { type: 'string', describe: 'memory a run may use, e.g. 16G (default: half the machine\'s memory, at most 8G)' },
  force: { type: 'boolean', describe: 'run even when the estimated memory, disk space or event count exceeds the limits' },
} as const;

/** The limits the resource options set, for output under `outDir`. */
export function resourceLimits(args: { 'max-memory'?: string; force?: boolean }, outDir: string) {
  return {
    maxMemoryBytes: args['max-memory'] === undefined ? undefined : parseSize(args['max-memory'], '--max-memory'),
    force: args.force === true,
    outDir,
  };
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <topology>',
  describe: 'Simulate training iterations over time with per-epoch allocation; write a run folder',
  builder: (y) =>
    withExamples(y
      .positional('topology', { type: 'string', demandOption: true, describe: 'topology file (JSON)' })
      .option('allocator', { type: 'string', describe: `allocator (default: the topology's): ${allocatorNames().join(', ')}; or a module ./my-allocator.js, or exec:COMMAND (docs/plugins.md)` })
      .option('scheduler', { type: 'string', describe: `edge scheduler (default: the topology's): ${edgeSchedulerNames.join(', ')}; or a module ./my-scheduler.js` })
      .option('horizon', { type: 'string', describe: 'simulated time, e.g. 90s, 15m, 2h, 7d (default: the topology\'s)' })
      .option('seed', { type: 'string', describe: "override the file's seed (a whole number)" })
      .option('out', { type: 'string', describe: 'output folder (default: runs/<topology name>)' })
      .option('verbose', { type: 'boolean', describe: 'list every line a trace reader skipped' })
      .options(resourceOptions)
      .options(progressOptions)
      .option('allocator-option', { type: 'string', array: true, describe: "an allocator setting KEY=VALUE (repeatable), over the topology's simulation.allocatorOptions; see docs/scenarios.md" })
      .option('policy-timeout', policyTimeoutOption)
      .option('record', { type: 'string', describe: 'phone positions for the report\'s map (map.json): none, epochs (at each periodic allocator call) or every SECONDS (default: 10)' })
      .option('report', { type: 'boolean', describe: 'also write report.html into the run folder (as mecsim report does)' })
      , [
        ['mecsim run topologies/urban-short.json', 'the default scenario'],
        ['mecsim run topologies/urban.json --horizon 2h --scheduler fcfs --out runs/fcfs', 'two hours, FCFS at the edge'],
      ]),
  handler: async (args) => {
    const topology = loadTopology(args.topology);
    const seed = args.seed === undefined ? undefined : parseSeed(args.seed, '--seed');
    const horizonS = args.horizon === undefined ? undefined : parseDuration(args.horizon, '--horizon');
    if (args.allocator !== undefined && !isPluginSpec(args.allocator)) {
      try {
        allocatorByName(args.allocator);
      } catch (err) {
        throw new InputError('--allocator', undefined, (err as Error).message);
      }
    }
    let scheduler: EdgeSchedulerConfig | ModuleRef | undefined;
    // A module given on the command line is recorded in run.json as the scheduler used, as the user wrote it.
    if (args.scheduler !== undefined && isModuleSpec(args.scheduler)) scheduler = { module: args.scheduler };
    if (args.scheduler !== undefined && !isModuleSpec(args.scheduler)) {
      const current = topology.simulation.scheduler;
      const parsed = edgeSchedulerSchema.safeParse(!isModuleRef(current) && current.policy === args.scheduler ? current : { policy: args.scheduler });
      if (!parsed.success) throw new InputError('--scheduler', undefined, `unknown scheduler '${args.scheduler}'; expected one of: ${edgeSchedulerNames.join(', ')}`);
      scheduler = parsed.data;
    }
    const out = resolve(args.out ?? `runs/${topology.name}`);
    const record = parseRecord(args.record);
    const world = record.kind === 'none' ? null : buildWorld(topology, seed ?? topology.seed, args.topology);
    const config = resolveSimulation({ topology, allocator: args.allocator, scheduler, horizonS });
    checkResources(estimateRun(topology, config), args.topology, resourceLimits(args, out));
    const bar = new ProgressBar(process.stderr, { intervalS: parseProgressInterval(args['progress-interval']) });
    const started = performance.now();
    // A plug-in named in the topology is resolved against its folder, with its options.
    const { allocator: plugin, edgeScheduler } = await runPlugins(topology, args.topology, {
      allocator: args.allocator,
      scheduler: args.scheduler,
      pluginOptions: parseOptionPairs(args['allocator-option']),
      policyTimeoutS: policyTimeout(args['policy-timeout']),
    });
    let result: SimulationResult;
    try {
      result = await closingAfter(plugin, () => runToFolder({
        allocatorObject: plugin,
        edgeScheduler,
        topology,
        source: args.topology,
        baseDir: dirname(resolve(args.topology)),
        seed,
        allocator: args.allocator,
        allocatorOptions: plugin === undefined ? parseOptionPairs(args['allocator-option']) : undefined,
        scheduler,
        horizonS,
        out,
        version: version(),
        map: world === null ? undefined : { mode: record, sites: world.servers.map((s) => s.position), userCount: world.users.length },
        onProgress: (p) => bar.update(p.timeS, p.horizonS, p.events),
        notify: (m) => process.stderr.write(`mecsim: ${m}\n`),
        verbose: args.verbose === true,
      }), (r) => r.summary, (r) => r.endFeedback);
    } finally {
      bar.done();
    }
    const wallS = (performance.now() - started) / 1000;
    const c = result.config;
    process.stdout.write(
      `${topology.name}: seed ${result.seed}, allocator ${result.allocator}, scheduler ${isModuleRef(c.scheduler) ? pluginLabel(c.scheduler.module) : c.scheduler.policy}, ${c.pipeline} pipeline, ${formatDuration(c.horizonS)} simulated\n\n`,
    );
    process.stdout.write(`${runReport(result, wallS)}\n\nwrote ${out}/ (run.json, iterations.csv, epochs.csv, timing.csv${world === null ? '' : ', map.json'})\n`);
    if (args.report === true) process.stdout.write(`report: ${await writeRunReport(out)}\n`);
  },
};
