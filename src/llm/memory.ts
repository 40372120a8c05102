/**
 * Memory needed to fine-tune a model split at layer alpha with LoRA, on the
 * phone (layers 1..alpha) and at the edge site (layers alpha+1..Y). An
 * extension of the paper's model (ours): the paper models no memory. Every
 * formula and constant is stated, with its source, in docs/device-limits.md.
 * All results are bytes.
 */
import {
  embeddingParameters,
  headParameters,
  layerParameters,
  type ModelArchitecture,
} from './architectures.js';
import { adapterParametersPerLayer, checkLora, type LoraConfig } from './lora.js';

/** Storage of the frozen layer matrices: 16-bit floats, 8-bit or 4-bit quantised. */
export type WeightBits = 16 | 8 | 4;

export interface TrainingMemoryOptions {
  /** Bits per frozen matrix weight; biases, norms, embeddings and the head stay at 16. */
  weightBits: WeightBits;
  lora: LoraConfig;
  /**
   * Attention probabilities recomputed in the backward pass instead of kept
   * (as FlashAttention does), removing the term that grows with tokens².
   */
  recomputeAttentionScores?: boolean;
}

/** Bytes of one 16-bit value (fp16 or bf16): activations, vectors, embeddings. */
export const BYTES_PER_16BIT_VALUE = 2;
/**
 * Mixed-precision Adam per trainable parameter (Rajbhandari et al., "ZeRO",
 * SC 2020, section 3.1): a 16-bit weight and a 16-bit gradient, and K = 12
 * bytes of optimiser state (an fp32 master copy and Adam's two fp32 moments).
 */
export const ADAPTER_WEIGHT_BYTES = 2;
export const ADAPTER_GRADIENT_BYTES = 2;
export const ADAM_STATE_BYTES = 12;
/** Logits are kept in fp32 for the cross-entropy backward. */
const BYTES_PER_FP32_VALUE = 4;

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
}

function checkOptions(model: ModelArchitecture, options: TrainingMemoryOptions): void {
  if (options.weightBits !== 16 && options.weightBits !== 8 && options.weightBits !== 4) {
    throw new RangeError(`weight precision must be 16, 8 or 4 bits, got ${String(options.weightBits)}`);
  }
  checkLora(model, options.lora);
}

/** Frozen weights of one layer: matrices at weightBits, vectors at 16 bits. */
export function frozenLayerBytes(model: ModelArchitecture, weightBits: WeightBits): number {
  const p = layerParameters(model);
  // Whole bytes: two 4-bit weights share one.
  return Math.ceil((p.matrices * weightBits) / 8) + p.vectors * BYTES_PER_16BIT_VALUE;
}

/** The input embedding table (and learned positions), at 16 bits; held by whoever runs layer 1. */
export function embeddingBytes(model: ModelArchitecture): number {
  return embeddingParameters(model) * BYTES_PER_16BIT_VALUE;
}

/**
 * The output side (final norm and LM head, 16 bits) as held by a party that
 * already holds the embedding table (`holdsEmbedding`) or not: a tied head is
 * the embedding's token table, so it costs nothing extra only to its holder.
 */
export function headWeightBytes(model: ModelArchitecture, holdsEmbedding: boolean): number {
  const head = headParameters(model);
  const tiedTable = model.tiedEmbeddings && !holdsEmbedding ? model.vocab * model.hidden : 0;
  return (head.matrices + tiedTable + head.vectors) * BYTES_PER_16BIT_VALUE;
}

/** Bytes per layer of the adapters, their gradients and Adam's state. */
export function adapterTrainingBytesPerLayer(model: ModelArchitecture, lora: LoraConfig): number {
  return adapterParametersPerLayer(model, lora) * (ADAPTER_WEIGHT_BYTES + ADAPTER_GRADIENT_BYTES + ADAM_STATE_BYTES);
}

/**
 * Activations one layer keeps for the backward pass, for one batch of
 * `batch` samples of `tokens` tokens: Korthikanti et al. 2022 ("Reducing
 * Activation Recomputation in Large Transformer Models", section 4.1) count
 * 34·s·b·h + 5·a·s²·b bytes in 16 bits for a GPT layer (MHA, 4h GELU MLP,
 * dropout everywhere). The same tensor-by-tensor count, applied to this
 * model's shapes (grouped K/V, gated MLP, dropout only where configured),
 * plus each adapter's r-wide intermediate, gives the factor below; for GPT
 * shapes it is exactly theirs (tested).
 */
export function activationBytesPerLayer(
  model: ModelArchitecture,
  options: TrainingMemoryOptions,
  batch: number,
  tokens: number,
): number {
  checkPositiveInteger('batch', batch);
  checkPositiveInteger('tokens', tokens);
  const h = model.hidden;
  const q = model.attentionHeads * model.headDim;
  const kv = model.kvHeads * model.headDim;
  const i = model.intermediate;
  const mask = model.residualDropout ? h : 0; // one byte per value
  const norms = 2 * 2 * h;
  // QKV input, Q and K for the scores, V, the output projection's input.
  const attention = 2 * h + 2 * q + 2 * kv + 2 * kv + 2 * q + mask;
  // gated: input, gate output, its SiLU, up output, their product; plain: input, pre-activation, activation.
  const mlp = (model.mlp === 'gated' ? 2 * h + 4 * 2 * i : 2 * h + 2 * 2 * i) + mask;
  const adapters = 2 * options.lora.rank * options.lora.targets.length;
  const perToken = norms + attention + mlp + adapters;
  // Softmax output (2 bytes), plus dropout mask (1) and output (2) where attention dropout is on.
  const scoreBytes = options.recomputeAttentionScores ? 0 : model.attentionDropout ? 5 : 2;
  return batch * tokens * perToken + scoreBytes * model.attentionHeads * tokens * tokens * batch;
}

