/**
 * Transformer shapes by name. Only what the cost model needs: the number of
 * layers Y and the hidden size h. Sources: the LLaMA paper (Touvron et al.,
 * 2023, table 2: 7B has 32 layers of width 4096), the GPT-2 release (Radford
 * et al., 2019: the 124M "small" model has 12 layers of width 768), the OPT
 * paper (Zhang et al., 2022, table 1: 1.3B has 24 layers of width 2048).
 * `llama-7b-paper` is LLaMA-7B as Liu and Zhao's simulations configure it:
 * 32 layers but h = 1024 (their section 6).
 */
export interface LlmPreset {
  /** Transformer layers Y. */
  layers: number;
  /** Hidden size h. */
  hidden: number;
  description: string;
}

export const llmPresets: Readonly<Record<string, LlmPreset>> = Object.freeze({
  'llama-7b-paper': { layers: 32, hidden: 1024, description: "LLaMA-7B's depth with the paper's simulated hidden size h = 1024" },
  'llama-7b': { layers: 32, hidden: 4096, description: 'LLaMA-7B as published' },
  'gpt2-small': { layers: 12, hidden: 768, description: 'GPT-2 small (124M parameters)' },
  'opt-1.3b': { layers: 24, hidden: 2048, description: 'OPT-1.3B' },
});

/** Names of the presets, sorted. */
export function llmPresetNames(): string[] {
  return Object.keys(llmPresets).sort();
}

/**
 * The preset with this name. An unknown name throws a RangeError whose
 * message lists the known ones, ready to be wrapped in an InputError that
 * names the file and field.
 */
export function llmPreset(name: string): LlmPreset {
  const preset = Object.prototype.hasOwnProperty.call(llmPresets, name) ? llmPresets[name] : undefined;
  if (preset === undefined) {
    throw new RangeError(`unknown LLM preset '${name}'; expected one of: ${llmPresetNames().join(', ')}`);
  }
  return preset;
}
