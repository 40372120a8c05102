import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelPreset } from '../../src/llm/architectures.js';
import { footprintTableMarkdown } from '../../src/llm/footprint-table.js';
import { alphaMax } from '../../src/llm/memory.js';

const BEGIN = '<!-- footprint-table:begin -->\n';
const END = '<!-- footprint-table:end -->';

describe('docs/device-limits.md footprint table', () => {
  it('is what the code computes (regenerate it from footprintTableMarkdown() when a formula changes)', () => {
    const page = readFileSync(new URL('../../docs/device-limits.md', import.meta.url), 'utf8');
    const start = page.indexOf(BEGIN);
    const end = page.indexOf(END);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    expect(page.slice(start + BEGIN.length, end)).toBe(footprintTableMarkdown());
  });

  it('shows the hand-computed LLaMA-2-7B layer at 4 bits: 485,048,320 bytes = 462.6 MiB', () => {
    expect(footprintTableMarkdown()).toContain('| per layer: total (MiB) | 462.6 |');
  });

  it('backs the sentence under it: 8 GiB reaches alpha = 17 at 4 bits and 10 at 16 bits', () => {
    const page = readFileSync(new URL('../../docs/device-limits.md', import.meta.url), 'utf8');
    expect(page.replace(/\s+/g, ' ')).toContain('reaches alpha = 17 at 4 bits and alpha = 10 at 16 bits');
    const llama2 = modelPreset('llama-2-7b');
    const lora = { rank: 8, targets: ['q', 'v'] as const };
    expect(alphaMax(8 * 2 ** 30, llama2, { weightBits: 4, lora }, 4, 512)).toBe(17);
    expect(alphaMax(8 * 2 ** 30, llama2, { weightBits: 16, lora }, 4, 512)).toBe(10);
  });
});
