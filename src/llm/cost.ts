/**
 * Costs of training a transformer, as the paper models them (Liu and Zhao,
 * MobiHoc 2024, section 2). Pure arithmetic, no units other than counts,
 * FLOPs and bits.
 */

/**
 * FLOPs to train one transformer layer on one batch (forward and backward):
 * psi = 72·B·d·h² + 12·B·d²·h. The first term is the dense projections
 * (attention and MLP), the second the attention scores, which grow with the
 * square of the sequence length.
 *
 * @param batch  batch size B (samples)
 * @param tokens input tokens per sample d
 * @param hidden hidden size h
 */
export function psiFlops(batch: number, tokens: number, hidden: number): number {
  return 72 * batch * tokens * hidden * hidden + 12 * batch * tokens * tokens * hidden;
}

/**
 * Bits of the activation tensor at the cut, sent uplink once per iteration:
 * s = B·d·h·bitsPerValue (one value per token and hidden unit).
 */
export function activationBits(batch: number, tokens: number, hidden: number, bitsPerValue: number): number {
  return batch * tokens * hidden * bitsPerValue;
}

/**
 * The paper's bound on the average-replace-one stability of a model whose
 * first `alpha` of `layers` layers were fine-tuned on `samples` samples of a
 * loss with Lipschitz constant `lipschitz` (Theorem 1):
 * 2·L² / (k·(1 − alpha/Y)). It grows with alpha and is infinite at alpha = Y
 * (pure local training).
 */
export function stabilityBound(lipschitz: number, samples: number, alpha: number, layers: number): number {
  const keep = 1 - alpha / layers;
  if (!(keep > 0)) return Infinity;
  return (2 * lipschitz * lipschitz) / (samples * keep);
}

/**
 * A processor as the paper models it (device or edge GPU): `cores` C,
 * `flopsPerCycle` D per core, and effective switched capacitance `kappa`
 * (at f Hz it draws kappa·f³ W).
 */
export interface Processor {
  cores: number;
  flopsPerCycle: number;
  kappa: number;
}

/** FLOPs per second per hertz of clock: C·D. */
export function flopsPerHz(processor: Pick<Processor, 'cores' | 'flopsPerCycle'>): number {
  return processor.cores * processor.flopsPerCycle;
}

/** Time to train `layers` layers of psi FLOPs each at f Hz: layers·psi/(f·C·D) seconds. */
export function layersTimeS(layers: number, psi: number, freqHz: number, processor: Pick<Processor, 'cores' | 'flopsPerCycle'>): number {
  return (layers * psi) / (freqHz * flopsPerHz(processor));
}

/**
 * Energy to train `layers` layers of psi FLOPs each at f Hz:
 * layers·kappa·f²·psi/(C·D) joules (power kappa·f³ for the time above).
 */
export function layersEnergyJ(layers: number, psi: number, freqHz: number, processor: Processor): number {
  return (layers * processor.kappa * freqHz * freqHz * psi) / flopsPerHz(processor);
}

/**
 * Power of a processor (or a slice of one) clocked at f Hz: kappa·f³ watts.
 * The paper charges kappa·f²·psi/(C·D) joules for psi FLOPs that take
 * psi/(f·C·D) seconds at f, so the power is their ratio, whatever C and D are.
 */
export function powerAtFreqW(kappa: number, freqHz: number): number {
  return kappa * freqHz * freqHz * freqHz;
}

/** Energy of a processor clocked at f Hz for `seconds`: kappa·f³·t joules. */
export function energyAtFreqJ(kappa: number, freqHz: number, seconds: number): number {
  return powerAtFreqW(kappa, freqHz) * seconds;
}
