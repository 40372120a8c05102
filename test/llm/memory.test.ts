import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layerMatrixNames, modelPreset, modelPresetNames, type LayerMatrix, type ModelArchitecture } from '../../src/llm/architectures.js';
import {
  activationBytesPerLayer,
  alphaMax,
  deviceFootprint,
  deviceMemoryBytes,
  edgeFootprint,
  edgeMemoryBytes,
  type TrainingMemoryOptions,
  type WeightBits,
} from '../../src/llm/memory.js';

const llama2 = modelPreset('llama-2-7b');
const qv8 = (weightBits: WeightBits): TrainingMemoryOptions => ({ weightBits, lora: { rank: 8, targets: ['q', 'v'] } });

// LLaMA-2-7B from its config.json: h = 4096, I = 11008, a = 32, V = 32000, Y = 32,
// no biases, RMSNorm, no dropout. LoRA r = 8 on q and v, batch 4, 512 tokens.
const h = 4096, I = 11008, a = 32, V = 32000;
const b = 4, s = 512;
const matrixWeights = 4 * h * h + 3 * h * I; // q k v o, gate up down
const normVectors = 2 * h;
const frozen4bit = matrixWeights / 2 + 2 * normVectors;
const frozen16bit = matrixWeights * 2 + 2 * normVectors;
const embedding = V * h * 2;
const adapterParams = 8 * (h + h) + 8 * (h + h);
const adapterBytes = adapterParams * (2 + 2 + 12); // weight, gradient, fp32 master + 2 moments
// Per token, 2 bytes a value: 2 norm inputs; QKV input, Q, K, V, o-input; MLP input,
// gate out, SiLU out, up out, product; two r-wide adapter intermediates.
const perToken = 2 * 2 * h + 2 * 5 * h + 2 * h + 2 * 4 * I + 2 * 2 * 8;
const activations = b * s * perToken + 2 * a * s * s * b; // softmax output kept, 2 bytes

describe('device footprint, LLaMA-2-7B computed by hand', () => {
  it('matches one layer at 4 bits', () => {
    expect(deviceFootprint(llama2, qv8(4), 1, b, s)).toEqual({
      weights: frozen4bit,
      embeddings: embedding,
      head: 0,
      adapters: adapterBytes,
      activations,
      total: frozen4bit + embedding + adapterBytes + activations,
    });
    expect(frozen4bit + adapterBytes + activations).toBe(485_048_320);
  });

  it('grows by one layer at a time and adds the head (untied) and fp32 logits at alpha = Y', () => {
    const perLayer16 = frozen16bit + adapterBytes + activations;
    expect(deviceMemoryBytes(llama2, qv8(16), 7, b, s)).toBe(embedding + 7 * perLayer16);
    const head = (h * V + h) * 2;
    const headActs = b * s * (2 * 2 * h + 4 * V);
    expect(deviceMemoryBytes(llama2, qv8(16), 32, b, s)).toBe(embedding + 32 * perLayer16 + head + headActs);
  });

  it('drops the quadratic term when attention scores are recomputed', () => {
    const opts = { ...qv8(4), recomputeAttentionScores: true };
    expect(activationBytesPerLayer(llama2, opts, b, s)).toBe(b * s * perToken);
  });

  it("reduces to Korthikanti et al.'s 34·s·b·h + 5·a·s²·b for GPT shapes", () => {
    const gpt = modelPreset('gpt2-small');
    const opts: TrainingMemoryOptions = { weightBits: 16, lora: { rank: 1, targets: ['q'] } };
    const [B, S, H, A] = [3, 100, 768, 12];
    expect(activationBytesPerLayer(gpt, opts, B, S) - 2 * B * S).toBe(34 * S * B * H + 5 * A * S * S * B);
  });

  it('refuses alpha outside 1..Y and bad precisions', () => {
    expect(() => deviceMemoryBytes(llama2, qv8(4), 0, b, s)).toThrow(/alpha must be an integer in 1\.\.32/);
    expect(() => deviceMemoryBytes(llama2, qv8(4), 33, b, s)).toThrow(/alpha/);
    expect(() => deviceMemoryBytes(llama2, { ...qv8(4), weightBits: 3 as WeightBits }, 1, b, s)).toThrow(/16, 8 or 4 bits/);
    expect(() => deviceMemoryBytes(llama2, qv8(4), 1, 0, s)).toThrow(/batch must be a positive integer/);
  });
});

describe('alphaMax', () => {
  it('is k at exactly the footprint of k layers and k − 1 one byte below', () => {
    for (const k of [1, 2, 15, 31, 32]) {
      const m = deviceMemoryBytes(llama2, qv8(4), k, b, s);
      expect(alphaMax(m, llama2, qv8(4), b, s)).toBe(k);
      expect(alphaMax(m - 1, llama2, qv8(4), b, s)).toBe(k - 1);
    }
    expect(alphaMax(0, llama2, qv8(4), b, s)).toBe(0);
  });

  it('gives an 8 GB (8·10⁹ bytes) phone 15 layers of LLaMA-2-7B at 4 bits', () => {
    // (8e9 − embedding) / (per-layer total) = 15.95…
    expect(Math.floor((8e9 - embedding) / (frozen4bit + adapterBytes + activations))).toBe(15);
    expect(alphaMax(8e9, llama2, qv8(4), b, s)).toBe(15);
  });
});

