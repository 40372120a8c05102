import { z } from 'zod';
import { layerMatrixNames, modelPresetNames } from '../llm/architectures.js';
import { distributionSchema } from './distribution.js';

/*
 * The topology fields of the device limits (ours, docs/device-limits.md):
 * what the fine-tuning holds in memory, each phone's and site's memory, and
 * the privacy floor on the cut. All optional: without them a topology is
 * the paper's.
 */

/** How the model is fine-tuned, for its memory footprint (src/llm/memory.ts). */
export const trainingMemorySchema = z
  .strictObject({
    model: z
      .string()
      .refine((s) => modelPresetNames().includes(s), { message: `expected a model preset: ${modelPresetNames().join(', ')}` })
      .describe('model shapes for the memory footprint (src/llm/architectures.ts); its layers and hidden size must match the llm section'),
    weightBits: z.union([z.literal(16), z.literal(8), z.literal(4)]).default(16).describe("bits per frozen matrix weight on the phones"),
    siteWeightBits: z.union([z.literal(16), z.literal(8), z.literal(4)]).optional().describe('bits per frozen matrix weight at the edge sites; default weightBits'),
    lora: z.strictObject({
      rank: z.number().int().min(1).max(65_536).describe('LoRA rank r'),
      targets: z.array(z.enum(layerMatrixNames as [string, ...string[]])).min(1).describe('matrices of each layer with an adapter, e.g. ["q", "v"]'),
    }),
    recomputeAttentionScores: z.boolean().default(false).describe('attention probabilities recomputed in the backward pass (FlashAttention-style)'),
  })
  .describe("fine-tuning memory (ours, docs/device-limits.md): with it, phones' and sites' memoryBytes bound the split");

/** A phone's or a site's memory for fine-tuning (bytes); 1 kB to 100 TB. */
export const memoryBytesSchema = () => distributionSchema({ min: 1e3, max: 1e14 });

/** The privacy floor: the least number of layers a phone keeps. */
export const alphaMinSchema = z.number().int().min(1).max(10_000).describe('privacy floor: the least layers trained on the phone (ours, docs/device-limits.md)');
