import { resolveSimulation } from '../scenario/simulate.js';
import { PointTopologies } from './derived.js';
import type { CampaignPlan } from './plan.js';

/**
 * What a run is expected to cost, in arbitrary units, so that a campaign's
 * time left can weigh the runs still to do against those done: a
 * simulation's events grow with its users and its horizon (users ×
 * horizon); one allocation (kind solve) with its users.
 */
export function expectedCosts(plan: CampaignPlan): number[] {
  const points = new PointTopologies(plan.definition.topology, plan.baseDir);
  return plan.runs.map((run) => {
    const users = points.of(run.spec.overrides).totalUsers;
    if (run.spec.kind === 'solve') return users;
    const horizonS = resolveSimulation({ topology: points.topology(run.spec.overrides), horizonS: run.spec.horizonS ?? undefined }).horizonS;
    return users * horizonS;
  });
}
