/**
 * mecsim as a library: the public API (docs/api.md). Only what is exported
 * here is promised; it follows semantic versioning (README.md, "Versions").
 * Everything else under src/ is internal and may change in any release.
 */

// Entry points.
export { loadTopology, parseTopology } from './scenario/load.js';
export {
  registries,
  runCampaign,
  runSimulation,
  solve,
  type AllocatorInput,
  type CampaignOptions,
  type CampaignResult,
  type Registries,
  type SchedulerInput,
  type SimulateOptions,
  type SolveOptions,
  type SolveResult,
  type SweepFile,
  type TopologyInput,
} from './library.js';
export { allocatorByName, allocatorNames } from './allocation/allocators.js';
export { createEdgeScheduler } from './system/schedulers/registry.js';
export { evaluate } from './allocation/objective.js';
export { feasibilityViolations } from './allocation/feasibility.js';

// Errors a caller may tell apart: bad input (the CLI's exit 2) and the machine (exit 1).
export { InputError } from './engine/input-error.js';
export { EnvironmentError } from './engine/environment-error.js';

// Types of the plug-in contracts and of what a run returns.
export type { AllocationFeedback, AllocationResult, Allocator, AllocatorContext, Decision, ServerParams, Snapshot, UserDecision, UserParams, Weights } from './allocation/types.js';
export type { ObjectiveBreakdown } from './allocation/objective.js';
export type { Violation } from './allocation/feasibility.js';
export type { RandomStreams, Stream } from './engine/random.js';
export type { EdgeGpu, EdgeJob, EdgeScheduler } from './system/schedulers/types.js';
export type { EdgeSchedulerConfig } from './system/schedulers/registry.js';
export type { MobilityModel, MobilitySample } from './mobility/mobility.js';
export type { Position } from './engine/geometry.js';
export type { Topology } from './scenario/schema.js';
export type { AllocationCall, IterationCounts, ProgressInfo, SimulationResult } from './scenario/simulate.js';
export type { RunListeners } from './system/events.js';
export type { EpochRecord, IterationRecord, RunSummary } from './metrics/recorders.js';
export type { Progress as CampaignProgress } from './campaign/runner.js';
export type { RunResult, RunSpec } from './campaign/spec.js';
