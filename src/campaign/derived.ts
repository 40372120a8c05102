import fs from 'node:fs';
import path from 'node:path';
import type { Topology } from '../scenario/schema.js';
import { resolveTopology } from './execute.js';
import type { Override, RunResult } from './spec.js';

/**
 * Columns a campaign's tables derive from each point's topology rather
 * than from its overrides: `totalUsers` and `totalServers`, the sum of
 * every group's count. A sweep that moves two user groups together (or one
 * group beside a fixed one) can then be plotted against the number of
 * users the runs really had (`mecsim plot --x totalUsers`). They are
 * the last columns of results.csv, summary.csv and differences.csv.
 */

export const DERIVED_COLUMNS = ['totalUsers', 'totalServers'] as const;
export type DerivedColumn = (typeof DERIVED_COLUMNS)[number];

/** Users and servers of a topology, over all their groups. */
export function groupTotals(topology: Pick<Topology, 'users' | 'servers'>): Record<DerivedColumn, number> {
  const sum = (groups: ReadonlyArray<{ count: number }>): number => groups.reduce((s, g) => s + g.count, 0);
  return { totalUsers: sum(topology.users), totalServers: sum(topology.servers) };
}

/**
 * The derived columns of a finished run, from what the run itself
 * recorded, so that a campaign folder needs no topology file to have them
 * (a merged or copied folder gives the same tables): a solve's `users` and
 * `servers` metrics, or the scenario in a simulation's run.json. Null when
 * neither is there.
 */
export function runTotals(result: Pick<RunResult, 'metrics' | 'folder'>, campaignDir: string): Record<DerivedColumn, number | null> {
  const { users, servers } = result.metrics;
  if (Number.isFinite(users) && Number.isFinite(servers)) return { totalUsers: users, totalServers: servers };
  if (typeof result.folder === 'string' && result.folder !== '') {
    const file = path.join(campaignDir, result.folder, 'run.json');
    if (fs.existsSync(file)) {
      const scenario = (JSON.parse(fs.readFileSync(file, 'utf8')) as { scenario?: Pick<Topology, 'users' | 'servers'> }).scenario;
      if (scenario !== undefined) return groupTotals(scenario);
    }
  }
  return { totalUsers: null, totalServers: null };
}

/**
 * The derived columns of each point of a campaign from its topology file,
 * by the point's overrides; each point's topology is read and validated
 * once. For planning (a run's expected cost), when the file is at hand.
 */
export class PointTopologies {
  private readonly cache = new Map<string, Topology>();

  constructor(
    private readonly topologyFile: string,
    private readonly baseDir: string,
  ) {}

  /** The point's topology, as its runs see it. */
  topology(overrides: readonly Override[]): Topology {
    const id = JSON.stringify(overrides);
    let t = this.cache.get(id);
    if (t === undefined) {
      t = resolveTopology({ topology: this.topologyFile, overrides: [...overrides] }, this.baseDir).topology;
      this.cache.set(id, t);
    }
    return t;
  }

  of(overrides: readonly Override[]): Record<DerivedColumn, number> {
    return groupTotals(this.topology(overrides));
  }
}
