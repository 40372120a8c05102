import { describe, expect, it } from 'vitest';
import {
  embeddingParameters,
  layerMatrixShapes,
  layerParameters,
  modelPreset,
  modelPresetNames,
  modelPresets,
  totalParameters,
} from '../../src/llm/architectures.js';
import { llmPreset } from '../../src/llm/presets.js';

describe('model presets', () => {
  // Published parameter counts (the Hub's count of each checkpoint's tensors),
  // independent of how the code adds them up.
  it.each([
    ['gpt2-small', 124_439_808],
    ['opt-1.3b', 1_315_758_080],
    ['llama-2-7b', 6_738_415_616],
    ['llama-3-8b', 8_030_261_248],
    ['mistral-7b', 7_241_732_096],
  ])('%s has its published parameter count', (name, count) => {
    expect(totalParameters(modelPreset(name))).toBe(count);
  });

  it("qwen2.5-0.5b matches its card: 0.49B parameters, 0.36B of them outside the embedding", () => {
    const m = modelPreset('qwen2.5-0.5b');
    expect(totalParameters(m) / 1e9).toBeCloseTo(0.49, 2);
    expect((totalParameters(m) - embeddingParameters(m)) / 1e9).toBeCloseTo(0.36, 2);
  });

  it('shapes grouped-query attention from the key/value heads', () => {
    const s = layerMatrixShapes(modelPreset('llama-3-8b'));
    expect(s.q).toEqual({ dIn: 4096, dOut: 4096 });
    expect(s.k).toEqual({ dIn: 4096, dOut: 8 * 128 });
    expect(s.v).toEqual({ dIn: 4096, dOut: 1024 });
    expect(s.gate).toEqual({ dIn: 4096, dOut: 14336 });
    expect(s.down).toEqual({ dIn: 14336, dOut: 4096 });
    expect(layerMatrixShapes(modelPreset('opt-1.3b')).gate).toBeUndefined();
  });

  it('counts LLaMA-2-7B layer by hand: 4 attention and 3 MLP matrices, two RMSNorm vectors', () => {
    expect(layerParameters(modelPreset('llama-2-7b'))).toEqual({
      matrices: 4 * 4096 * 4096 + 3 * 4096 * 11008,
      vectors: 2 * 4096,
    });
  });

  it('agrees with the cost-model presets where both exist, and every head divides the width', () => {
    for (const name of ['gpt2-small', 'opt-1.3b']) {
      expect(modelPreset(name)).toMatchObject({ layers: llmPreset(name).layers, hidden: llmPreset(name).hidden });
    }
    expect(modelPreset('llama-2-7b')).toMatchObject({ layers: llmPreset('llama-7b').layers, hidden: llmPreset('llama-7b').hidden });
    for (const m of Object.values(modelPresets)) {
      expect(m.headDim * m.attentionHeads).toBe(m.hidden);
      expect(m.attentionHeads % m.kvHeads).toBe(0);
    }
  });

  it('names the known presets when asked for an unknown one', () => {
    expect(modelPresetNames()).toEqual(Object.keys(modelPresets).sort());
    expect(() => modelPreset('gpt-5')).toThrow(/unknown model preset 'gpt-5'.*llama-2-7b.*qwen2\.5-0\.5b/);
    expect(() => modelPreset('constructor')).toThrow(/unknown model preset/);
  });
});