/**
 * Activations of the output side kept for the backward pass (ours, in the
 * same convention): the final norm's input and the head's input (16 bits)
 * and the logits in fp32 for the cross-entropy.
 */
export function headActivationBytes(model: ModelArchitecture, batch: number, tokens: number): number {
  return batch * tokens * (2 * BYTES_PER_16BIT_VALUE * model.hidden + BYTES_PER_FP32_VALUE * model.vocab);
}

export interface Footprint {
  /** Frozen weights of the layers held. */
  weights: number;
  /** Input embedding table (phone) or 0. */
  embeddings: number;
  /** Final norm and LM head, when this party computes the loss. */
  head: number;
  /** Adapters, their gradients and Adam's state. */
  adapters: number;
  activations: number;
  total: number;
}

function checkAlpha(model: ModelArchitecture, alpha: number): void {
  if (!Number.isInteger(alpha) || alpha < 1 || alpha > model.layers) {
    throw new RangeError(`alpha must be an integer in 1..${model.layers}, got ${alpha}`);
  }
}

/**
 * What a phone training layers 1..alpha needs. The phone runs the first
 * layers, so it holds the input embedding table; it holds the head only at
 * alpha = Y (it then computes the loss itself).
 */
export function deviceFootprint(
  model: ModelArchitecture,
  options: TrainingMemoryOptions,
  alpha: number,
  batch: number,
  tokens: number,
): Footprint {
  checkOptions(model, options);
  checkAlpha(model, alpha);
  const whole = alpha === model.layers;
  const weights = alpha * frozenLayerBytes(model, options.weightBits);
  const embeddings = embeddingBytes(model);
  const head = whole ? headWeightBytes(model, true) : 0;
  const adapters = alpha * adapterTrainingBytesPerLayer(model, options.lora);
  const activations =
    alpha * activationBytesPerLayer(model, options, batch, tokens) + (whole ? headActivationBytes(model, batch, tokens) : 0);
  return { weights, embeddings, head, adapters, activations, total: weights + embeddings + head + adapters + activations };
}

/** Total bytes of `deviceFootprint`. */
export function deviceMemoryBytes(
  model: ModelArchitecture,
  options: TrainingMemoryOptions,
  alpha: number,
  batch: number,
  tokens: number,
): number {
  return deviceFootprint(model, options, alpha, batch, tokens).total;
}

/**
 * The largest alpha in 1..Y whose device footprint fits in `memoryBytes`;
 * 0 when even one layer does not fit (the user cannot join).
 */
export function alphaMax(
  memoryBytes: number,
  model: ModelArchitecture,
  options: TrainingMemoryOptions,
  batch: number,
  tokens: number,
): number {
  if (!(memoryBytes >= 0)) throw new RangeError(`memory must be a non-negative number of bytes, got ${memoryBytes}`);
  // The footprint grows with alpha, so the first layer that does not fit ends the scan.
  let best = 0;
  for (let alpha = 1; alpha <= model.layers; alpha++) {
    if (deviceMemoryBytes(model, options, alpha, batch, tokens) > memoryBytes) break;
    best = alpha;
  }
  return best;
}

/** One user served by an edge site. */
export interface EdgeUser {
  alpha: number;
  batch: number;
  tokens: number;
}

export interface EdgeFootprint {
  /** Frozen weights every user shares: layers min(alpha)+1..Y and the head. */
  shared: number;
  /** Per user, in the order given: adapters, optimiser state and activations of its Y − alpha layers. */
  perUser: number[];
  total: number;
}

/**
 * What an edge site's GPU needs for its users. The frozen base weights are
 * held once (every user fine-tunes the same base model): the layers the
 * deepest-reaching user needs, min(alpha)+1..Y, and the head when some user
 * leaves it to the site. Each user brings its own adapters, their gradients
 * and optimiser state, and activations.
 */
export function edgeFootprint(model: ModelArchitecture, options: TrainingMemoryOptions, users: readonly EdgeUser[]): EdgeFootprint {
  checkOptions(model, options);
  let minAlpha = model.layers;
  for (const u of users) {
    checkAlpha(model, u.alpha);
    minAlpha = Math.min(minAlpha, u.alpha);
  }
  const serverLayers = model.layers - minAlpha;
  const shared =
    serverLayers > 0 ? serverLayers * frozenLayerBytes(model, options.weightBits) + headWeightBytes(model, false) : 0;
  const adapterBytes = adapterTrainingBytesPerLayer(model, options.lora);
  const perUser = users.map((u) => {
    const layers = model.layers - u.alpha;
    if (layers === 0) return 0;
    const perLayer = adapterBytes + activationBytesPerLayer(model, options, u.batch, u.tokens);
    return layers * perLayer + headActivationBytes(model, u.batch, u.tokens);
  });
  return { shared, perUser, total: perUser.reduce((a, b) => a + b, shared) };
}

/** Total bytes of `edgeFootprint`. */
export function edgeMemoryBytes(model: ModelArchitecture, options: TrainingMemoryOptions, users: readonly EdgeUser[]): number {
  return edgeFootprint(model, options, users).total;
}
