import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/engine/input-error.js';
import { modelPreset } from '../../src/llm/architectures.js';
import { deviceMemoryBytes } from '../../src/llm/memory.js';
import { buildWorld, snapshotOf } from '../../src/scenario/build.js';
import { parseTopology } from '../../src/scenario/load.js';
import { excludedUsers } from '../../src/system/world.js';

/** paper-default with a real 7B model, LoRA r = 8 on q and v, batch 4 of 512 tokens, and the given limits. */
function topology(edit: (t: any) => void = () => {}) {
  const t = JSON.parse(fs.readFileSync('topologies/paper-default.json', 'utf8'));
  t.llm.preset = 'llama-7b';
  t.llm.batchSize = 4;
  t.llm.memory = { model: 'llama-2-7b', weightBits: 16, lora: { rank: 8, targets: ['q', 'v'] } };
  t.users[0].data.tokensPerSample = 512;
  edit(t);
  return parseTopology(JSON.stringify(t), 'test.json');
}

const model = modelPreset('llama-2-7b');
const opts = { weightBits: 16 as const, lora: { rank: 8, targets: ['q', 'v'] as const } };
const footprint = (alpha: number): number => deviceMemoryBytes(model, { ...opts, lora: { ...opts.lora, targets: [...opts.lora.targets] } }, alpha, 4, 512);

describe('alphaMax of a built world', () => {
  it('memory equal to the footprint of k layers gives k; one byte less gives k - 1', () => {
    for (const k of [1, 5, 10, 31]) {
      const at = buildWorld(topology((t) => (t.users[0].hardware.memoryBytes = footprint(k))));
      const below = buildWorld(topology((t) => (t.users[0].hardware.memoryBytes = footprint(k) - 1)));
      expect(at.users.every((u) => u.params.alphaMax === k)).toBe(true);
      expect(below.users.every((u) => u.params.alphaMax === k - 1)).toBe(true);
    }
  });

  it('a phone that holds not one layer cannot join: out of the snapshot, counted with its reason', () => {
    const w = buildWorld(
      topology((t) => {
        t.users[0].count = 10;
        t.users.push({ ...structuredClone(t.users[0]), name: 'small', count: 3 });
        t.users[1].hardware.memoryBytes = footprint(1) - 1;
        t.users[0].hardware.memoryBytes = 16 * 2 ** 30;
      }),
    );
    expect(excludedUsers(w)).toEqual({ count: 3, reasons: { 'phone memory holds not one layer': 3 } });
    expect(snapshotOf(w).users.length).toBe(10);
  });

  it('a privacy floor above what the phone holds excludes the user too', () => {
    const w = buildWorld(
      topology((t) => {
        t.users[0].hardware.memoryBytes = footprint(4);
        t.users[0].alphaMin = 5;
      }),
    );
    expect(excludedUsers(w)?.count).toBe(50);
  });

  it('sites that cannot hold every reservation exclude the users left over, and give the others a home', () => {
    const perSite = 2;
    const w = buildWorld(
      topology((t) => {
        t.servers[0].count = 2;
        // Two users at alpha = 1 need the 31 frozen layers and the head once plus 31 layers of adapters and activations each.
        t.servers[0].hardware.memoryBytes = 31 * 386e6 * 1.1 + 1e9 + perSite * 31 * 0.39e9;
      }),
    );
    const ex = excludedUsers(w);
    expect(ex?.count).toBeGreaterThan(0);
    const joined = w.users.filter((u) => u.excluded === undefined);
    expect(joined.every((u) => u.params.memoryHomeServer !== undefined)).toBe(true);
    expect(joined.length).toBeLessThanOrEqual(2 * perSite + 2);
  });

  it('refuses a model whose shape differs from the llm section, and memory without llm.memory, in one line', () => {
    expect(() => buildWorld(topology((t) => (t.llm.preset = 'llama-7b-paper')), 1, 'test.json')).toThrow(InputError);
    expect(() => buildWorld(topology((t) => (t.llm.preset = 'llama-7b-paper')), 1, 'test.json')).toThrow(/llm\.memory\.model.*4096/);
    expect(() =>
      buildWorld(
        topology((t) => {
          delete t.llm.memory;
          t.users[0].hardware.memoryBytes = 1e9;
        }),
        1,
        'test.json',
      ),
    ).toThrow(/users\.0\.hardware\.memoryBytes.*needs llm\.memory/);
  });
});

describe('LoRA adds its FLOPs to every layer of an iteration', () => {
  it('in the objective and in the simulated compute time, as 6·B·d·r·Σ(d_in + d_out) over the adapted matrices', async () => {
    const { evaluate } = await import('../../src/allocation/objective.js');
    const { runSimulation } = await import('../../src/scenario/simulate.js');
    const { psiFlops } = await import('../../src/llm/cost.js');
    const t = topology();
    const world = buildWorld(t);
    // LLaMA-2-7B: q and v are 4096 x 4096, so Σ(d_in + d_out) = 2 · (4096 + 4096).
    const lora = 6 * 4 * 512 * 8 * (2 * (4096 + 4096));
    expect(world.users.every((u) => u.params.loraFlopsPerLayer === lora)).toBe(true);
    const s = snapshotOf(world);
    const u = s.users[0];
    const perLayer = psiFlops(s.batch, u.tokens, s.hidden) + lora;
    const d = { alpha: 3, server: 0, txPowerW: u.maxTxPowerW, bandwidthHz: s.servers[0].bandwidthHz / s.users.length, freqHz: u.maxFreqHz, serverFreqHz: s.servers[0].maxFreqHz / s.users.length };
    const b = evaluate({ ...s, users: [u], gains: [s.gains[0]] }, { users: [d] });
    expect(b.perUser[0].localTimeS).toBeCloseTo((3 * perLayer) / (u.maxFreqHz * u.cores * u.flopsPerCycle), 9);
    // A run: each iteration's forward compute on the phone is alpha layers of that work at the decided frequency.
    const records: Array<{ alpha: number; deviceComputeS: number; user: number }> = [];
    const freqs = new Map<number, number>();
    // One layer takes about 640 s on these phones at full clock: two users, an hour and a half.
    const few = topology((x) => (x.users[0].count = 2));
    await runSimulation({ topology: few, horizonS: 5400, allocator: 'strongest-server', onIteration: (r) => records.push(r), onAllocation: (c) => c.users.forEach((n, k) => freqs.set(n, c.decision.users[k].freqHz)) });
    expect(records.length).toBeGreaterThan(0);
    const r = records[records.length - 1];
    const p = world.users[r.user].params;
    const f = freqs.get(r.user)!;
    expect(r.deviceComputeS).toBeCloseTo((r.alpha * perLayer) / (f * p.cores * p.flopsPerCycle), 6);
  });
});
