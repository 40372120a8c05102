import { fileURLToPath } from 'node:url';
import { allocatorByName } from '../allocation/allocators.js';
import { lpSolverVersion } from '../allocation/lp-solver.js';
import { evaluate } from '../allocation/objective.js';
import { RandomStreams } from '../engine/random.js';
import { meanConfidenceInterval } from '../metrics/stats.js';
import { OutputFolder } from '../io/output-folder.js';
import { renderVegaLiteSvg, type VegaLiteSpec } from '../report/plot.js';
import { buildWorld, snapshotOf } from '../scenario/build.js';
import { loadTopology } from '../scenario/load.js';
import type { Topology } from '../scenario/schema.js';

/**
 * `mecsim reproduce`: the experiments behind Figures 2–5 of Liu and Zhao,
 * MobiHoc 2024 (docs/validation.md), on the paper's preset
 * (topologies/paper-default.json), each point over `seeds` independent
 * instances (seeds 1..S: positions and hardware redrawn), written as CSV
 * tables of means with 95% Student-t intervals and as SVG plots.
 *
 * - fig2-split: collaborative (`proposed`) against `edge-only` and
 *   `local-only`, 10..50 users on 10 servers.
 * - fig3-weights: each raw weight from 1 to 10 (the other two at 1, then
 *   normalised), `proposed` against `alternating`, `alpha-only` and
 *   `resource-only`, 50 users on 10 servers.
 * - fig4-convergence: the objective of `proposed` per outer iteration, 100
 *   users on 2..10 servers.
 * - fig5-association: `proposed` against `greedy-assoc` and `random-assoc`,
 *   20..100 users on 10 servers.
 *
 * Energy, compute delay and uplink airtime are totals over the users per
 * training iteration (J, s, s); stability is the sum of the bounds. Every
 * number is deterministic in the seeds.
 */

export interface ReproduceOptions {
  /** Instances per point (seeds 1..seeds); at least 2 for an interval. */
  seeds: number;
  /** Fewer points per axis (a smoke test, not the figures). */
  quick?: boolean;
  /** Topology file (default: the packaged paper-default.json). */
  topologyPath?: string;
  /** Progress messages (to stderr in the CLI). */
  progress?: (message: string) => void;
}

export interface ReproduceSummary {
  folder: string;
  files: string[];
  solves: number;
}

/** One solve's measurements. */
interface Measure {
  energyJ: number;
  delayS: number;
  airtimeS: number;
  stability: number;
  objective: number;
  meanAlpha: number;
  outerIterations: number;
}

const METRICS = ['energyJ', 'delayS', 'airtimeS', 'stability', 'objective', 'meanAlpha', 'outerIterations'] as const;
type Metric = (typeof METRICS)[number];

export function defaultTopologyPath(): string {
  return fileURLToPath(new URL('../../topologies/paper-default.json', import.meta.url));
}

function withCounts(t: Topology, users: number, servers: number): Topology {
  return {
    ...t,
    users: [{ ...t.users[0], count: users }, ...t.users.slice(1)],
    servers: [{ ...t.servers[0], count: servers }, ...t.servers.slice(1)],
  };
}

function measure(topology: Topology, seed: number, allocator: string): { m: Measure; trace: number[] } {
  const snapshot = snapshotOf(buildWorld(topology, seed));
  const r = allocatorByName(allocator).decide(snapshot, { streams: new RandomStreams(seed) });
  const e = evaluate(snapshot, r.decision);
  const alphas = r.decision.users.map((u) => u.alpha);
  return {
    m: {
      energyJ: e.totals.energyJ,
      delayS: e.totals.computeDelayS,
      airtimeS: e.totals.airtimeS,
      stability: e.totals.stability,
      objective: e.totals.total,
      meanAlpha: alphas.reduce((a, b) => a + b, 0) / alphas.length,
      outerIterations: r.trace.length - 1,
    },
    trace: r.trace,
  };
}

/** A summary row: the point's keys, then mean and interval of one metric. */
type SummaryRow = Record<string, string | number>;

