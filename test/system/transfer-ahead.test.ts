/**
 * Rates read ahead (transfer-ahead.ts, gain-watch.ts) against one event
 * per rate sample (transfer.ts): the same end instants and airtimes to the
 * bit for any pure rate function, and the same iteration and epoch records
 * on small random worlds, gain-change trigger included.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Simulator } from '../../src/engine/simulator.js';
import type { EpochRecord, IterationRecord } from '../../src/metrics/recorders.js';
import { parseTopology } from '../../src/scenario/load.js';
import { runSimulation, type SimulationResult } from '../../src/scenario/simulate.js';
import { GainWatch } from '../../src/system/gain-watch.js';
import { AheadTransfer, SAMPLES_PER_WALK } from '../../src/system/transfer-ahead.js';
import { Transfer, type TransferResult } from '../../src/system/transfer.js';

/** A pure rate: a hash of the instant, with outages. */
function rateFunction(seed: number, outage: number): (t: number) => number {
  return (t) => {
    const x = Math.sin(t * 12.9898 + seed * 78.233) * 43758.5453;
    const f = x - Math.floor(x);
    return f < outage ? 0 : 1e6 * (0.1 + f);
  };
}

interface Ended extends TransferResult {
  atS: number;
}

function oneTransfer(kind: 'events' | 'ahead', startS: number, bits: number, updateS: number, rate: (t: number) => number, untilS: number): { ended: Ended | undefined; events: number } {
  const sim = new Simulator();
  let ended: Ended | undefined;
  sim.scheduleAt(startS, () => {
    const done = (r: TransferResult): void => {
      ended = { ...r, atS: sim.now };
    };
    if (kind === 'ahead') new AheadTransfer(sim, bits, rate, updateS, done);
    else new Transfer(sim, bits, rate, updateS, false, done);
  });
  sim.run({ until: untilS });
  return { ended, events: sim.executedCount };
}

