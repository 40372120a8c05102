import { describe, expect, it } from 'vitest';
import { modelPreset } from '../../src/llm/architectures.js';
import { adapterParametersPerLayer, checkLora, loraFlopsPerLayer } from '../../src/llm/lora.js';

const llama2 = modelPreset('llama-2-7b');

describe('LoRA adapters', () => {
  it('LLaMA-2-7B with r = 8 on q and v has the 4,194,304 trainable parameters PEFT reports', () => {
    expect(32 * adapterParametersPerLayer(llama2, { rank: 8, targets: ['q', 'v'] })).toBe(4_194_304);
  });

  it('counts r·(d_in + d_out) per target, with the narrower K/V of grouped-query attention', () => {
    const llama3 = modelPreset('llama-3-8b');
    // k: 4096 → 1024, down: 14336 → 4096
    expect(adapterParametersPerLayer(llama3, { rank: 16, targets: ['k', 'down'] })).toBe(16 * (4096 + 1024) + 16 * (14336 + 4096));
  });

  it('adds 6·B·d·r·Σ(d_in + d_out) FLOPs per layer and batch', () => {
    // forward 2·r·(d_in + d_out) per token and matrix, backward twice that
    const perToken = 3 * (2 * 8 * (4096 + 4096) + 2 * 8 * (4096 + 4096));
    expect(loraFlopsPerLayer(llama2, { rank: 8, targets: ['q', 'v'] }, 4, 512)).toBe(4 * 512 * perToken);
  });

  it('refuses ranks, targets and duplicates that make no sense, in one line', () => {
    expect(() => checkLora(llama2, { rank: 0, targets: ['q'] })).toThrow(/rank must be a positive integer/);
    expect(() => checkLora(llama2, { rank: 2.5, targets: ['q'] })).toThrow(/rank/);
    expect(() => checkLora(llama2, { rank: 8, targets: [] })).toThrow(/at least one target/);
    expect(() => checkLora(llama2, { rank: 8, targets: ['q', 'q'] })).toThrow(/'q' is listed twice/);
    expect(() => checkLora(modelPreset('opt-1.3b'), { rank: 8, targets: ['gate'] })).toThrow(/'gate' does not exist in OPT-1.3B/);
    expect(() => checkLora(llama2, { rank: 8, targets: ['qkv' as 'q'] })).toThrow(/unknown LoRA target 'qkv'/);
  });
});
