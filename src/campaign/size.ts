import path from 'node:path';
import { InputError } from '../engine/input-error.js';
import { checkResources, estimateRun, type ResourceLimits } from '../scenario/limits.js';
import { resolveSimulation } from '../scenario/simulate.js';
import { resolveTopology } from './execute.js';
import type { CampaignPlan } from './plan.js';

/*
 * The size of a campaign, judged before anything is expanded or run: the
 * number of runs is a product of list lengths, computed by multiplication,
 * so a grid of 1.6e9 points or a range of 1e8 seeds is refused without
 * building a single array of that length.
 */

/** Most runs one campaign may have: its plan, results and tables are held in memory. */
export const MAX_RUNS = 1e6;

/** Refuses a campaign of more than MAX_RUNS runs; `factors` are the list lengths it crosses, by the field that sets each. */
export function checkRunCount(factors: ReadonlyArray<readonly [field: string, count: number]>, source: string): void {
  const total = factors.reduce((p, [, n]) => p * n, 1);
  if (total <= MAX_RUNS) return;
  const largest = [...factors].sort((a, b) => b[1] - a[1])[0];
  const product = factors.map(([f, n]) => `${n} ${f}`).join(' x ');
  throw new InputError(source, largest[0], `the campaign would have ${total.toExponential(2)} runs (${product}); at most ${MAX_RUNS} fit in one campaign: use fewer values, or split it into several sweep files`);
}

/**
 * Refuses a campaign of kind `run` whose runs, together, cannot fit on the
 * output's disk, or one of which cannot fit in memory (times the workers
 * running side by side) or finish in a day; the message names the option
 * that raises the limit.
 */
export function checkCampaignResources(plan: CampaignPlan, limits: ResourceLimits, workers: number): void {
  if (plan.kind !== 'run') return;
  const runsPerPoint = plan.definition.allocators.length * plan.definition.schedulers.length * plan.definition.seeds.length;
  let outputBytes = 0;
  let worst: { estimate: ReturnType<typeof estimateRun>; source: string } | undefined;
  const fields = plan.fields;
  for (const point of plan.definition.points) {
    const overrides = fields.map((f) => [f, point[f]] as const);
    const { topology, source } = resolveTopology({ topology: plan.definition.topology, overrides }, plan.baseDir);
    const estimate = estimateRun(topology, resolveSimulation({ topology, horizonS: plan.definition.horizonS ?? undefined }));
    outputBytes += estimate.outputBytes * runsPerPoint;
    if (worst === undefined || estimate.memoryBytes > worst.estimate.memoryBytes || estimate.events > worst.estimate.events) worst = { estimate, source };
  }
  if (worst === undefined) return;
  const parallel = Math.max(1, Math.min(workers, plan.runs.length));
  const combined = { ...worst.estimate, memoryBytes: worst.estimate.memoryBytes * parallel, outputBytes };
  checkResources(combined, worst.source, { ...limits, outDir: limits.outDir === undefined ? undefined : path.resolve(limits.outDir) }, 1);
}
