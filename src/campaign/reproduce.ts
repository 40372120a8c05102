import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lpSolverVersion } from '../allocation/lp-solver.js';
import { formatJson } from '../metrics/writers.js';
import { openOwnedFolder } from '../io/owned-folder.js';
import { writeFileAtomic } from '../io/temporaries.js';
import { loadTopology } from '../scenario/load.js';
import { readCampaignFolder } from './folder.js';
import { planSweep } from './plan.js';
import { writeDeclaredFigures } from './plots.js';
import { expectedCosts } from './run-cost.js';
import { runCampaign, type Progress } from './runner.js';
import { loadSweepFile, type SweepFile } from './sweep-file.js';

/**
 * `mecsim reproduce`: the sweeps behind Figures 2–5 of Liu and Zhao,
 * MobiHoc 2024 (docs/validation.md). Each figure is a sweep file under
 * studies/paper/ with the plots it declares; this command only adapts the
 * files to its options (seeds, quick, topology), runs them as campaigns in
 * `<out>/campaigns/<study>/` (resumable, like any sweep) and copies each
 * campaign's tables (summary as CSV and JSON, every run as CSV) and figures
 * (SVG and PDF) to the top of `<out>`.
 */

export const PAPER_STUDIES = ['fig2-split', 'fig3-time-weight', 'fig3-energy-weight', 'fig3-stability-weight', 'fig4-convergence', 'fig5-association'] as const;

/** Written first and last: marks the folder as one this command may write into. */
const RECORD = 'reproduce.json';

export interface ReproduceOptions {
  /** Instances per point (seeds 1..seeds); at least 2 for an interval. */
  seeds: number;
  /** The first and last value of each swept field only (a smoke test, not the figures). */
  quick?: boolean;
  /** Topology file instead of the studies' own (topologies/paper-default.json). */
  topologyPath?: string;
  /** Worker threads (default: the core count; 0: this thread). */
  workers?: number;
  /** Progress messages (to stderr in the CLI). */
  progress?: (message: string) => void;
  /** Runs done over all the studies, as one campaign's progress (the CLI's bar). */
  onProgress?: (p: Progress) => void;
}

export interface ReproduceSummary {
  folder: string;
  /** Files at the top of the folder. */
  files: string[];
  solves: number;
  /** Of `solves`, how many ran now (the others were found finished). */
  ran: number;
}

export function paperStudyFile(name: string): string {
  return fileURLToPath(new URL(`../../studies/paper/${name}.json`, import.meta.url));
}

/** A study file adapted to the options: seeds 1..S, the quick grid, another topology. */
export function adaptStudy(sweep: SweepFile, options: ReproduceOptions): SweepFile {
  const ends = <T>(values: T[]): T[] => (values.length <= 2 ? values : [values[0], values[values.length - 1]]);
  const grid = sweep.grid === undefined || !options.quick ? sweep.grid : Object.fromEntries(Object.entries(sweep.grid).map(([f, v]) => [f, ends(v)]));
  return {
    ...sweep,
    grid,
    seeds: Array.from({ length: options.seeds }, (_, i) => i + 1),
    topology: options.topologyPath === undefined ? sweep.topology : path.resolve(options.topologyPath),
  };
}

/**
 * The folder must be new, empty, or one this command wrote: it carries
 * mecsim's marker, or (written before markers existed) reproduce.json.
 */
function claimFolder(out: string): void {
  openOwnedFolder(out, 'reproduce', { adopt: (dir) => fs.existsSync(path.join(dir, RECORD)) });
}

export async function reproduce(outPath: string, options: ReproduceOptions): Promise<ReproduceSummary> {
  const S = options.seeds;
  if (!(Number.isInteger(S) && S >= 2)) throw new RangeError(`--seeds must be a whole number >= 2 (an interval needs two), got ${S}`);
  const say = options.progress ?? (() => undefined);
  const out = path.resolve(outPath);
  const studies = PAPER_STUDIES.map((name) => {
    const file = paperStudyFile(name);
    const sweep = adaptStudy(loadSweepFile(file), options);
    return { name, sweep, plan: planSweep(sweep, file) };
  });
  claimFolder(out);
  fs.mkdirSync(out, { recursive: true });
  const topologyFile = path.resolve(studies[0].plan.baseDir, studies[0].sweep.topology);
  const record = {
    experiments: 'Figures 2-5 of Liu and Zhao, MobiHoc 2024 (docs/validation.md)',
    studies: studies.map((s) => `studies/paper/${s.name}.json`),
    topology: loadTopology(topologyFile).name,
    seeds: studies[0].plan.definition.seeds,
    quick: options.quick ?? false,
    solver: `HiGHS ${lpSolverVersion()}`,
  };
  writeFileAtomic(path.join(out, RECORD), formatJson({ ...record, complete: false }));
  const files: string[] = [];
  let solves = 0;
  let ran = 0;
  // One progress over every study: the studies before the current one count as done.
  const costs = studies.map((s) => expectedCosts(s.plan));
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  const whole = { total: sum(studies.map((s) => s.plan.runs.length)), costTotal: sum(costs.map(sum)) };
  const before = { done: 0, skipped: 0, costDone: 0, costSkipped: 0 };
  for (const [i, { name, sweep, plan }] of studies.entries()) {
    const dir = path.join(out, 'campaigns', name);
    let last: Progress | undefined;
    const onProgress = (p: Progress): void => {
      last = p;
      options.onProgress?.({ ...whole, done: before.done + p.done, skipped: before.skipped + p.skipped, costDone: before.costDone + p.costDone, costSkipped: before.costSkipped + p.costSkipped });
    };
    const outcome = await runCampaign(plan, { outDir: dir, workers: options.workers, costs: costs[i], onProgress });
    if (last !== undefined) {
      before.done += last.done;
      before.skipped += last.skipped;
      before.costDone += last.costDone;
      before.costSkipped += last.costSkipped;
    }
    solves += plan.runs.length;
    ran += outcome.ran;
    say(`${name}: ${plan.runs.length} solves, ${outcome.skipped} already done`);
    for (const [table, copy] of [['summary.csv', `${name}.csv`], ['summary.json', `${name}.json`], ['results.csv', `${name}-runs.csv`]]) {
      writeFileAtomic(path.join(out, copy), fs.readFileSync(path.join(dir, table)));
      files.push(copy);
    }
    files.push(...(await writeDeclaredFigures(readCampaignFolder(dir), sweep.plots ?? [], out)));
  }
  files.sort();
  writeFileAtomic(path.join(out, RECORD), formatJson({ ...record, solves, files }));
  return { folder: out, files: [...files, RECORD].sort(), solves, ran };
}
