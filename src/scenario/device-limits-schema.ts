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

/** A phone's first-order thermal model and GPU governor (src/system/thermal.ts); constants and sources in docs/device-limits.md. */
export const thermalSchema = z
  .strictObject({
    heatCapacityJPerK: z.number().finite().min(0.01).max(1e6).describe('heat capacity C of the phone (J/K)'),
    thermalResistanceKPerW: z.number().finite().min(0.01).max(1e4).describe('thermal resistance R to the ambient (K/W)'),
    ambientC: z.number().finite().min(-50).max(80).default(25).describe('ambient temperature (°C)'),
    initialC: z.number().finite().min(-50).max(150).optional().describe('temperature at t = 0 (°C); default the ambient'),
    levels: z
      .array(z.strictObject({ aboveC: z.number().finite().min(-50).max(150), maxFreqFraction: z.number().finite().gt(0).max(1) }))
      .min(1)
      .max(100)
      .refine((l) => l.every((x, i) => i === 0 || (x.aboveC > l[i - 1].aboveC && x.maxFreqFraction <= l[i - 1].maxFreqFraction)), {
        message: 'expected levels with rising thresholds and non-increasing frequency fractions',
      })
      .describe('governor: from each threshold (°C) up, the GPU frequency is capped at this fraction of its maximum'),
    hysteresisC: z.number().finite().gt(0).max(50).default(2).describe('a level is left this far (K) below its threshold'),
  })
  .describe('thermal throttling (ours, docs/device-limits.md)');

/** A phone's battery (src/system/battery.ts). */
export const batterySchema = z
  .strictObject({
    capacityWh: z.number().finite().gt(0).max(1e4).describe('capacity (Wh), from the data sheet'),
    initialFraction: z.number().finite().min(0).max(1).default(1).describe('charge at t = 0, as a fraction of the capacity'),
    reserveFraction: z.number().finite().min(0).max(1).default(0.2).describe('below this fraction the phone starts no new iteration until plugged in'),
    charging: z
      .strictObject({
        powerW: z.number().finite().gt(0).max(1e3).describe('charging power (W)'),
        windows: z.array(z.strictObject({ startS: z.number().finite().min(0), endS: z.number().finite().min(0) })).max(10_000).describe('times the phone is plugged in (s)'),
      })
      .optional(),
  })
  .describe('battery (ours, docs/device-limits.md)');
