/**
 * One definition of an epoch's predicted objective and realised cost for
 * every scheduler and every epoch of a run (docs/simulation.md, Epoch
 * records): priced with the weights of the run's first allocator call, and
 * with the whole stay at the edge server as the edge time.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/allocation/objective.js';
import type { Allocator, Weights } from '../../src/allocation/types.js';
import { referenceAllocation } from '../../src/allocation/weights.js';
import type { EpochRecord, IterationRecord } from '../../src/metrics/recorders.js';
import { parseTopology } from '../../src/scenario/load.js';
import type { Topology } from '../../src/scenario/schema.js';
import { runSimulation, type AllocationCall } from '../../src/scenario/simulate.js';
import { edgeSchedulerNames } from '../../src/system/schedulers/registry.js';

/** A decision that ignores the weights: the reference allocation (strongest server, alpha = 1, equal shares). */
const reference: Allocator = { name: 'reference', decide: (snapshot) => ({ decision: referenceAllocation(snapshot), trace: [] }) };

/**
 * Two servers and eight static users with Poisson jobs: the set of users
 * with work changes from one epoch to the next, and jobs queue at the
 * servers. Edge service of about 0.15 s against 0.1 s on the device.
 */
function contended(weights: Weights & { normalise: boolean }, policy: string): Topology {
  return parseTopology(
    JSON.stringify({
      format: 'mecsim-topology',
      version: 1,
      name: 'contended',
      seed: 5,
      area: { widthM: 200, heightM: 200 },
      llm: { preset: 'gpt2-small', batchSize: 1, lipschitz: 1 },
      weights,
      radio: { noiseDbmPerHz: -174, pathLoss: { model: 'free-space' } },
      servers: [
        {
          name: 'gpu',
          count: 2,
          placement: { kind: 'listed', positions: [{ xM: 50, yM: 100 }, { xM: 150, yM: 100 }] },
          hardware: { gpuCores: 1000, flopsPerCycle: 1, maxFreqHz: 1e9, kappa: 1e-27, bandwidthHz: 1e9 },
        },
      ],
      users: [
        {
          name: 'u',
          count: 8,
          placement: { kind: 'random' },
          hardware: { gpuCores: 1000, flopsPerCycle: 1, maxFreqHz: 1e9, kappa: 1e-27, maxTxPowerW: 1 },
          data: { tokensPerSample: { uniformInt: [128, 512] }, samples: 1000 },
          jobs: { arrivals: { kind: 'poisson', ratePerS: 0.4 }, iterationsPerJob: { uniformInt: [1, 3] } },
        },
      ],
      simulation: { horizonS: 60, epochS: 5, users: 'active', scheduler: { policy }, pipeline: 'lumped' },
    }),
    'test topology',
  );
}

interface Run {
  calls: AllocationCall[];
  epochs: EpochRecord[];
  iterations: IterationRecord[];
}

async function run(topology: Topology): Promise<Run> {
  const out: Run = { calls: [], epochs: [], iterations: [] };
  await runSimulation({
    topology,
    allocatorObject: reference,
    onAllocation: (c) => out.calls.push(c),
    onEpoch: (e) => out.epochs.push(e),
    onIteration: (r) => out.iterations.push(r),
  });
  return out;
}

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe("an epoch's predicted objective and realised cost", () => {
  it('are on the scale of the run: normalised weights give the numbers of raw weights fixed at the first call', async () => {
    const normalised = await run(contended({ time: 1, energy: 1, stability: 1, normalise: true }, 'fcfs'));
    const sets = new Set(normalised.calls.map((c) => c.users.join(',')));
    expect(sets.size, 'the active users change between epochs').toBeGreaterThan(2);
    // The normalisation depends on who is in a snapshot: the weights move from call to call.
    const first = normalised.calls[0].snapshot.weights;
    expect(normalised.calls.some((c) => rel(c.snapshot.weights.time, first.time) > 1e-3)).toBe(true);
    const fixed = await run(contended({ ...first, normalise: false }, 'fcfs'));
    expect(fixed.epochs.length).toBe(normalised.epochs.length);
    expect(fixed.epochs.length).toBeGreaterThan(5);
    fixed.epochs.forEach((e, k) => {
      const f = normalised.epochs[k];
      expect(rel(f.predictedObjective, e.predictedObjective), `epoch ${k}`).toBeLessThan(1e-12);
      if (e.iterations > 0) expect(rel(f.realisedCost, e.realisedCost), `epoch ${k}`).toBeLessThan(1e-12);
    });
  });

  for (const policy of edgeSchedulerNames) {
    it(`under ${policy}, count the whole stay at the edge server, waiting included`, async () => {
      const r = await run(contended({ time: 1, energy: 1, stability: 1, normalise: true }, policy));
      const w = r.calls[0].snapshot.weights;
      // Rebuilt from each iteration's end-to-end delay minus what the objective does not charge (waiting on the device, the air).
      const waited = r.iterations.reduce((s, it) => s + it.edgeWaitS, 0);
      if (policy === 'fcfs' || policy === 'srpt') expect(waited, 'jobs queued at the servers').toBeGreaterThan(0);
      for (const e of r.epochs.filter((x) => x.iterations > 0)) {
        const call = r.calls.find((c) => c.index === e.index)!;
        const bounds = evaluate({ ...call.snapshot, weights: w }, call.decision).perUser;
        const perUser = new Map<number, number[]>();
        for (const it of r.iterations.filter((x) => x.epoch === e.index)) {
          const timeS = it.totalDelayS - it.deviceWaitS - it.uplinkS - it.downlinkS;
          const cost = w.time * timeS + w.energy * (it.deviceComputeJ + it.txJ + it.edgeJ);
          perUser.set(it.user, [...(perUser.get(it.user) ?? []), cost]);
        }
        let expected = 0;
        for (const [user, costs] of perUser) expected += costs.reduce((a, b) => a + b, 0) / costs.length + w.stability * bounds[call.users.indexOf(user)].stabilityBound;
        expect(rel(e.realisedCost, expected), `epoch ${e.index}`).toBeLessThan(1e-9);
      }
    });
  }
});
