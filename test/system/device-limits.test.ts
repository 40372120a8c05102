import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IterationRecord } from '../../src/metrics/recorders.js';
import { parseTopology } from '../../src/scenario/load.js';
import { runSimulation } from '../../src/scenario/simulate.js';

/** small.json with 3 iterations per phone and the given edits. */
function topology(edit: (t: any) => void) {
  const t = JSON.parse(fs.readFileSync('topologies/small.json', 'utf8'));
  t.users[0].jobs = { arrivals: { kind: 'at-start', jobs: 1 }, iterationsPerJob: 3 };
  t.simulation = { horizonS: 2e6, epochS: 1e6, allocator: 'strongest-server' };
  edit(t);
  return parseTopology(JSON.stringify(t), 'test.json');
}

async function run(edit: (t: any) => void) {
  const records: IterationRecord[] = [];
  const result = await runSimulation({ topology: topology(edit), onIteration: (r) => records.push({ ...r }) });
  return { result, records };
}

const startOf = (r: IterationRecord): number => r.startS + r.deviceWaitS;

describe('battery', () => {
  it('the energy drawn equals the metered device and transmit energies to 1e-9', async () => {
    const { result, records } = await run((t) => (t.users[0].hardware.battery = { capacityWh: 1e4, initialFraction: 1, reserveFraction: 0 }));
    expect(result.counts.queued).toBe(0);
    expect(result.counts.inFlight).toBe(0);
    const metered = records.reduce((a, r) => a + r.deviceComputeJ + r.txJ, 0);
    expect(Math.abs(result.deviceLimits!.batteryDrawnJ - metered)).toBeLessThanOrEqual(1e-9 * metered);
    expect(result.deviceLimits!.suspensions).toBe(0);
  });

  it('a phone at its reserve suspends after the iteration that crossed it and resumes when plugged in', async () => {
    const plain = await run(() => {});
    const mine = plain.records.filter((r) => r.user === 0).sort((a, b) => a.iteration - b.iteration);
    const spent = mine.map((r) => r.deviceComputeJ + r.txJ);
    // The usable energy runs out during iteration 1 (the second).
    const usableJ = spent[0] + 0.5 * spent[1];
    const plugS = mine[1].endS + 500;
    const capacityWh = (2 * usableJ) / 3600;
    const { result, records } = await run(
      (t) =>
        (t.users[0].hardware.battery = {
          capacityWh,
          initialFraction: 1,
          reserveFraction: 0.5,
          charging: { powerW: 1, windows: [{ startS: plugS, endS: 1e9 }] },
        }),
    );
    const after = records.filter((r) => r.user === 0).sort((a, b) => a.iteration - b.iteration);
    expect(after.length).toBe(3);
    expect(startOf(after[1])).toBe(startOf(mine[1]));
    expect(startOf(after[2])).toBe(plugS);
    expect(result.deviceLimits!.suspensions).toBeGreaterThanOrEqual(1);
    expect(result.deviceLimits!.suspendedAtEnd).toBe(0);
  });

  it('without charging a suspended phone stays suspended, and is counted at the end', async () => {
    const { result, records } = await run((t) => (t.users[0].hardware.battery = { capacityWh: 1e-9, initialFraction: 1, reserveFraction: 0.5 }));
    expect(records.length).toBe(result.counts.jobs); // each phone's first iteration only
    expect(result.deviceLimits!.suspendedAtEnd).toBe(result.counts.jobs);
  });
});

describe('thermal throttling in a run', () => {
  it('a governor that caps the GPU below the decided frequency slows the computation and saves energy per iteration', async () => {
    const plain = await run(() => {});
    const hot = await run(
      (t) =>
        (t.users[0].hardware.thermal = {
          heatCapacityJPerK: 60,
          thermalResistanceKPerW: 5,
          initialC: 25,
          // Any power above 0.02 W crosses 25.1 °C within seconds.
          levels: [{ aboveC: 25.1, maxFreqFraction: 0.25 }],
          hysteresisC: 0.05,
        }),
    );
    expect(hot.result.deviceLimits!.throttleChanges).toBeGreaterThan(0);
    const key = (r: IterationRecord): string => `${r.user}/${r.iteration}`;
    const base = new Map(plain.records.map((r) => [key(r), r]));
    let slower = 0;
    for (const r of hot.records) {
      const b = base.get(key(r))!;
      if (r.deviceComputeS > b.deviceComputeS * (1 + 1e-9)) slower++;
      // Throttled work takes longer at a lower frequency, so less energy (kappa f^2 per cycle).
      expect(r.deviceComputeJ).toBeLessThanOrEqual(b.deviceComputeJ * (1 + 1e-9));
    }
    expect(slower).toBeGreaterThan(0);
  });
});
