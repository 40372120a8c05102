/**
 * LoRA adapters (Hu et al., "LoRA: Low-Rank Adaptation of Large Language
 * Models", ICLR 2022): a frozen matrix W (d_in → d_out) gets a trainable
 * update B·A with A of shape r × d_in and B of shape d_out × r. This is an
 * extension of the paper's model (ours): the paper says its users fine-tune
 * with PEFT but counts full-training FLOPs and no memory.
 */
import { layerMatrixNames, layerMatrixShapes, type LayerMatrix, type ModelArchitecture } from './architectures.js';

export interface LoraConfig {
  /** Rank r of every adapter. */
  rank: number;
  /** The matrices of each layer that carry an adapter. */
  targets: readonly LayerMatrix[];
}

/**
 * Throws a RangeError (one line, ready for an InputError) unless the rank is
 * a positive integer and the targets are distinct matrices the model has.
 */
export function checkLora(model: ModelArchitecture, lora: LoraConfig): void {
  if (!Number.isInteger(lora.rank) || lora.rank < 1) {
    throw new RangeError(`LoRA rank must be a positive integer, got ${lora.rank}`);
  }
  if (lora.targets.length === 0) throw new RangeError('LoRA needs at least one target matrix');
  const shapes = layerMatrixShapes(model);
  const seen = new Set<string>();
  for (const t of lora.targets) {
    if (!(layerMatrixNames as readonly string[]).includes(t)) {
      throw new RangeError(`unknown LoRA target '${t}'; expected some of: ${layerMatrixNames.join(', ')}`);
    }
    if (shapes[t] === undefined) {
      throw new RangeError(`LoRA target '${t}' does not exist in ${model.description} (its MLP has no gate)`);
    }
    if (seen.has(t)) throw new RangeError(`LoRA target '${t}' is listed twice`);
    seen.add(t);
  }
}

/** Sum of d_in + d_out over the targeted matrices of one layer. */
function targetWidths(model: ModelArchitecture, lora: LoraConfig): number {
  checkLora(model, lora);
  const shapes = layerMatrixShapes(model);
  let sum = 0;
  for (const t of lora.targets) {
    const s = shapes[t]!;
    sum += s.dIn + s.dOut;
  }
  return sum;
}

/** Trainable adapter parameters per layer: r·(d_in + d_out) per target matrix. */
export function adapterParametersPerLayer(model: ModelArchitecture, lora: LoraConfig): number {
  return lora.rank * targetWidths(model, lora);
}

/**
 * Extra FLOPs the adapters add to training one layer on one batch, to be
 * added to the paper's psi. Per token and target matrix the forward pass is
 * x·Aᵀ (2·r·d_in) then ·Bᵀ (2·r·d_out); the backward pass, gradients with
 * respect to both the input and the adapter's weights, costs twice the
 * forward (the 2N-forward, 4N-backward count of Kaplan et al. 2020, "Scaling
 * Laws for Neural Language Models", section 2.1). Hence
 * 6·B·d·r·Σ(d_in + d_out).
 */
export function loraFlopsPerLayer(model: ModelArchitecture, lora: LoraConfig, batch: number, tokens: number): number {
  return 6 * batch * tokens * lora.rank * targetWidths(model, lora);
}
