import { z } from 'zod';
import { edgeSchedulerSchema } from './schedulers/registry.js';

/*
 * What a run is asked to do, apart from the world it runs: the horizon,
 * when the allocator is called, the pipeline, the scheduler, the links'
 * refresh. It belongs to the system that reads it; the topology file holds
 * it as its `simulation` section.
 */

const num = () => z.number().finite();

/**
 * A plug-in a topology names: an ES module (docs/plugins.md), its path
 * relative to the topology file's folder, and the options handed to its
 * default export's factory.
 */
export const moduleRefSchema = z.strictObject({
  module: z.string().min(1).describe("path of an ES module, relative to the topology file's folder"),
  options: z.record(z.string(), z.unknown()).optional().describe("handed to the module's factory"),
});
export type ModuleRef = z.output<typeof moduleRefSchema>;

export function isModuleRef(value: unknown): value is ModuleRef {
  return typeof value === 'object' && value !== null && 'module' in value;
}

/**
 * Sites a user keeps links to when `simulation.candidateSites` is not set
 * (docs/simulation.md, "Candidate servers"). Worlds with at most this many
 * sites link every user to every site, exactly as before candidates existed.
 */
export const DEFAULT_CANDIDATE_SITES = 16;

/** The number of candidate sites of a run (all of them when the world has no more). */
export function candidateLimit(config: SimulationConfig, servers: number): number {
  return Math.min(servers, config.candidateSites ?? DEFAULT_CANDIDATE_SITES);
}

/**
 * The dynamic simulation (`mecsim run`); every field has a default, so a
 * topology without this section simulates one iteration per user from t = 0
 * on a static channel with the paper's lumped costs.
 */
export const simulationSchema = z.strictObject({
  horizonS: num().positive().max(1e10).default(3600).describe('simulated time (s)'),
  epochS: num().min(1e-6).default(60).describe('time between periodic allocator calls (s)'),
  allocator: z
    .union([z.string().min(1), moduleRefSchema], { error: 'expected an allocator name or {"module": "./my-allocator.js", "options": {...}}' })
    .default('strongest-server')
    .describe('allocator name (see mecsim solve --help), or a plug-in module {"module", "options"}'),
  allocatorOptions: z
    .record(z.string(), z.number())
    .optional()
    .describe("the allocator's settings, e.g. {\"txPowerFloorFraction\": 0.001}; each allocator checks its own (docs/scenarios.md)"),
  users: z
    .enum(['active', 'all'])
    .default('active')
    .describe('who an allocator call sees: users with queued or running work, or every user'),
  triggers: z
    .strictObject({
      gainChangeDb: num().positive().max(300).optional().describe("re-allocate when a user's serving-link gain moves this far (dB) from the snapshot"),
      jobArrival: z.boolean().default(false).describe('re-allocate when work reaches a user that holds no decision'),
      minGapS: num().min(0).max(1e10).default(1).describe('shortest time between two triggered calls (s)'),
    })
    .default({ jobArrival: false, minGapS: 1 }),
  candidateSites: z
    .number()
    .int()
    .min(1)
    .max(4096)
    .optional()
    .describe(`sites a user keeps links to and may be given: its nearest ones (default ${DEFAULT_CANDIDATE_SITES}); with no more sites than this, every site`),
  gains: z.enum(['large-scale', 'instantaneous']).default('large-scale').describe('gains the allocator plans with'),
  pipeline: z.enum(['lumped', 'fwd-bwd']).default('lumped'),
  scheduler: z
    .union([edgeSchedulerSchema, moduleRefSchema], { error: 'expected {"policy": ...} or a plug-in module {"module": "./my-scheduler.js", "options": {...}}' })
    .default({ policy: 'allocated' }),
  downlink: z
    .discriminatedUnion('model', [
      z.strictObject({ model: z.literal('none') }),
      z.strictObject({
        model: z.literal('rate'),
        serverTxPowerW: num().min(1e-6).max(1e3).describe("server transmit power on the user's band (W)"),
      }),
    ])
    .default({ model: 'none' }),
  rateUpdateS: num().min(1e-6).max(1e10).default(0.01).describe('rate re-evaluation interval while a transfer is in flight (s)'),
  // Optional rather than defaulted, so the resolved section written to run.json is what it was before the field existed.
  transferSampling: z
    .enum(['events', 'ahead'])
    .optional()
    .describe(
      "how a transfer's rate samples are run: 'ahead' (the default) computes them when the transfer starts, one event at its end, where every link's gain is a pure function of time; 'events' schedules one event per sample. Same results, fewer events",
    ),
  outage: z
    .strictObject({
      minSnrDb: num().min(-100).max(100).describe('below this SNR (dB) a link carries nothing and the transmitter is off until the next rate update'),
    })
    .optional(),
});
export type SimulationConfig = z.output<typeof simulationSchema>;