describe('edge footprint', () => {
  it('holds the base weights once for all users, from the shallowest cut, with the head', () => {
    const users = [{ alpha: 30, batch: b, tokens: s }, { alpha: 31, batch: b, tokens: s }];
    const head = (h * V + h) * 2;
    const headActs = b * s * (2 * 2 * h + 4 * V);
    const perLayer = adapterBytes + activations;
    expect(edgeFootprint(llama2, qv8(16), users)).toEqual({
      shared: 2 * frozen16bit + head,
      perUser: [2 * perLayer + headActs, perLayer + headActs],
      total: 2 * frozen16bit + head + 3 * perLayer + 2 * headActs,
    });
  });

  it('needs the embedding table as the head of a tied model, and nothing for no server work', () => {
    const qwen = modelPreset('qwen2.5-0.5b');
    const opts: TrainingMemoryOptions = { weightBits: 16, lora: { rank: 4, targets: ['q'] } };
    const f = edgeFootprint(qwen, opts, [{ alpha: 23, batch: 1, tokens: 1 }]);
    const layer = 2 * (2 * 896 * 896 + 2 * 896 * 128 + 3 * 896 * 4864) + 2 * (896 + 2 * 128 + 2 * 896);
    expect(f.shared).toBe(layer + 2 * (151936 * 896 + 896));
    expect(edgeMemoryBytes(qwen, opts, [])).toBe(0);
    expect(edgeMemoryBytes(qwen, opts, [{ alpha: 24, batch: 2, tokens: 8 }])).toBe(0);
  });
});

const arbModel = fc.constantFrom(...modelPresetNames()).map((n) => modelPreset(n));
const arbBits = fc.constantFrom<WeightBits>(16, 8, 4);
function arbOptions(model: ModelArchitecture): fc.Arbitrary<TrainingMemoryOptions> {
  const available = layerMatrixNames.filter((t) => model.mlp === 'gated' || t !== 'gate');
  return fc.record({
    weightBits: arbBits,
    lora: fc.record({
      rank: fc.integer({ min: 1, max: 64 }),
      targets: fc.subarray<LayerMatrix>(available, { minLength: 1 }),
    }),
    recomputeAttentionScores: fc.boolean(),
  });
}
const arbCase = arbModel.chain((model) =>
  fc.record({
    model: fc.constant(model),
    options: arbOptions(model),
    alpha: fc.integer({ min: 1, max: model.layers - 1 }),
    batch: fc.integer({ min: 1, max: 32 }),
    tokens: fc.integer({ min: 1, max: 4096 }),
  }),
);

describe('monotonicity (fast-check)', () => {
  it('the device footprint grows strictly with alpha, batch, tokens and rank', () => {
    fc.assert(
      fc.property(arbCase, ({ model, options, alpha, batch, tokens }) => {
        const base = deviceMemoryBytes(model, options, alpha, batch, tokens);
        expect(deviceMemoryBytes(model, options, alpha + 1, batch, tokens)).toBeGreaterThan(base);
        expect(deviceMemoryBytes(model, options, alpha, batch + 1, tokens)).toBeGreaterThan(base);
        expect(deviceMemoryBytes(model, options, alpha, batch, tokens + 1)).toBeGreaterThan(base);
        const wider = { ...options, lora: { ...options.lora, rank: options.lora.rank + 1 } };
        expect(deviceMemoryBytes(model, wider, alpha, batch, tokens)).toBeGreaterThan(base);
      }),
      { numRuns: 300 },
    );
  });

  it('alphaMax never grows with the batch and never shrinks with memory', () => {
    fc.assert(
      fc.property(arbCase, fc.double({ min: 0, max: 64e9, noNaN: true }), ({ model, options, batch, tokens }, memory) => {
        const k = alphaMax(memory, model, options, batch, tokens);
        expect(alphaMax(memory, model, options, batch + 1, tokens)).toBeLessThanOrEqual(k);
        expect(alphaMax(memory * 1.5, model, options, batch, tokens)).toBeGreaterThanOrEqual(k);
        if (k > 0) expect(deviceMemoryBytes(model, options, k, batch, tokens)).toBeLessThanOrEqual(memory);
        if (k < model.layers) expect(deviceMemoryBytes(model, options, k + 1, batch, tokens)).toBeGreaterThan(memory);
      }),
      { numRuns: 200 },
    );
  });

  it('the edge footprint grows with each user added and with each layer a user leaves to the site', () => {
    fc.assert(
      fc.property(arbCase, ({ model, options, alpha, batch, tokens }) => {
        const one = [{ alpha, batch, tokens }];
        const two = [...one, { alpha, batch, tokens }];
        expect(edgeMemoryBytes(model, options, two)).toBeGreaterThan(edgeMemoryBytes(model, options, one));
        if (alpha > 1) {
          const deeper = [{ alpha: alpha - 1, batch, tokens }];
          expect(edgeMemoryBytes(model, options, deeper)).toBeGreaterThan(edgeMemoryBytes(model, options, one));
        }
      }),
      { numRuns: 200 },
    );
  });
});
