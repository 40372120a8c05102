import { z } from 'zod';
import { mobilitySchema } from '../mobility/registry.js';
import { fadingSchema, shadowingSchema, topologyPathLossSchema } from '../radio/registry.js';
import { simulationSchema } from '../system/config.js';
import { alphaMinSchema, batterySchema, memoryBytesSchema, thermalSchema, trainingMemorySchema } from './device-limits-schema.js';
import { distributionSchema } from './distribution.js';

/**
 * The topology file, format version 1. Every quantity carries its unit in
 * its name; unknown fields are errors (strict objects) so a misspelt field
 * never silently falls back to a default.
 */

export const TOPOLOGY_FORMAT = 'mecsim-topology';
export const TOPOLOGY_VERSION = 1;

/*
 * Bounds: every number has a physically meaningful range (docs/scenarios.md,
 * "Bounds", gives the reason for each). They keep every derived quantity a
 * finite double and every run of a size a machine can hold.
 */
const num = () => z.number().finite();

/** Largest area side (m): 1000 km, far beyond any cell layout the path-loss models are valid for. */
export const MAX_AREA_SIDE_M = 1e6;

const positionSchema = z.strictObject({
  xM: num().describe('east coordinate (m)'),
  yM: num().describe('north coordinate (m)'),
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

const positiveUpTo = (max: number) => distributionSchema({ min: 0, exclusiveMin: true, max });
const intIn = (min: number, max: number) => distributionSchema({ min, max, integer: true });

const gpuCores = () => intIn(1, 1e6);
const flopsPerCycle = () => positiveUpTo(1e4);
const maxFreqHz = () => distributionSchema({ min: 1e6, max: 1e11 });
const kappa = () => distributionSchema({ min: 1e-40, max: 1e-18 });

const userHardwareSchema = z.strictObject({
  gpuCores: gpuCores().describe('GPU cores C^U'),
  flopsPerCycle: flopsPerCycle().describe('FLOPs per cycle per core D^U'),
  maxFreqHz: maxFreqHz().describe('maximum GPU frequency f^max (Hz)'),
  kappa: kappa().describe('effective switched capacitance kappa1: power = kappa * f^3 (W/Hz^3)'),
  maxTxPowerW: distributionSchema({ min: 1e-6, max: 100 }).describe('maximum transmit power p^max (W)'),
  memoryBytes: memoryBytesSchema().optional().describe('memory the phone gives to fine-tuning (bytes; needs llm.memory)'),
  thermal: thermalSchema.optional(),
  battery: batterySchema.optional(),
});

const serverHardwareSchema = z.strictObject({
  gpuCores: gpuCores().describe('GPU cores C^E'),
  flopsPerCycle: flopsPerCycle().describe('FLOPs per cycle per core D^E'),
  maxFreqHz: maxFreqHz().describe('GPU frequency f_m^max shared among users (Hz)'),
  kappa: kappa().describe('effective switched capacitance kappa2 (W/Hz^3)'),
  bandwidthHz: distributionSchema({ min: 1e3, max: 1e10 }).describe('uplink bandwidth b_m^max (Hz)'),
  memoryBytes: memoryBytesSchema().optional().describe('GPU memory of the site for fine-tuning (bytes; needs llm.memory)'),
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
      jobs: z.number().int().min(1).max(1e6).default(1).describe('jobs queued at t = 0'),
    }),
    z.strictObject({
      kind: z.literal('poisson'),
      ratePerS: num().min(1e-12).max(1e6).describe('job arrivals per second per user'),
    }),
  ],
  { error: 'expected arrivals {"kind": "at-start"} or {"kind": "poisson", "ratePerS": ...}' },
);

const jobsSchema = z.strictObject({
  arrivals: arrivalsSchema.default({ kind: 'at-start', jobs: 1 }),
  iterationsPerJob: intIn(1, 1e9).default(1).describe('training iterations per job'),
});