function summarise(keys: Record<string, string | number>, metric: string, values: number[]): SummaryRow {
  const finite = values.every(Number.isFinite);
  const ci = finite ? meanConfidenceInterval(values) : undefined;
  return {
    ...keys,
    metric,
    mean: ci ? ci.mean : values.some((v) => v === Infinity) ? Infinity : NaN,
    ci95: ci ? ci.halfWidth : NaN,
    lower: ci ? ci.lower : NaN,
    upper: ci ? ci.upper : NaN,
    seeds: values.length,
  };
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Mean with 95% error bars per x, one line per series. */
function lineSpec(o: {
  title: string;
  rows: SummaryRow[];
  x: string;
  xTitle: string;
  yTitle: string;
  series: string;
  logY?: boolean;
  width?: number;
}): VegaLiteSpec {
  const scale = o.logY ? { type: 'log' as const } : { zero: false };
  const y = { field: 'mean', type: 'quantitative' as const, title: o.yTitle, scale };
  return {
    $schema: SCHEMA,
    title: o.title,
    width: o.width ?? 320,
    height: 220,
    data: { values: o.rows.filter((r) => Number.isFinite(r.mean as number)) },
    encoding: {
      x: { field: o.x, type: 'quantitative', title: o.xTitle },
      color: { field: o.series, type: 'nominal', title: o.series },
    },
    layer: [
      { mark: { type: 'line', point: true }, encoding: { y } },
      { mark: { type: 'rule' }, encoding: { y: { field: 'lower', type: 'quantitative', scale }, y2: { field: 'upper' } } },
    ],
  } as VegaLiteSpec;
}

function side(specs: VegaLiteSpec[], title: string): VegaLiteSpec {
  return { $schema: SCHEMA, title, hconcat: specs.map(({ $schema: _, ...rest }) => rest) } as unknown as VegaLiteSpec;
}

export async function reproduce(outPath: string, options: ReproduceOptions): Promise<ReproduceSummary> {
  const S = options.seeds;
  if (!(Number.isInteger(S) && S >= 2)) throw new RangeError(`--seeds must be a whole number >= 2 (an interval needs two), got ${S}`);
  const quick = options.quick ?? false;
  const say = options.progress ?? (() => undefined);
  const topologyPath = options.topologyPath ?? defaultTopologyPath();
  const base = loadTopology(topologyPath);
  const seeds = Array.from({ length: S }, (_, i) => i + 1);
  const folder = new OutputFolder(outPath, 'reproduce');
  const files: string[] = [];
  let solves = 0;
  try {
    const runColumns = ['figure', 'x', 'series', 'seed', ...METRICS] as const;
    const runs = folder.csv('runs.csv', runColumns);
    const sweep = (figure: string, xs: number[], series: string[], make: (x: number, s: string) => { topology: Topology; allocator: string }, xName: string, seriesName: string): SummaryRow[] => {
      const rows: SummaryRow[] = [];
      for (const x of xs) {
        for (const s of series) {
          const { topology, allocator } = make(x, s);
          const per: Record<Metric, number[]> = Object.fromEntries(METRICS.map((k) => [k, [] as number[]])) as unknown as Record<Metric, number[]>;
          for (const seed of seeds) {
            const { m } = measure(topology, seed, allocator);
            solves++;
            runs.write({ figure, x, series: s, seed, ...m });
            for (const k of METRICS) per[k].push(m[k]);
          }
          for (const k of METRICS) rows.push(summarise({ [xName]: x, [seriesName]: s }, k, per[k]));
        }
        say(`${figure}: ${xName} = ${x} done`);
      }
      return rows;
    };
    const writeSummary = (name: string, rows: SummaryRow[]): void => {
      const columns = Object.keys(rows[0]);
      const w = folder.csv(name, columns);
      for (const r of rows) w.write(r);
      files.push(name);
    };
    const plot = async (name: string, spec: VegaLiteSpec): Promise<void> => {
      folder.writeText(name, await renderVegaLiteSvg(spec));
      files.push(name);
    };
    const pick = (rows: SummaryRow[], metric: string, extra: (r: SummaryRow) => boolean = () => true): SummaryRow[] => rows.filter((r) => r.metric === metric && extra(r));

    // Figure 2: collaborative against edge-only and local-only.
    const users2 = quick ? [10, 50] : [10, 20, 30, 40, 50];
    const fig2 = sweep('fig2-split', users2, ['proposed', 'edge-only', 'local-only'], (n, a) => ({ topology: withCounts(base, n, 10), allocator: a }), 'users', 'method');
    writeSummary('fig2-split.csv', fig2);
    await plot(
      'fig2-split.svg',
      side(
        [
          lineSpec({ title: 'Energy per training iteration', rows: pick(fig2, 'energyJ'), x: 'users', xTitle: 'users', yTitle: 'total energy (J)', series: 'method', logY: true }),
          lineSpec({ title: 'Compute delay per training iteration', rows: pick(fig2, 'delayS'), x: 'users', xTitle: 'users', yTitle: 'total compute delay (s)', series: 'method', logY: true }),
        ],
        'Fig. 2: split learning against edge-only and local-only (10 servers)',
      ),
    );

    // Figure 3: every weight from 1 to 10 against the three optimisation baselines.
    const values3 = quick ? [1, 10] : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const methods3 = ['proposed', 'alternating', 'alpha-only', 'resource-only'];
    const fig3: SummaryRow[] = [];
    for (const weight of ['time', 'energy', 'stability'] as const) {
      const rows = sweep(
        `fig3-${weight}`,
        values3,
        methods3,
        (v, a) => ({ topology: { ...withCounts(base, 50, 10), weights: { ...base.weights, [weight]: v } }, allocator: a }),
        'weight',
        'method',
      );
      fig3.push(...rows.map((r) => ({ varied: weight, ...r })));
      await plot(
        `fig3-${weight}-weight.svg`,
        side(
          (['energyJ', 'delayS', 'stability'] as const).map((metric) =>
            lineSpec({
              title: { energyJ: 'energy (J)', delayS: 'compute delay (s)', stability: 'stability bound' }[metric],
              rows: pick(rows, metric),
              x: 'weight',
              xTitle: `raw ${weight} weight`,
              yTitle: { energyJ: 'total energy (J)', delayS: 'total compute delay (s)', stability: 'sum of stability bounds' }[metric],
              series: 'method',
              logY: true,
              width: 240,
            }),
          ),
          `Fig. 3: ${weight} weight from 1 to 10 (others 1), 50 users, 10 servers`,
        ),
      );
    }
    writeSummary('fig3-weights.csv', fig3);

    // Figure 4: convergence of the association, 100 users.
    const servers4 = quick ? [2, 10] : [2, 4, 6, 8, 10];
    const conv: SummaryRow[] = [];
    const iterRows: SummaryRow[] = [];
    for (const M of servers4) {
      const traces: number[][] = [];
      for (const seed of seeds) {
        const { m, trace } = measure(withCounts(base, 100, M), seed, 'proposed');
        solves++;
        runs.write({ figure: 'fig4-convergence', x: M, series: 'proposed', seed, ...m });
        traces.push(trace.map((h) => h / trace[0]));
      }
      const longest = Math.max(...traces.map((t) => t.length));
      // A run that stopped keeps its last value (it has converged).
      for (let k = 0; k < longest; k++) conv.push(summarise({ servers: M, iteration: k }, 'objectiveRelative', traces.map((t) => t[Math.min(k, t.length - 1)])));
      iterRows.push(summarise({ servers: M }, 'outerIterations', traces.map((t) => t.length - 1)));
      say(`fig4-convergence: ${M} servers done`);
    }
    writeSummary('fig4-convergence.csv', conv);
    writeSummary('fig4-iterations.csv', iterRows);
    await plot(
      'fig4-convergence.svg',
      lineSpec({
        title: 'Fig. 4: objective of proposed per outer iteration, relative to the first (100 users)',
        rows: conv.map((r) => ({ ...r, servers: `${r.servers} servers` })),
        x: 'iteration',
        xTitle: 'outer iteration',
        yTitle: 'objective / objective at iteration 0',
        series: 'servers',
        width: 420,
      }),
    );

    // Figure 5: association against greedy and random.
    const users5 = quick ? [20, 100] : [20, 40, 60, 80, 100];
    const fig5 = sweep('fig5-association', users5, ['proposed', 'greedy-assoc', 'random-assoc'], (n, a) => ({ topology: withCounts(base, n, 10), allocator: a }), 'users', 'method');
    writeSummary('fig5-association.csv', fig5);
    await plot(
      'fig5-association.svg',
      side(
        [
          lineSpec({ title: 'Energy per training iteration', rows: pick(fig5, 'energyJ'), x: 'users', xTitle: 'users', yTitle: 'total energy (J)', series: 'method', logY: true }),
          lineSpec({ title: 'Compute delay per training iteration', rows: pick(fig5, 'delayS'), x: 'users', xTitle: 'users', yTitle: 'total compute delay (s)', series: 'method' }),
          lineSpec({ title: 'Objective', rows: pick(fig5, 'objective'), x: 'users', xTitle: 'users', yTitle: 'objective (normalised weights)', series: 'method', logY: true }),
        ],
        'Fig. 5: proposed association against greedy and random (10 servers)',
      ),
    );

    files.push('runs.csv');
    folder.writeJson('reproduce.json', {
      experiments: 'Figures 2-5 of Liu and Zhao, MobiHoc 2024 (docs/validation.md)',
      topology: base.name,
      seeds,
      quick,
      solver: `HiGHS ${lpSolverVersion()}`,
      solves,
      files: [...files].sort(),
    });
    files.push('reproduce.json');
    folder.commit();
  } catch (err) {
    folder.abort();
    throw err;
  }
  return { folder: folder.finalPath, files: files.sort(), solves };
}
