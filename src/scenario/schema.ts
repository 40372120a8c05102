import { z } from 'zod';
import { mobilitySchema } from '../mobility/registry.js';
import { fadingSchema, shadowingSchema, topologyPathLossSchema } from '../radio/registry.js';
import { edgeSchedulerSchema } from '../system/schedulers/registry.js';
import { distributionSchema } from './distribution.js';

/**
 * The topology file, format version 1. Every quantity carries its unit in
 * its name; unknown fields are errors (strict objects) so a misspelt field
 * never silently falls back to a default.
 */

export const TOPOLOGY_FORMAT = 'mecsim-topology';
export const TOPOLOGY_VERSION = 1;

const positionSchema = z.strictObject({
  xM: z.number().describe('east coordinate (m)'),
  yM: z.number().describe('north coordinate (m)'),
});

const placementSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('random').describe('uniform over the area') }),
    z.strictObject({ kind: z.literal('grid').describe('centres of a near-square grid of cells covering the area') }),
    z.strictObject({ kind: z.literal('listed'), positions: z.array(positionSchema).min(1) }),
  ],
  { error: 'expected a placement {"kind": "random"}, {"kind": "grid"} or {"kind": "listed", "positions": [...]}' },
);

const positive = distributionSchema({ min: 0, exclusiveMin: true });
function positiveIntDistribution() {
  return distributionSchema({ min: 1, integer: true });
}
const positiveInt = positiveIntDistribution();

const userHardwareSchema = z.strictObject({
  gpuCores: positiveInt.describe('GPU cores C^U'),
  flopsPerCycle: positive.describe('FLOPs per cycle per core D^U'),
  maxFreqHz: positive.describe('maximum GPU frequency f^max (Hz)'),
  kappa: positive.describe('effective switched capacitance kappa1: power = kappa * f^3 (W/Hz^3)'),
  maxTxPowerW: positive.describe('maximum transmit power p^max (W)'),
});

const serverHardwareSchema = z.strictObject({
  gpuCores: positiveInt.describe('GPU cores C^E'),
  flopsPerCycle: positive.describe('FLOPs per cycle per core D^E'),
  maxFreqHz: positive.describe('GPU frequency f_m^max shared among users (Hz)'),
  kappa: positive.describe('effective switched capacitance kappa2 (W/Hz^3)'),
  bandwidthHz: positive.describe('uplink bandwidth b_m^max (Hz)'),
});

/**
 * How training jobs reach a user's device. A job is a number of training
 * iterations run one after another; `at-start` puts `jobs` jobs in every
 * device's queue at t = 0, `poisson` draws arrivals with exponential gaps
 * (stream `arrivals/u<n>`). Iterations per job are drawn per job (stream
 * `jobs/u<n>`).
 */
const arrivalsSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('at-start'),
      jobs: z.number().int().min(1).default(1).describe('jobs queued at t = 0'),
    }),
    z.strictObject({
      kind: z.literal('poisson'),
      ratePerS: z.number().positive().finite().describe('job arrivals per second per user'),
    }),
  ],
  { error: 'expected arrivals {"kind": "at-start"} or {"kind": "poisson", "ratePerS": ...}' },
);

const jobsSchema = z.strictObject({
  arrivals: arrivalsSchema.default({ kind: 'at-start', jobs: 1 }),
  iterationsPerJob: positiveIntDistribution().default(1).describe('training iterations per job'),
});

const userGroupSchema = z.strictObject({
  name: z.string().min(1).regex(/^[A-Za-z0-9_-]+$/, 'expected letters, digits, _ or -'),
  count: z.number().int().min(1),
  placement: placementSchema,
  antennaHeightM: z.number().nonnegative().default(1.5),
  hardware: userHardwareSchema,
  data: z.strictObject({
    tokensPerSample: positiveInt.describe('input tokens per sample d_n'),
    samples: positiveInt.describe('training samples k_n (stability bound)'),
  }),
  /** How the users move; absent: they stay where `placement` put them. */
  mobility: mobilitySchema.optional(),
  jobs: jobsSchema.default({ arrivals: { kind: 'at-start', jobs: 1 }, iterationsPerJob: 1 }),
});

/**
 * The dynamic simulation (`mecsim run`); every field has a default, so a
 * topology without this section simulates one iteration per user from t = 0
 * on a static channel with the paper's lumped costs.
 */
