import type { CommandModule } from 'yargs';
import { withExamples } from './examples.js';
import { InputError } from '../engine/input-error.js';
import { RandomStreams } from '../engine/random.js';
import { allocatorNames } from '../allocation/allocators.js';
import { parseOptionPairs } from '../allocation/allocator-options.js';
import { closingAfter, resolveAllocator } from '../plugins/resolve.js';
import { policyTimeout, policyTimeoutOption } from './plugin-options.js';
import { evaluate } from '../allocation/objective.js';
import type { Decision, Snapshot } from '../allocation/types.js';
import { buildWorld, snapshotOf } from '../scenario/build.js';
import { weightScalesChecked } from '../scenario/limits.js';
import { loadTopology } from '../scenario/load.js';
import { formatNumber, formatTable } from '../report/table.js';
import { version } from './version.js';
import { parseSeed } from './options.js';

interface SolveArgs {
  topology: string;
  seed?: string;
  allocator: string;
  'allocator-option'?: string[];
  json: boolean;
  'policy-timeout'?: number;
}

export { instanceJson } from '../plugins/instance-json.js';
import { instanceJson } from '../plugins/instance-json.js';

export function solveReport(snapshot: Snapshot, decision: Decision): string {
  const b = evaluate(snapshot, decision);
  type Row = { label: string; d?: Decision['users'][number]; u: (typeof b.perUser)[number] };
  const rows: Row[] = b.perUser.map((u, n) => ({ label: String(n), d: decision.users[n], u }));
  const dash = (f: (d: Decision['users'][number]) => number) => (r: Row) => (r.d ? f(r.d) : '');
  const table = formatTable<Row>(
    [
      { header: 'user', value: (r) => r.label },
      { header: 'alpha', value: dash((d) => d.alpha) },
      { header: 'server', value: dash((d) => d.server) },
      { header: 'power W', value: dash((d) => d.txPowerW) },
      { header: 'band MHz', value: dash((d) => d.bandwidthHz / 1e6) },
      { header: 'f GHz', value: dash((d) => d.freqHz / 1e9) },
      { header: 'edge f GHz', value: dash((d) => d.serverFreqHz / 1e9) },
      { header: 'energy J', value: (r) => r.u.localEnergyJ + r.u.txEnergyJ + r.u.edgeEnergyJ },
      { header: 'compute s', value: (r) => r.u.localTimeS + r.u.edgeTimeS },
      { header: 'airtime s', value: (r) => r.u.airtimeS },
      { header: 'stability', value: (r) => r.u.stabilityBound },
    ],
    rows,
    [
      {
        label: 'total',
        u: {
          ...b.perUser[0],
          localEnergyJ: b.totals.energyJ,
          txEnergyJ: 0,
          edgeEnergyJ: 0,
          localTimeS: b.totals.computeDelayS,
          edgeTimeS: 0,
          airtimeS: b.totals.airtimeS,
          stabilityBound: b.totals.stability,
        },
      },
    ],
  );
  const w = snapshot.weights;
  const lines = [
    table,
    '',
    `objective ${formatNumber(b.totals.total, 6)} = time ${formatNumber(b.weighted.time, 6)} + energy ${formatNumber(b.weighted.energy, 6)} + stability ${formatNumber(b.weighted.stability, 6)}`,
    `weights used: time ${formatNumber(w.time)} /s, energy ${formatNumber(w.energy)} /J, stability ${formatNumber(w.stability)}${snapshot.includeAirtime ? ' (uplink airtime included in the time term)' : ' (uplink airtime measured, not in the objective)'}`,
  ];
  return lines.join('\n');
}

export const solveCommand: CommandModule<object, SolveArgs> = {
  command: 'solve <topology>',
  describe: 'Allocate once for a topology and print the decision and its costs',
  builder: (y) =>
    withExamples(y
      .positional('topology', { type: 'string', demandOption: true, describe: 'topology file (JSON)' })
      .option('seed', { type: 'string', describe: "override the file's seed (a whole number)" })
      .option('allocator', { type: 'string', default: 'proposed', describe: `allocator: ${allocatorNames().join(', ')}; or a module ./my-allocator.js, or exec:COMMAND (docs/plugins.md)` })
      .option('allocator-option', { type: 'string', array: true, describe: "an allocator setting KEY=VALUE (repeatable), over the topology's simulation.allocatorOptions; see docs/scenarios.md" })
      .option('policy-timeout', policyTimeoutOption)
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON document (instance, decision, objective) instead of the table' })
      , [
        ['mecsim solve topologies/paper-default.json', "the paper's setting"],
        ['mecsim solve topologies/small.json --json > small.json', 'everything needed to recompute the objective'],
      ]),
  handler: async (args) => {
    const topology = loadTopology(args.topology);
    const seed = args.seed === undefined ? topology.seed : parseSeed(args.seed, '--seed');
    const allocator = await resolveAllocator(args.allocator, { baseDir: process.cwd(), builtIn: { topology, source: args.topology, allocatorOptions: parseOptionPairs(args['allocator-option']) }, pluginOptions: parseOptionPairs(args['allocator-option']), policyTimeoutS: policyTimeout(args['policy-timeout']), checkFeasibility: true });
    const world = buildWorld(topology, seed, args.topology);
    const snapshot = weightScalesChecked(() => snapshotOf(world), args.topology);
    const started = process.hrtime.bigint();
    let result;
    try {
      result = await closingAfter(allocator, () => allocator.decide(snapshot, { streams: new RandomStreams(seed) }), (r) => ({ objective: evaluate(snapshot, r.decision).totals }));
    } catch (err) {
      // An allocator refusing the instance (exhaustive search on a large one) is a usage error.
      if (err instanceof RangeError) throw new InputError('--allocator', undefined, `${allocator.name}: ${err.message}`);
      throw err;
    }
    const solveS = Number(process.hrtime.bigint() - started) / 1e9;
    if (args.json) {
      const b = evaluate(snapshot, result.decision);
      const doc = {
        mecsim: version(),
        topology: topology.name,
        seed,
        allocator: allocator.name,
        instance: instanceJson(snapshot),
        decision: result.decision,
        objective: { total: b.totals.total, terms: b.weighted, totals: b.totals, perUser: b.perUser },
        trace: result.trace,
      };
      process.stdout.write(`${JSON.stringify(doc, null, 1)}\n`);
      return;
    }
    process.stdout.write(
      `${topology.name}: ${world.users.length} users, ${world.servers.length} servers, seed ${seed}, allocator ${allocator.name} (${result.trace.length} iterations, ${formatNumber(solveS * 1000, 3)} ms)\n\n`,
    );
    process.stdout.write(`${solveReport(snapshot, result.decision)}\n`);
  },
};