describe('a transfer read ahead ends where one event per sample ends', () => {
  it('same end instant, duration and airtime to the bit, for random pure rates (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.double({ min: 1, max: 1e8, noNaN: true }),
        fc.double({ min: 1e-4, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        (startS, bits, updateS, seed, outage) => {
          const rate = rateFunction(seed, outage);
          const untilS = startS + 2000 * updateS;
          const a = oneTransfer('ahead', startS, bits, updateS, rate, untilS);
          const e = oneTransfer('events', startS, bits, updateS, rate, untilS);
          expect(a.ended).toEqual(e.ended);
          expect(a.events).toBeLessThanOrEqual(e.events);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('walks a long outage in stretches of SAMPLES_PER_WALK samples, one event each', () => {
    const updateS = 0.01;
    const n = 3 * SAMPLES_PER_WALK + 17;
    // Outage for n samples, then enough rate to finish within one sample.
    const rate = (t: number): number => (t < n * updateS - updateS / 2 ? 0 : 1e9);
    const a = oneTransfer('ahead', 0, 1e3, updateS, rate, 1e3);
    const e = oneTransfer('events', 0, 1e3, updateS, rate, 1e3);
    expect(a.ended).toEqual(e.ended);
    expect(e.events).toBe(n + 2);
    expect(a.events).toBe(1 + 3 + 1);
  });

  it('a transfer that outlasts the run never ends in either mode', () => {
    const a = oneTransfer('ahead', 0, 1e9, 0.1, () => 1, 50);
    const e = oneTransfer('events', 0, 1e9, 0.1, () => 1, 50);
    expect(a.ended).toBeUndefined();
    expect(e.ended).toBeUndefined();
  });
});

/**
 * The gain-change checks of one uplink in isolation: a check that fires
 * asks for a call `gapS` later (none while one is pending), calls also come
 * every `epochS`, and each call changes what the checks see. With one event
 * per sample every sample checks; read ahead, the watch plans the checks.
 * Both must fire at the same instants and make the same calls.
 */
function watchedUplink(kind: 'events' | 'ahead', seed: number, p: number, epochS: number, gapS: number, updateS: number, rate: (t: number) => number, untilS: number): { fired: number[]; calls: number[]; end: number } {
  const sim = new Simulator();
  const fired: number[] = [];
  const calls: number[] = [];
  let version = 0;
  let lastCallS = NaN;
  let pending = false;
  let end = NaN;
  // A call leaves the checks at its own instant with nothing to report, as a fresh reference gain does.
  const moved = (_n: number, t: number): boolean => t !== lastCallS && rateFunction(seed + version, 0)(t) < 1e6 * (0.1 + p);
  const call = (): void => {
    pending = false;
    lastCallS = sim.now;
    version++;
    calls.push(sim.now);
    watch.replan();
  };
  const check = (n: number): void => {
    if (!moved(n, sim.now) || pending) return;
    fired.push(sim.now);
    pending = true;
    sim.schedule(gapS, call, undefined, -1);
  };
  const watch = new GainWatch(sim, { moved, check });
  for (let t = epochS; t <= untilS; t += epochS) sim.scheduleAt(t, call, undefined, -1);
  sim.scheduleAt(0.5, () => {
    const done = (): void => {
      end = sim.now;
    };
    check(0);
    if (kind === 'ahead') watch.add(0, new AheadTransfer(sim, 1e7, rate, updateS, done));
    else
      new Transfer(
        sim,
        1e7,
        (t) => {
          if (t !== 0.5) check(0);
          return rate(t);
        },
        updateS,
        false,
        done,
      );
  });
  sim.run({ until: untilS });
  return { fired, calls, end };
}

describe('the gain-change checks of an uplink read ahead fire where one event per sample fires them', () => {
  it('same firing instants and calls, over random checks, calls and long outages (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.constantFrom(0.7, 3, 20),
        fc.constantFrom(0, 0.05, 1, 5),
        fc.constantFrom(0.001, 0.01, 0.1),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (seed, p, epochS, gapS, updateS, outage) => {
          const rate = rateFunction(seed, outage);
          const untilS = 60;
          const a = watchedUplink('ahead', seed, p, epochS, gapS, updateS, rate, untilS);
          const e = watchedUplink('events', seed, p, epochS, gapS, updateS, rate, untilS);
          expect(a).toEqual(e);
        },
      ),
      { numRuns: 200 },
    );
  });
});

const work = mkdtempSync(join(tmpdir(), 'mecsim-ahead-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface WorldSpec {
  seed: number;
  users: number;
  servers: number;
  rateUpdateS: number;
  gainChangeDb: number;
  minGapS: number;
  epochS: number;
  instantaneous: boolean;
  outageDb: number | undefined;
  fading: 'block' | 'sum-of-sinusoids' | 'none';
  coherenceTimeS: number;
  shadowingSinusoids: number;
  speedMps: number;
  jobRatePerS: number;
  downlink: boolean;
  pipeline: 'lumped' | 'fwd-bwd';
  jobArrival: boolean;
}

/** A small world on a pure channel: a few moving phones, a few sites, a small model so transfers take many samples. */
function worldDoc(s: WorldSpec): Record<string, unknown> {
  const fading =
    s.fading === 'none'
      ? { model: 'none' }
      : s.fading === 'block'
        ? { model: 'rayleigh', correlation: { type: 'block', coherenceTimeS: s.coherenceTimeS } }
        : { model: 'rayleigh', correlation: { type: 'sum-of-sinusoids', sinusoids: 8, dopplerHz: 1 / s.coherenceTimeS } };
  return {
    format: 'mecsim-topology',
    version: 1,
    name: 'ahead',
    seed: s.seed,
    area: { widthM: 400, heightM: 400 },
    llm: { preset: 'gpt2-small', batchSize: 1, lipschitz: 1 },
    weights: { time: 1, energy: 1, stability: 1 },
    radio: {
      noiseDbmPerHz: -174,
      pathLoss: { model: 'umi-street-canyon', carrierHz: 3.5e9, los: 'probabilistic' },
      shadowing: s.shadowingSinusoids === 0 ? { model: 'none' } : { model: 'log-normal', sigmaDb: 8, decorrelationDistanceM: 10, sinusoids: s.shadowingSinusoids },
      fading,
    },
    servers: [
      {
        name: 'site',
        count: s.servers,
        placement: { kind: 'grid' },
        hardware: { gpuCores: 1000, flopsPerCycle: 2, maxFreqHz: 1.5e9, kappa: 1e-26, bandwidthHz: 1e6 },
      },
    ],
    users: [
      {
        name: 'phones',
        count: s.users,
        placement: { kind: 'random' },
        mobility: { model: 'random-waypoint', minSpeedMps: s.speedMps / 2, maxSpeedMps: s.speedMps, minPauseS: 0, maxPauseS: 5 },
        hardware: { gpuCores: 1536, flopsPerCycle: 2, maxFreqHz: 6.8e8, kappa: 1.6e-26, maxTxPowerW: 0.2 },
        data: { tokensPerSample: 64, samples: 1000 },
        jobs: { arrivals: { kind: 'poisson', ratePerS: s.jobRatePerS }, iterationsPerJob: { uniformInt: [1, 4] } },
      },
    ],
    simulation: {
      horizonS: 60,
      epochS: s.epochS,
      triggers: { gainChangeDb: s.gainChangeDb, minGapS: s.minGapS, jobArrival: s.jobArrival },
      gains: s.instantaneous ? 'instantaneous' : 'large-scale',
      pipeline: s.pipeline,
      downlink: s.downlink ? { model: 'rate', serverTxPowerW: 0.5 } : { model: 'none' },
      rateUpdateS: s.rateUpdateS,
      ...(s.outageDb === undefined ? {} : { outage: { minSnrDb: s.outageDb } }),
    },
  };
}

interface Outcome {
  iterations: IterationRecord[];
  epochs: EpochRecord[];
  result: SimulationResult;
}

async function simulate(doc: Record<string, unknown>, mode: 'events' | 'ahead'): Promise<Outcome> {
  const d = structuredClone(doc) as { simulation: Record<string, unknown> };
  d.simulation.transferSampling = mode;
  const iterations: IterationRecord[] = [];
  const epochs: EpochRecord[] = [];
  const result = await runSimulation({
    topology: parseTopology(JSON.stringify(d), 'ahead.json'),
    onIteration: (r) => iterations.push({ ...r }),
    onEpoch: (e) => epochs.push({ ...e }),
  });
  return { iterations, epochs, result };
}

/** Everything but the event count and the allocators' wall-clock times. */
function comparable(o: Outcome): unknown {
  const { events: _events, solveWallS: _wall, config: _config, summary, ...rest } = o.result;
  const { solveWallMeanS: _mean, ...counted } = summary;
  return { iterations: o.iterations, epochs: o.epochs.map(({ solveWallS: _w, ...e }) => e), summary: counted, rest };
}

describe('runs with rates read ahead equal runs with one event per sample', () => {
  it('same iteration and epoch records on random small worlds (fast-check)', async () => {
    let triggered = 0;
    let fewer = 0;
    const spec = fc.record({
      seed: fc.integer({ min: 1, max: 1e6 }),
      users: fc.integer({ min: 1, max: 6 }),
      servers: fc.integer({ min: 1, max: 3 }),
      rateUpdateS: fc.constantFrom(0.005, 0.01, 0.05, 0.1, 0.25, 1),
      gainChangeDb: fc.double({ min: 0.05, max: 6, noNaN: true }),
      minGapS: fc.constantFrom(0, 0.1, 1, 5),
      epochS: fc.constantFrom(3, 10, 60),
      instantaneous: fc.boolean(),
      outageDb: fc.option(fc.double({ min: -10, max: 15, noNaN: true }), { nil: undefined }),
      fading: fc.constantFrom('block' as const, 'sum-of-sinusoids' as const, 'none' as const),
      coherenceTimeS: fc.constantFrom(0.01, 0.1, 1),
      shadowingSinusoids: fc.constantFrom(0, 4, 16),
      speedMps: fc.constantFrom(1, 10, 30),
      jobRatePerS: fc.constantFrom(0.05, 0.3),
      downlink: fc.boolean(),
      pipeline: fc.constantFrom('lumped' as const, 'fwd-bwd' as const),
      jobArrival: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(spec, async (s) => {
        const doc = worldDoc(s);
        const e = await simulate(doc, 'events');
        const a = await simulate(doc, 'ahead');
        expect(comparable(a)).toEqual(comparable(e));
        expect(a.result.events).toBeLessThanOrEqual(e.result.events);
        if (a.result.events < e.result.events) fewer++;
        // Calls beyond the periodic ones were triggered.
        if (e.result.epochs > Math.floor(60 / s.epochS) + 1) triggered++;
      }),
      { numRuns: 40 },
    );
    // The property must have exercised both the look-ahead and the trigger.
    expect(fewer).toBeGreaterThan(10);
    expect(triggered).toBeGreaterThan(5);
  }, 600_000);

  it('twin phones on one spot and one traced channel: ties at equal instants come out the same', async () => {
    // A fading trace gives both phones the same power at every instant; they share every sample instant and every end.
    const rows = ['t,user,server,gainDb'];
    for (let k = 0; k < 600; k++) {
      const db = 10 * Math.sin(k * 0.7) - 5;
      for (const user of [0, 1, 2]) rows.push(`${k * 0.1},${user},0,${db}`);
    }
    const trace = join(work, 'twins.csv');
    writeFileSync(trace, rows.join('\n') + '\n');
    const spec: WorldSpec = {
      seed: 3,
      users: 3,
      servers: 1,
      rateUpdateS: 0.1,
      gainChangeDb: 3,
      minGapS: 0,
      epochS: 10,
      instantaneous: true,
      outageDb: 0,
      fading: 'none',
      coherenceTimeS: 1,
      shadowingSinusoids: 0,
      speedMps: 1,
      jobRatePerS: 0.3,
      downlink: true,
      pipeline: 'lumped',
      jobArrival: true,
    };
    const doc = worldDoc(spec) as any;
    doc.radio.fading = { model: 'trace', file: trace };
    doc.users[0].placement = { kind: 'listed', positions: [{ xM: 100, yM: 100 }, { xM: 100, yM: 100 }, { xM: 100, yM: 100 }] };
    doc.users[0].mobility = { model: 'static' };
    doc.users[0].jobs = { arrivals: { kind: 'at-start', jobs: 1 }, iterationsPerJob: 20 };
    // A fading trace moves the gains although nobody moves: the channel is not static.
    const e = await simulate(doc, 'events');
    const a = await simulate(doc, 'ahead');
    expect(e.iterations.length).toBeGreaterThan(20);
    // The twins' iterations end together.
    const ends = e.iterations.map((r) => r.endS);
    expect(new Set(ends).size).toBeLessThan(ends.length);
    expect(e.result.epochs).toBeGreaterThan(7);
    expect(comparable(a)).toEqual(comparable(e));
    expect(a.result.events).toBeLessThan(e.result.events);
  }, 120_000);

  it('a channel whose gains depend on the instants queried keeps one event per sample', async () => {
    const base = worldDoc({
      seed: 5, users: 4, servers: 2, rateUpdateS: 0.05, gainChangeDb: 3, minGapS: 1, epochS: 10, instantaneous: false, outageDb: undefined,
      fading: 'block', coherenceTimeS: 0.1, shadowingSinusoids: 8, speedMps: 10, jobRatePerS: 0.3, downlink: false, pipeline: 'lumped', jobArrival: false,
    }) as any;
    const gaussMarkov = structuredClone(base);
    gaussMarkov.radio.fading = { model: 'rayleigh', correlation: { type: 'gauss-markov', dopplerHz: 5 } };
    const ar1 = structuredClone(base);
    ar1.radio.shadowing = { model: 'log-normal', sigmaDb: 8, decorrelationDistanceM: 10 };
    for (const doc of [gaussMarkov, ar1]) {
      const e = await simulate(doc, 'events');
      const a = await simulate(doc, 'ahead');
      expect(a.result.events).toBe(e.result.events);
      expect(comparable(a)).toEqual(comparable(e));
    }
    // The same world on a pure channel is read ahead.
    const e = await simulate(base, 'events');
    const a = await simulate(base, 'ahead');
    expect(a.result.events).toBeLessThan(e.result.events);
  }, 120_000);
});
