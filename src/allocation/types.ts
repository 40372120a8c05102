import type { RandomStreams } from '../engine/random.js';

/**
 * What an allocator sees: one instant of the system, everything in SI units.
 * The same shape is written as `instance` by `mecsim solve --json`, so the
 * objective can be recomputed without mecsim.
 */
export interface Snapshot {
  /** Simulated time of the snapshot in seconds (0 for a one-shot solve). */
  timeS: number;
  /** Transformer layers Y. */
  layers: number;
  /** Batch size B. */
  batch: number;
  /** Hidden size h. */
  hidden: number;
  /** Bits per activation value at the cut. */
  bitsPerValue: number;
  /** Lipschitz constant L of the loss (stability bound). */
  lipschitz: number;
  /** Noise power spectral density N0 in W/Hz. */
  noiseWPerHz: number;
  /** The weights actually used by the objective (after normalisation). */
  weights: Weights;
  /** Add w_t * s / r (uplink airtime) to the objective (model.md 7.3). */
  includeAirtime: boolean;
  users: UserParams[];
  servers: ServerParams[];
  /**
   * gains[n][m]: linear power gain from user n to server m. Empty (`[]`)
   * when `candidates` is present: a dense users × servers matrix is what a
   * city-sized run cannot afford. Read a gain with `gainOf`
   * (allocation/candidates.ts), which serves both forms.
   */
  gains: number[][];
  /**
   * The sparse form of the gains, present when the world has more sites than
   * the run's candidate limit (`simulation.candidateSites`, default 16;
   * docs/simulation.md, "Candidate servers"): user n may be given only the
   * servers `candidates.servers[n]` (ascending indices), whose gains are
   * `candidates.gains[n]`, in the same order. A decision that puts a user on
   * a server outside its candidates is infeasible; every other server's gain
   * counts as 0. Absent: every server is a candidate and `gains` is dense.
   */
  candidates?: CandidateLinks;
  /** Work waiting on each device, in iterations (0 in a one-shot solve). */
  queuedIterations?: number[];
  /**
   * Edge-site memory coefficients (ours, docs/device-limits.md): absent when
   * no site declares `memoryBytes`. With each user's `siteBytesPerLayer` and
   * `siteHeadBytes` they give a site's need (`siteMemoryBytes`,
   * src/allocation/split-limits.ts).
   */
  siteMemory?: SiteMemory;
}

/** What every user at a site shares: the frozen base weights, held once. */
export interface SiteMemory {
  /** Frozen weights of one layer at the site's precision (bytes). */
  frozenLayerBytes: number;
  /** Final norm and LM head (bytes), held when some user leaves layers to the site. */
  headWeightBytes: number;
}

/** Per user, the servers it may be given and the gains to them (see `Snapshot.candidates`). */
export interface CandidateLinks {
  /** servers[n]: the candidate server indices of user n, ascending. */
  servers: number[][];
  /** gains[n][j]: linear power gain from user n to server servers[n][j]. */
  gains: number[][];
}

export interface Weights {
  time: number;
  energy: number;
  stability: number;
}

export interface UserParams {
  /** Input tokens per sample d_n. */
  tokens: number;
  /** Training samples k_n (stability bound). */
  samples: number;
  /** GPU cores C^U. */
  cores: number;
  /** FLOPs per cycle per core D^U. */
  flopsPerCycle: number;
  /** Maximum GPU frequency f^max in Hz. */
  maxFreqHz: number;
  /** Effective switched capacitance kappa1 (power = kappa * f^3). */
  kappa: number;
  /** Maximum transmit power in W. */
  maxTxPowerW: number;
  /** Size of the intermediate result s(d_n) in bits. */
  activationBits: number;
  /**
   * FLOPs the layer's LoRA adapters add to psi per iteration, forward and
   * backward, with `llm.memory` (docs/device-limits.md; ours). Absent: 0,
   * the paper's psi.
   */
  loraFlopsPerLayer?: number;
  /**
   * Least alpha allowed, a privacy floor (ours, docs/device-limits.md): a
   * deeper cut exposes less of the input through the activations. Absent: 1.
   */
  alphaMin?: number;
  /**
   * Largest alpha the phone's training memory holds (ours,
   * docs/device-limits.md, `alphaMax` in src/llm/memory.ts). Absent: Y.
   */
  alphaMax?: number;
  /** Adapters, optimiser state and activations per layer this user leaves to its site (bytes). */
  siteBytesPerLayer?: number;
  /** Head activations and logits this user leaves to its site when alpha < Y (bytes). */
  siteHeadBytes?: number;
  /**
   * A server that holds this user's memory reservation together with every
   * other user's on its own home: the association of last resort that
   * always fits the sites' memory (src/allocation/split-limits.ts).
   */
  memoryHomeServer?: number;
  /** Energy left in the battery above its reserve (J), when the phone has a battery (ours). */
  remainingEnergyJ?: number;
  /** Energy between a full battery and its reserve (J), when the phone has a battery (ours). */
  usableEnergyJ?: number;
}

