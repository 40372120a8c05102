import { bestIntegerAlpha } from './blocks.js';
import { deviceTerms, edgeTerms, evaluate, perLayer } from './objective.js';
import { alternateWithAssociation, cccpStep, type AllocatorOptions, type InnerSolver } from './outer-loop.js';
import { alphaBounds, sendingAlphaMax } from './split-limits.js';
import type { Allocator, Decision, Snapshot } from './types.js';

/** One user's random resources: power and device frequency, and weights whose shares within a server are flat-Dirichlet. */
interface RandomResources {
  txPowerW: number;
  freqHz: number;
  bandWeight: number;
  gpuWeight: number;
}

/**
 * Split optimised, resources at random (docs/model.md, section 6). Each
 * user draws, from its stream `alloc/alpha-only/u<n>`, a power and a device
 * frequency uniform in (0, max] and two Exp(1) weights; a server's
 * bandwidth and GPU are shared in proportion to its users' weights, which
 * makes the shares flat-Dirichlet whatever the association. Then each
 * user's alpha is the exact integer optimum given its resources. Users are
 * associated as by the proposed algorithm.
 */
export function alphaOnlyAllocator(options: AllocatorOptions = {}): Allocator {
  return {
    name: 'alpha-only',
    decide(snapshot, context) {
      const draws: RandomResources[] = snapshot.users.map((u, n) => {
        const s = context.streams.stream(`alloc/alpha-only/u${n}`);
        return {
          txPowerW: u.maxTxPowerW * (1 - s.next()),
          freqHz: u.maxFreqHz * (1 - s.next()),
          bandWeight: s.exponential(1),
          gpuWeight: s.exponential(1),
        };
      });
      const inner: InnerSolver = (association) => {
        const decision = alphaOnlyDecision(snapshot, association, draws);
        return { decision, objective: evaluate(snapshot, decision).totals.total };
      };
      const r = alternateWithAssociation(snapshot, context, inner, cccpStep(context, 'alloc/alpha-only/cccp-starts', options), options);
      return { decision: r.decision, trace: r.trace };
    },
  };
}

function alphaOnlyDecision(snapshot: Snapshot, association: readonly number[], draws: RandomResources[]): Decision {
  const M = snapshot.servers.length;
  const band = new Array<number>(M).fill(0);
  const gpu = new Array<number>(M).fill(0);
  association.forEach((m, n) => {
    band[m] += draws[n].bandWeight;
    gpu[m] += draws[n].gpuWeight;
  });
  return {
    users: association.map((m, n) => {
      const s = snapshot.servers[m];
      const d = draws[n];
      const serverFreqHz = (s.maxFreqHz * d.gpuWeight) / gpu[m];
      const dev = deviceTerms(snapshot, n);
      const edge = edgeTerms(snapshot, n, m);
      const alpha = bestIntegerAlpha(snapshot.layers, perLayer(dev.aU, dev.bU, d.freqHz), perLayer(edge.aE, edge.bE, serverFreqHz), dev.stab, alphaBounds(snapshot, n).lo, sendingAlphaMax(snapshot, n));
      return { alpha, server: m, txPowerW: d.txPowerW, bandwidthHz: (s.bandwidthHz * d.bandWeight) / band[m], freqHz: d.freqHz, serverFreqHz };
    }),
  };
}
