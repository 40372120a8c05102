/**
 * The table of LLaMA-2-7B footprints in docs/device-limits.md, rendered from
 * the code so that a test can check the page against it and the numbers
 * cannot drift from the formulas.
 */
import { modelPreset } from './architectures.js';
import {
  activationBytesPerLayer,
  adapterTrainingBytesPerLayer,
  deviceMemoryBytes,
  embeddingBytes,
  frozenLayerBytes,
  type TrainingMemoryOptions,
  type WeightBits,
} from './memory.js';

export const footprintTableSetting = Object.freeze({
  model: 'llama-2-7b',
  rank: 8,
  targets: Object.freeze(['q', 'v'] as const),
  batch: 4,
  tokens: 512,
  weightBits: Object.freeze([4, 16] as const),
  alphas: Object.freeze([1, 4, 8, 16, 32] as const),
});

const MIB = 2 ** 20;
const GIB = 2 ** 30;

/** The Markdown table, one line per row, ending with a newline. */
export function footprintTableMarkdown(): string {
  const t = footprintTableSetting;
  const model = modelPreset(t.model);
  const options = (weightBits: WeightBits): TrainingMemoryOptions => ({
    weightBits,
    lora: { rank: t.rank, targets: t.targets },
  });
  const mib = (f: (o: TrainingMemoryOptions) => number) => t.weightBits.map((w) => (f(options(w)) / MIB).toFixed(1));
  const gib = (f: (o: TrainingMemoryOptions) => number) => t.weightBits.map((w) => (f(options(w)) / GIB).toFixed(2));
  const rows: [string, string[]][] = [
    ['per layer: frozen weights (MiB)', mib((o) => frozenLayerBytes(model, o.weightBits))],
    ['per layer: adapters, gradients, Adam state (MiB)', mib((o) => adapterTrainingBytesPerLayer(model, o.lora))],
    ['per layer: activations (MiB)', mib((o) => activationBytesPerLayer(model, o, t.batch, t.tokens))],
    [
      'per layer: total (MiB)',
      mib((o) => frozenLayerBytes(model, o.weightBits) + adapterTrainingBytesPerLayer(model, o.lora) + activationBytesPerLayer(model, o, t.batch, t.tokens)),
    ],
    ['input embedding table, once (MiB)', mib(() => embeddingBytes(model))],
    ...t.alphas.map((alpha): [string, string[]] => [
      `phone, alpha = ${alpha}${alpha === model.layers ? ' (with head and logits)' : ''} (GiB)`,
      gib((o) => deviceMemoryBytes(model, o, alpha, t.batch, t.tokens)),
    ]),
  ];
  const header = `| ${t.model}, LoRA r = ${t.rank} on ${t.targets.join(', ')}, batch ${t.batch}, ${t.tokens} tokens | ${t.weightBits.map((w) => `${w}-bit weights`).join(' | ')} |`;
  const rule = `|---|${t.weightBits.map(() => '---:').join('|')}|`;
  return [header, rule, ...rows.map(([label, cells]) => `| ${label} | ${cells.join(' | ')} |`)].join('\n') + '\n';
}
