/**
 * Shapes of real open transformer models, from their published
 * configurations, for the memory and LoRA extensions of the model (ours; the
 * paper models neither). The paper's cost model needs only the number of
 * layers and the hidden size (see presets.ts); memory needs every matrix.
 *
 * Every value below is copied from the model's published config.json on the
 * Hugging Face Hub (the field names in brackets), cross-checked against the
 * model's paper or card where one gives it.
 */

/** Which matrices one MLP block has. */
export type MlpKind =
  /** SwiGLU: gate and up (h → I), down (I → h); three matrices. */
  | 'gated'
  /** Two matrices: up/fc1 (h → I), a GELU or ReLU, down/fc2 (I → h). */
  | 'plain';

/** Which linear layers carry a bias vector. */
export type BiasKind = 'none' | 'qkv' | 'all';

export interface ModelArchitecture {
  description: string;
  /** Where the numbers come from. */
  source: string;
  /** Decoder layers Y [num_hidden_layers]. */
  layers: number;
  /** Hidden size h [hidden_size]. */
  hidden: number;
  /** Query heads a [num_attention_heads]. */
  attentionHeads: number;
  /** Key/value heads [num_key_value_heads]; fewer than attentionHeads is grouped-query attention. */
  kvHeads: number;
  /** Width of one head; hidden / attentionHeads in every model here. */
  headDim: number;
  /** MLP width I [intermediate_size, ffn_dim, n_inner]. */
  intermediate: number;
  mlp: MlpKind;
  /** Vocabulary V [vocab_size]. */
  vocab: number;
  /** Learned position-embedding rows (0 for rotary position embeddings). */
  positions: number;
  /** The LM head reuses the input embedding table [tie_word_embeddings]. */
  tiedEmbeddings: boolean;
  /** RMSNorm has one vector of h, LayerNorm two (scale and shift). */
  norm: 'rmsnorm' | 'layernorm';
  biases: BiasKind;
  /** Dropout on the residual branches (attention output, MLP output) while training. */
  residualDropout: boolean;
  /** Dropout on the attention probabilities while training. */
  attentionDropout: boolean;
}

const HF = 'https://huggingface.co';

export const modelPresets: Readonly<Record<string, Readonly<ModelArchitecture>>> = Object.freeze({
  'gpt2-small': {
    description: 'GPT-2 small (124M parameters)',
    source: `${HF}/openai-community/gpt2 config.json (n_layer 12, n_embd 768, n_head 12, n_inner null = 4·n_embd, vocab_size 50257, n_positions 1024, resid_pdrop and attn_pdrop 0.1); Radford et al. 2019`,
    layers: 12, hidden: 768, attentionHeads: 12, kvHeads: 12, headDim: 64, intermediate: 3072, mlp: 'plain',
    vocab: 50257, positions: 1024, tiedEmbeddings: true, norm: 'layernorm', biases: 'all',
    residualDropout: true, attentionDropout: true,
  },
  'opt-1.3b': {
    description: 'OPT-1.3B',
    source: `${HF}/facebook/opt-1.3b config.json (num_hidden_layers 24, hidden_size 2048, num_attention_heads 32, ffn_dim 8192, vocab_size 50272, max_position_embeddings 2048 plus OPT's offset of 2, activation relu, dropout 0.1, attention_dropout 0.0); Zhang et al. 2022, table 1`,
    layers: 24, hidden: 2048, attentionHeads: 32, kvHeads: 32, headDim: 64, intermediate: 8192, mlp: 'plain',
    vocab: 50272, positions: 2050, tiedEmbeddings: true, norm: 'layernorm', biases: 'all',
    residualDropout: true, attentionDropout: false,
  },
  'qwen2.5-0.5b': {
    description: 'Qwen2.5-0.5B (grouped-query attention, tied embeddings)',
    source: `${HF}/Qwen/Qwen2.5-0.5B config.json (num_hidden_layers 24, hidden_size 896, num_attention_heads 14, num_key_value_heads 2, intermediate_size 4864, vocab_size 151936, tie_word_embeddings true, attention_dropout 0.0); the model card: QKV bias, 0.49B parameters, 0.36B non-embedding`,
    layers: 24, hidden: 896, attentionHeads: 14, kvHeads: 2, headDim: 64, intermediate: 4864, mlp: 'gated',
    vocab: 151936, positions: 0, tiedEmbeddings: true, norm: 'rmsnorm', biases: 'qkv',
    residualDropout: false, attentionDropout: false,
  },
  'llama-2-7b': {
    description: 'LLaMA-2-7B',
    source: `${HF}/meta-llama/Llama-2-7b-hf config.json (num_hidden_layers 32, hidden_size 4096, num_attention_heads 32, num_key_value_heads 32, intermediate_size 11008, vocab_size 32000, tie_word_embeddings false); Touvron et al. 2023`,
    layers: 32, hidden: 4096, attentionHeads: 32, kvHeads: 32, headDim: 128, intermediate: 11008, mlp: 'gated',
    vocab: 32000, positions: 0, tiedEmbeddings: false, norm: 'rmsnorm', biases: 'none',
    residualDropout: false, attentionDropout: false,
  },
  'llama-3-8b': {
    description: 'Llama-3-8B (grouped-query attention)',
    source: `${HF}/meta-llama/Meta-Llama-3-8B config.json (num_hidden_layers 32, hidden_size 4096, num_attention_heads 32, num_key_value_heads 8, intermediate_size 14336, vocab_size 128256, tie_word_embeddings false)`,
    layers: 32, hidden: 4096, attentionHeads: 32, kvHeads: 8, headDim: 128, intermediate: 14336, mlp: 'gated',
    vocab: 128256, positions: 0, tiedEmbeddings: false, norm: 'rmsnorm', biases: 'none',
    residualDropout: false, attentionDropout: false,
  },
  'mistral-7b': {
    description: 'Mistral-7B-v0.1 (grouped-query attention)',
    source: `${HF}/mistralai/Mistral-7B-v0.1 config.json (num_hidden_layers 32, hidden_size 4096, num_attention_heads 32, num_key_value_heads 8, intermediate_size 14336, vocab_size 32000, tie_word_embeddings false); Jiang et al. 2023, table 1`,
    layers: 32, hidden: 4096, attentionHeads: 32, kvHeads: 8, headDim: 128, intermediate: 14336, mlp: 'gated',
    vocab: 32000, positions: 0, tiedEmbeddings: false, norm: 'rmsnorm', biases: 'none',
    residualDropout: false, attentionDropout: false,
  },
} satisfies Record<string, ModelArchitecture>);

