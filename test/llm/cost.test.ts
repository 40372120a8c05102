import { describe, expect, it } from 'vitest';
import { activationBits, energyAtFreqJ, flopsPerHz, layersEnergyJ, layersTimeS, psiFlops, stabilityBound } from '../../src/llm/cost.js';
import { llmPreset, llmPresetNames, llmPresets } from '../../src/llm/presets.js';

describe('psiFlops', () => {
  it('counts 72·B·d·h² + 12·B·d²·h, checked by hand for the paper setting', () => {
    // B = d = 2^9, h = 2^10: 72·2^38 + 12·2^37 = 78·2^38.
    expect(psiFlops(512, 512, 1024)).toBe(78 * 2 ** 38);
    expect(psiFlops(1, 1, 1)).toBe(84);
  });
  it('is linear in the batch and quadratic in the sequence length at fixed h', () => {
    expect(psiFlops(8, 100, 64)).toBe(2 * psiFlops(4, 100, 64));
    const d = 300, h = 64;
    // psi(2d) − 2 psi(d) = 12·B·h·(4d² − 2d²) = 24·B·h·d²
    expect(psiFlops(1, 2 * d, h) - 2 * psiFlops(1, d, h)).toBe(24 * h * d * d);
  });
});

describe('activationBits', () => {
  it('is one value per token and hidden unit', () => {
    expect(activationBits(512, 768, 1024, 16)).toBe(512 * 768 * 1024 * 16);
  });
});

describe('stabilityBound', () => {
  it('is 2L²/(k(1 − alpha/Y))', () => {
    expect(stabilityBound(1, 1000, 16, 32)).toBeCloseTo(2 / (1000 * 0.5), 15);
    expect(stabilityBound(3, 10, 0, 32)).toBeCloseTo(1.8, 15);
  });
  it('grows with alpha and is infinite at alpha = Y', () => {
    let prev = 0;
    for (let a = 1; a < 32; a++) {
      const s = stabilityBound(1.5, 500, a, 32);
      expect(s).toBeGreaterThan(prev);
      prev = s;
    }
    expect(stabilityBound(1.5, 500, 32, 32)).toBe(Infinity);
  });
});

describe('LLM presets', () => {
  it('has the four required shapes', () => {
    expect(llmPreset('llama-7b-paper')).toMatchObject({ layers: 32, hidden: 1024 });
    expect(llmPreset('llama-7b')).toMatchObject({ layers: 32, hidden: 4096 });
    expect(llmPreset('gpt2-small')).toMatchObject({ layers: 12, hidden: 768 });
    expect(llmPreset('opt-1.3b')).toMatchObject({ layers: 24, hidden: 2048 });
    expect(llmPresetNames()).toEqual(Object.keys(llmPresets).sort());
  });
  it('names the known presets when asked for an unknown one', () => {
    expect(() => llmPreset('gpt-5')).toThrow(/unknown LLM preset 'gpt-5'.*gpt2-small.*llama-7b.*opt-1\.3b/);
    expect(() => llmPreset('toString')).toThrow(/unknown LLM preset/);
  });
});

describe('layer time and energy', () => {
  const device = { cores: 4, flopsPerCycle: 8, kappa: 1e-28 };
  it('draw kappa·f³ for the time the layers take, as energyAtFreqJ says', () => {
    const psi = psiFlops(8, 128, 1024);
    for (const f of [2e8, 1e9, 2.5e9]) {
      const t = layersTimeS(3, psi, f, device);
      expect(t).toBeCloseTo((3 * psi) / (f * 32), 12);
      const e = layersEnergyJ(3, psi, f, device);
      expect(Math.abs(e - energyAtFreqJ(device.kappa, f, t)) / e).toBeLessThan(1e-12);
    }
  });
  it('take twice as long for twice the layers and half as long at twice the clock', () => {
    expect(layersTimeS(4, 1e12, 1e9, device)).toBe(2 * layersTimeS(2, 1e12, 1e9, device));
    expect(layersTimeS(2, 1e12, 2e9, device)).toBe(layersTimeS(2, 1e12, 1e9, device) / 2);
    expect(flopsPerHz(device)).toBe(32);
  });
});