export interface ServerParams {
  cores: number;
  flopsPerCycle: number;
  maxFreqHz: number;
  kappa: number;
  /** Total uplink bandwidth b^max in Hz. */
  bandwidthHz: number;
  /** GPU memory for fine-tuning (bytes, ours, docs/device-limits.md); absent: unlimited. */
  memoryBytes?: number;
}

/** One user's share of a decision. */
export interface UserDecision {
  /** Layers trained on the device, an integer in [1, Y] (Y only for local-only). */
  alpha: number;
  /** Index of the serving edge server. */
  server: number;
  txPowerW: number;
  bandwidthHz: number;
  /** Device GPU frequency f_n in Hz. */
  freqHz: number;
  /** This user's share f_nm of its server's GPU frequency in Hz. */
  serverFreqHz: number;
}

export interface Decision {
  users: UserDecision[];
}

/** What an allocator may use besides the snapshot. */
export interface AllocatorContext {
  /** Random streams of the run; an allocator names its own (e.g. `alloc/random-assoc`). */
  streams: RandomStreams;
  /** The decision in force before this call, for warm starts. */
  previous?: Decision;
  /**
   * The realised cost of earlier decisions that became known since the
   * previous call (each once no iteration it governed is still running), in
   * call order; every call of a run appears exactly once, here or in the end
   * feedback given to `close`. Absent when none became known and in a
   * one-shot solve.
   */
  feedback?: readonly AllocationFeedback[];
}

/** What one earlier decision cost in the run, on the simulator's clock. */
export interface AllocationFeedback {
  /** Index of the allocator call that made the decision. */
  epoch: number;
  /** Iterations the decision governed. */
  iterations: number;
  /**
   * Realised cost per user of that call's snapshot, in its order: the
   * objective's weighted terms on what the user's iterations measured
   * (their mean time and energy terms, plus the stability term), 0 for a
   * user that finished none.
   */
  perUser: number[];
  /** The call's realised cost, the `realisedCost` of epochs.csv: the sum of `perUser` up to rounding (0 when no iteration finished). */
  total: number;
}

/** What `decide` returns: the decision and how it was reached. */
export interface AllocationResult {
  decision: Decision;
  /** Objective value per (outer) iteration, for convergence plots. */
  trace: number[];
}

/**
 * A resource allocator: a pure function of the snapshot (and its named random
 * streams). The same object serves `mecsim solve` and every epoch of
 * `mecsim run`.
 */
export interface Allocator {
  readonly name: string;
  /**
   * The least transmit power this allocator gives a user, as a fraction of
   * the user's maximum (its `txPowerFloorFraction` option); the simulation
   * holds every decision to it. Absent: the paper's open bound p > 0.
   */
  readonly txPowerFloorFraction?: number;
  decide(snapshot: Snapshot, context: AllocatorContext): AllocationResult;
  /**
   * Called once when the run is over (with its summary, and the realised
   * cost of the calls no later call heard about: the end feedback) or
   * abandoned (without): an allocator that holds a resource, such as an
   * external policy's process, releases it here.
   */
  close?(summary?: unknown, feedback?: readonly AllocationFeedback[]): void;
}