const userGroupSchema = z.strictObject({
  name: z.string().min(1).regex(/^[A-Za-z0-9_-]+$/, 'expected letters, digits, _ or -'),
  count: z.number().int().min(1).max(1e5),
  placement: placementSchema,
  antennaHeightM: num().min(0).max(1000).default(1.5),
  hardware: userHardwareSchema,
  data: z.strictObject({
    tokensPerSample: intIn(1, 1e7).describe('input tokens per sample d_n'),
    samples: intIn(1, 1e12).describe('training samples k_n (stability bound)'),
  }),
  alphaMin: alphaMinSchema.optional(),
  /** How the users move; absent: they stay where `placement` put them. */
  mobility: mobilitySchema.optional(),
  jobs: jobsSchema.default({ arrivals: { kind: 'at-start', jobs: 1 }, iterationsPerJob: 1 }),
});

// The simulation section is the system's own configuration (system/config.ts).
export { simulationSchema, type SimulationConfig } from '../system/config.js';

const serverGroupSchema = z.strictObject({
  name: z.string().min(1).regex(/^[A-Za-z0-9_-]+$/, 'expected letters, digits, _ or -'),
  count: z.number().int().min(1).max(1e5),
  placement: placementSchema,
  antennaHeightM: num().min(0).max(1000).default(10),
  hardware: serverHardwareSchema,
});

export const topologySchema = z
  .strictObject({
    // Editors read it (`mecsim schema ... > file.schema.json`); mecsim ignores it.
    $schema: z.string().optional().describe('JSON Schema for editors; ignored by mecsim'),
    format: z.literal(TOPOLOGY_FORMAT, { error: `expected "${TOPOLOGY_FORMAT}"` }),
    version: z.literal(TOPOLOGY_VERSION, { error: `expected ${TOPOLOGY_VERSION} (the only format version this mecsim reads)` }),
    // The default output folder is runs/<name>: a plain file name, never `.`, `..` or a path.
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected a plain name: a letter or digit, then letters, digits, _, . or - (it names the output folder runs/<name>)'),
    description: z.string().default(''),
    /** Values the paper does not give, and why we chose them (free text). */
    assumptions: z.record(z.string(), z.string()).default({}),
    seed: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    area: z.strictObject({ widthM: num().min(1).max(MAX_AREA_SIDE_M), heightM: num().min(1).max(MAX_AREA_SIDE_M) }),
    llm: z.strictObject({
      preset: z.string().min(1).describe('a model preset name, e.g. llama-7b-paper'),
      layers: z.number().int().min(2).max(10_000).optional().describe('overrides the preset'),
      hiddenSize: z.number().int().min(1).max(1e6).optional().describe('overrides the preset'),
      batchSize: z.number().int().min(1).max(1e6),
      bitsPerValue: z.number().int().min(1).max(64).default(16),
      lipschitz: num().min(1e-6).max(1e6).describe('Lipschitz constant L of the loss'),
      memory: trainingMemorySchema.optional(),
    }),
    weights: z.strictObject({
      time: num().min(0).max(1e6),
      energy: num().min(0).max(1e6),
      stability: num().min(0).max(1e6),
      normalise: z.boolean().default(true).describe('divide by reference scales (model.md 7.4)'),
    }),
    objective: z.strictObject({ includeAirtime: z.boolean().default(false) }).default({ includeAirtime: false }),
    radio: z.strictObject({
      noiseDbmPerHz: num().min(-220).max(-60).describe('noise power spectral density N0 (dBm/Hz)'),
      noiseFigureDb: num().min(0).max(60).default(0),
      pathLoss: topologyPathLossSchema,
      shadowing: shadowingSchema.default({ model: 'none' }),
      fading: fadingSchema.default({ model: 'none' }),
    }),
    servers: z.array(serverGroupSchema).min(1),
    users: z.array(userGroupSchema).min(1),
    simulation: simulationSchema.default(simulationSchema.parse({})),
  })
  .superRefine((t, ctx) => {
    t.users.forEach((g, i) => {
      if (g.mobility?.model === 'trace' && g.mobility.node !== undefined && g.count > 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['users', i, 'mobility', 'node'],
          message: `all ${g.count} users of the group would follow node ${g.mobility.node} on the same path; drop "node" (user n follows node n) or make count 1`,
        });
      }
    });
    if (t.weights.time + t.weights.energy + t.weights.stability === 0) {
      ctx.addIssue({ code: 'custom', path: ['weights'], message: 'every weight is 0, so every decision scores 0: give at least one weight > 0' });
    }
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
