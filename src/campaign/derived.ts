import type { Topology } from '../scenario/schema.js';
import { resolveTopology } from './execute.js';
import type { Override } from './spec.js';

/**
 * Columns a campaign's tables derive from each point's topology rather
 * than from its overrides: `users.total` and `servers.total`, the sum of
 * every group's count. A sweep that moves two user groups together (or one
 * group beside a fixed one) can then be plotted against the number of
 * users the runs really had (`mecsim plot --x users.total`).
 */

export const DERIVED_COLUMNS = ['users.total', 'servers.total'] as const;
export type DerivedColumn = (typeof DERIVED_COLUMNS)[number];

/** Users and servers of a topology, over all their groups. */
export function groupTotals(topology: Pick<Topology, 'users' | 'servers'>): Record<DerivedColumn, number> {
  const sum = (groups: ReadonlyArray<{ count: number }>): number => groups.reduce((s, g) => s + g.count, 0);
  return { 'users.total': sum(topology.users), 'servers.total': sum(topology.servers) };
}

/**
 * The derived columns of each point of a campaign, by the point's overrides
 * as canonical text; each point's topology is read and validated once.
 */
export class DerivedColumns {
  private readonly cache = new Map<string, { topology: Topology; totals: Record<DerivedColumn, number> }>();

  constructor(
    private readonly topologyFile: string,
    private readonly baseDir: string,
  ) {}

  private entry(overrides: readonly Override[]): { topology: Topology; totals: Record<DerivedColumn, number> } {
    const id = JSON.stringify(overrides);
    let e = this.cache.get(id);
    if (e === undefined) {
      const { topology } = resolveTopology({ topology: this.topologyFile, overrides: [...overrides] }, this.baseDir);
      e = { topology, totals: groupTotals(topology) };
      this.cache.set(id, e);
    }
    return e;
  }

  of(overrides: readonly Override[]): Record<DerivedColumn, number> {
    return this.entry(overrides).totals;
  }

  /** The point's topology, as its runs see it. */
  topology(overrides: readonly Override[]): Topology {
    return this.entry(overrides).topology;
  }
}