/** Names of the model presets, sorted. */
export function modelPresetNames(): string[] {
  return Object.keys(modelPresets).sort();
}

/**
 * The model preset with this name. An unknown name throws a RangeError that
 * lists the known ones, ready to be wrapped in an InputError naming the file
 * and field.
 */
export function modelPreset(name: string): Readonly<ModelArchitecture> {
  const preset = Object.prototype.hasOwnProperty.call(modelPresets, name) ? modelPresets[name] : undefined;
  if (preset === undefined) {
    throw new RangeError(`unknown model preset '${name}'; expected one of: ${modelPresetNames().join(', ')}`);
  }
  return preset;
}

/** The linear layers of one transformer layer, by the names LoRA targets use. */
export type LayerMatrix = 'q' | 'k' | 'v' | 'o' | 'gate' | 'up' | 'down';

export const layerMatrixNames: readonly LayerMatrix[] = Object.freeze(['q', 'k', 'v', 'o', 'gate', 'up', 'down']);

export interface MatrixShape {
  /** Input width. */
  dIn: number;
  /** Output width. */
  dOut: number;
}

/**
 * The shapes of the linear layers one transformer layer has. A 'plain' MLP
 * has no gate: its fc1 is 'up' and its fc2 is 'down'.
 */
export function layerMatrixShapes(model: ModelArchitecture): Partial<Record<LayerMatrix, MatrixShape>> {
  const h = model.hidden;
  const qWidth = model.attentionHeads * model.headDim;
  const kvWidth = model.kvHeads * model.headDim;
  const shapes: Partial<Record<LayerMatrix, MatrixShape>> = {
    q: { dIn: h, dOut: qWidth },
    k: { dIn: h, dOut: kvWidth },
    v: { dIn: h, dOut: kvWidth },
    o: { dIn: qWidth, dOut: h },
  };
  if (model.mlp === 'gated') shapes.gate = { dIn: h, dOut: model.intermediate };
  shapes.up = { dIn: h, dOut: model.intermediate };
  shapes.down = { dIn: model.intermediate, dOut: h };
  return shapes;
}

export interface LayerParameters {
  /** Weights of the linear layers (the part that quantisation shrinks). */
  matrices: number;
  /** Biases and normalisation vectors (kept at 16 bits). */
  vectors: number;
}

function normParameters(model: ModelArchitecture): number {
  return model.norm === 'rmsnorm' ? model.hidden : 2 * model.hidden;
}

/** Parameters of one transformer layer: its matrices, biases and two norms. */
export function layerParameters(model: ModelArchitecture): LayerParameters {
  let matrices = 0;
  let biases = 0;
  for (const [name, shape] of Object.entries(layerMatrixShapes(model))) {
    matrices += shape.dIn * shape.dOut;
    const isQkv = name === 'q' || name === 'k' || name === 'v';
    if (model.biases === 'all' || (model.biases === 'qkv' && isQkv)) biases += shape.dOut;
  }
  return { matrices, vectors: biases + 2 * normParameters(model) };
}

/** Parameters of the input side: the token embedding table and learned positions. */
export function embeddingParameters(model: ModelArchitecture): number {
  return (model.vocab + model.positions) * model.hidden;
}

/**
 * Parameters of the output side beyond the last layer: the final norm and,
 * unless tied to the embedding table, the LM head (h → V, no bias).
 */
export function headParameters(model: ModelArchitecture): LayerParameters {
  return { matrices: model.tiedEmbeddings ? 0 : model.hidden * model.vocab, vectors: normParameters(model) };
}

/** Every parameter of the model, as its published parameter count counts them. */
export function totalParameters(model: ModelArchitecture): number {
  const layer = layerParameters(model);
  const head = headParameters(model);
  return model.layers * (layer.matrices + layer.vectors) + embeddingParameters(model) + head.matrices + head.vectors;
}