export const simulationSchema = z.strictObject({
  horizonS: z.number().positive().finite().default(3600).describe('simulated time (s)'),
  epochS: z.number().positive().default(60).describe('time between periodic allocator calls (s)'),
  allocator: z.string().min(1).default('strongest-server').describe('allocator name (see mecsim solve --help)'),
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
      gainChangeDb: z.number().positive().optional().describe("re-allocate when a user's serving-link gain moves this far (dB) from the snapshot"),
      jobArrival: z.boolean().default(false).describe('re-allocate when work reaches a user that holds no decision'),
      minGapS: z.number().min(0).default(1).describe('shortest time between two triggered calls (s)'),
    })
    .default({ jobArrival: false, minGapS: 1 }),
  gains: z.enum(['large-scale', 'instantaneous']).default('large-scale').describe('gains the allocator plans with'),
  pipeline: z.enum(['lumped', 'fwd-bwd']).default('lumped'),
  scheduler: edgeSchedulerSchema.default({ policy: 'allocated' }),
  downlink: z
    .discriminatedUnion('model', [
      z.strictObject({ model: z.literal('none') }),
      z.strictObject({
        model: z.literal('rate'),
        serverTxPowerW: z.number().positive().finite().describe("server transmit power on the user's band (W)"),
      }),
    ])
    .default({ model: 'none' }),
  rateUpdateS: z.number().positive().finite().default(0.01).describe('rate re-evaluation interval while a transfer is in flight (s)'),
  outage: z
    .strictObject({
      minSnrDb: z.number().describe('below this SNR (dB) a link carries nothing and the transmitter is off until the next rate update'),
    })
    .optional(),
});
export type SimulationConfig = z.output<typeof simulationSchema>;

const serverGroupSchema = z.strictObject({
  name: z.string().min(1).regex(/^[A-Za-z0-9_-]+$/, 'expected letters, digits, _ or -'),
  count: z.number().int().min(1),
  placement: placementSchema,
  antennaHeightM: z.number().nonnegative().default(10),
  hardware: serverHardwareSchema,
});

export const topologySchema = z
  .strictObject({
    format: z.literal(TOPOLOGY_FORMAT, { error: `expected "${TOPOLOGY_FORMAT}"` }),
    version: z.literal(TOPOLOGY_VERSION, { error: `expected ${TOPOLOGY_VERSION} (the only format version this mecsim reads)` }),
    name: z.string().min(1),
    description: z.string().default(''),
    /** Values the paper does not give, and why we chose them (free text). */
    assumptions: z.record(z.string(), z.string()).default({}),
    seed: z.number().int().nonnegative(),
    area: z.strictObject({ widthM: z.number().positive(), heightM: z.number().positive() }),
    llm: z.strictObject({
      preset: z.string().min(1).describe('a model preset name, e.g. llama-7b-paper'),
      layers: z.number().int().min(2).optional().describe('overrides the preset'),
      hiddenSize: z.number().int().min(1).optional().describe('overrides the preset'),
      batchSize: z.number().int().min(1),
      bitsPerValue: z.number().int().min(1).default(16),
      lipschitz: z.number().positive().describe('Lipschitz constant L of the loss'),
    }),
    weights: z.strictObject({
      time: z.number().nonnegative(),
      energy: z.number().nonnegative(),
      stability: z.number().nonnegative(),
      normalise: z.boolean().default(true).describe('divide by reference scales (model.md 7.4)'),
    }),
    objective: z.strictObject({ includeAirtime: z.boolean().default(false) }).default({ includeAirtime: false }),
    radio: z.strictObject({
      noiseDbmPerHz: z.number().describe('noise power spectral density N0 (dBm/Hz)'),
      noiseFigureDb: z.number().nonnegative().default(0),
      pathLoss: topologyPathLossSchema,
      shadowing: shadowingSchema.default({ model: 'none' }),
      fading: fadingSchema.default({ model: 'none' }),
    }),
    servers: z.array(serverGroupSchema).min(1),
    users: z.array(userGroupSchema).min(1),
    simulation: simulationSchema.default(simulationSchema.parse({})),
  })
  .superRefine((t, ctx) => {
    const groups: Array<['servers' | 'users', { name: string; count: number; placement: z.infer<typeof placementSchema> }[]]> = [
      ['servers', t.servers],
      ['users', t.users],
    ];
    for (const [key, list] of groups) {
      const seen = new Set<string>();
      list.forEach((g, i) => {
        if (seen.has(g.name)) ctx.addIssue({ code: 'custom', path: [key, i, 'name'], message: `group name "${g.name}" is used twice` });
        seen.add(g.name);
        if (g.placement.kind === 'listed') {
          if (g.placement.positions.length !== g.count) {
            ctx.addIssue({
              code: 'custom',
              path: [key, i, 'placement', 'positions'],
              message: `expected ${g.count} positions (the group's count), got ${g.placement.positions.length}`,
            });
          }
          g.placement.positions.forEach((p, j) => {
            if (p.xM < 0 || p.xM > t.area.widthM || p.yM < 0 || p.yM > t.area.heightM) {
              ctx.addIssue({
                code: 'custom',
                path: [key, i, 'placement', 'positions', j],
                message: `position (${p.xM}, ${p.yM}) m is outside the area [0, ${t.area.widthM}] x [0, ${t.area.heightM}] m`,
              });
            }
          });
        }
      });
    }
  });

export type TopologyInput = z.input<typeof topologySchema>;
export type Topology = z.output<typeof topologySchema>;
export type UserGroup = Topology['users'][number];
export type ServerGroup = Topology['servers'][number];
export type Placement = z.infer<typeof placementSchema>;
