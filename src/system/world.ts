import type { CandidateLinks, ServerParams, SiteMemory, Snapshot, UserParams, Weights } from '../allocation/types.js';
import type { Position } from '../engine/geometry.js';
import type { BatteryConfig } from './battery.js';
import type { ThermalConfig } from './thermal.js';
import type { RandomStreams, Stream } from '../engine/random.js';
import type { MobilityModel } from '../mobility/mobility.js';
import type { Channel } from '../radio/channel.js';
import type { PathLoss } from '../radio/pathloss.js';

interface Entity {
  /** Index over all users (or all servers), groups in file order. */
  index: number;
  group: string;
  /** Index within the group. */
  member: number;
  position: Position;
  antennaHeightM: number;
}

export interface UserEntity extends Entity {
  params: UserParams;
  /** Memory the phone gives to fine-tuning (bytes), when the topology says (ours). */
  memoryBytes?: number;
  /** The phone's first-order thermal model and governor (ours); absent: never throttled. */
  thermal?: ThermalConfig;
  /** The phone's battery (ours); absent: unlimited energy. */
  battery?: BatteryConfig;
  /** Why this user cannot join (docs/device-limits.md); absent: it can. Such a user is never in a snapshot. */
  excluded?: string;
}

export interface ServerEntity extends Entity {
  params: ServerParams;
}

export interface LlmConfig {
  preset: string;
  layers: number;
  hidden: number;
  batch: number;
  bitsPerValue: number;
  lipschitz: number;
}

/** A topology resolved into entities with concrete values, all in SI units. */
export interface World {
  seed: number;
  llm: LlmConfig;
  users: UserEntity[];
  servers: ServerEntity[];
  noiseWPerHz: number;
  rawWeights: Weights;
  normalise: boolean;
  includeAirtime: boolean;
  pathLoss: PathLoss;
  /**
   * Sites each user may be given, its nearest ones (docs/simulation.md,
   * "Candidate servers"); absent or at least the number of sites: every site.
   */
  candidateSites?: number;
  /** The sites' shared memory coefficients, with `llm.memory` (ours). */
  siteMemory?: SiteMemory;
}

/** Users who cannot join, in all and by reason (docs/device-limits.md). */
export interface ExcludedUsers {
  count: number;
  reasons: Record<string, number>;
}

/** The world's users who cannot join; undefined when every user can (the paper's case). */
export function excludedUsers(world: World): ExcludedUsers | undefined {
  const reasons: Record<string, number> = {};
  let count = 0;
  for (const u of world.users) {
    if (u.excluded === undefined) continue;
    count++;
    reasons[u.excluded] = (reasons[u.excluded] ?? 0) + 1;
  }
  return count > 0 ? { count, reasons } : undefined;
}

/** How work reaches one user's device: job arrivals and the iterations each job brings. */
export interface JobSource {
  arrivals: { kind: 'at-start'; jobs: number } | { kind: 'poisson'; ratePerS: number };
  /** Draws the iterations of one job from the user's `jobs/u<n>` stream. */
  iterationsPerJob(stream: Stream): number;
}

/** The users' snapshot subset of an allocator call: indices into the world's users and their queues. */
export interface SnapshotUsers {
  users: readonly number[];
  queuedIterations: readonly number[];
}

/**
 * Everything a run moves through, built by the scenario: the world, each
 * user's mobility and job source, the channel over them, and the random
 * streams of the run (the allocator draws from the same ones).
 */
export interface RunWorld {
  world: World;
  streams: RandomStreams;
  mobility: readonly MobilityModel[];
  channel: Channel;
  /** No fading and nobody moves: a transfer's rate never changes. */
  staticChannel: boolean;
  jobs: readonly JobSource[];
  /**
   * The allocator's view of the given users at time t with the given gains
   * (weights normalised as the scenario asks): dense `gains`, or `[]` and
   * the sparse `candidates` (Snapshot.candidates).
   */
  snapshot(gains: number[][], timeS: number, users: SnapshotUsers, candidates?: CandidateLinks): Snapshot;
}
