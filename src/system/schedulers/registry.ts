import { z } from 'zod';
import { AllocatedScheduler } from './allocated.js';
import { EgalitarianProcessorSharingScheduler } from './eps.js';
import { FcfsScheduler } from './fcfs.js';
import { ProcessorSharingScheduler } from './ps.js';
import { RoundRobinScheduler } from './rr.js';
import { SrptScheduler } from './srpt.js';
import type { EdgeScheduler } from './types.js';

/**
 * Edge-server scheduling policies by name, with the zod schema of their
 * parameters. A topology's `servers.scheduler` is `{ "policy": NAME, ...
 * parameters }`; adding a policy is one new file and one entry here. Each
 * `create` returns a fresh instance: a scheduler belongs to one server.
 */
export const edgeSchedulers = {
  allocated: {
    description: "each job at exactly its user's allocated share; idle shares are wasted (the paper's model)",
    params: z.strictObject({ policy: z.literal('allocated') }),
    create: (): EdgeScheduler => new AllocatedScheduler(),
  },
  ps: {
    description: 'whole GPU at f^max, shared in proportion to the allocated shares (work-conserving)',
    params: z.strictObject({ policy: z.literal('ps') }),
    create: (): EdgeScheduler => new ProcessorSharingScheduler(),
  },
  eps: {
    description: 'whole GPU at f^max, shared equally among the jobs present (egalitarian PS, shares ignored)',
    params: z.strictObject({ policy: z.literal('eps') }),
    create: (): EdgeScheduler => new EgalitarianProcessorSharingScheduler(),
  },
  fcfs: {
    description: 'one job at a time at f^max, in arrival order',
    params: z.strictObject({ policy: z.literal('fcfs') }),
    create: (): EdgeScheduler => new FcfsScheduler(),
  },
  rr: {
    description: 'one job at a time at f^max for a quantum, cycling in arrival order (preemptive)',
    params: z.strictObject({
      policy: z.literal('rr'),
      quantumS: z.number().min(1e-6).max(1e10).default(0.1).describe('seconds of service per turn'),
    }),
    create: (p: { quantumS: number }): EdgeScheduler => new RoundRobinScheduler(p.quantumS),
  },
  srpt: {
    description: 'shortest remaining work first at f^max, preemptive, ties by arrival',
    params: z.strictObject({ policy: z.literal('srpt') }),
    create: (): EdgeScheduler => new SrptScheduler(),
  },
} as const;

export type EdgeSchedulerName = keyof typeof edgeSchedulers;
export const edgeSchedulerNames = Object.keys(edgeSchedulers) as EdgeSchedulerName[];

export const edgeSchedulerSchema = z.discriminatedUnion('policy', [
  edgeSchedulers.allocated.params,
  edgeSchedulers.ps.params,
  edgeSchedulers.eps.params,
  edgeSchedulers.fcfs.params,
  edgeSchedulers.rr.params,
  edgeSchedulers.srpt.params,
]);
export type EdgeSchedulerConfig = z.input<typeof edgeSchedulerSchema>;

/**
 * A new scheduler from its name and parameters (`{ quantumS }` for `rr`).
 * Throws zod's error on bad parameters; the scenario layer turns it into an
 * InputError with the file and field path.
 */
export function createEdgeScheduler(name: EdgeSchedulerName | (string & {}), params: Record<string, unknown> = {}): EdgeScheduler {
  return createEdgeSchedulerFromConfig({ ...params, policy: name } as EdgeSchedulerConfig);
}

export function createEdgeSchedulerFromConfig(config: EdgeSchedulerConfig): EdgeScheduler {
  const parsed = edgeSchedulerSchema.parse(config);
  switch (parsed.policy) {
    case 'allocated':
      return edgeSchedulers.allocated.create();
    case 'ps':
      return edgeSchedulers.ps.create();
    case 'eps':
      return edgeSchedulers.eps.create();
    case 'fcfs':
      return edgeSchedulers.fcfs.create();
    case 'rr':
      return edgeSchedulers.rr.create(parsed);
    case 'srpt':
      return edgeSchedulers.srpt.create();
  }
}
