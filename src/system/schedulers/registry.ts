import type { z } from 'zod';
import { createFrom, namesOf, unionSchemaOf } from '../../engine/registry.js';
import { allocatedPolicy } from './allocated.js';
import { epsPolicy } from './eps.js';
import { fcfsPolicy } from './fcfs.js';
import { psPolicy } from './ps.js';
import { rrPolicy } from './rr.js';
import { srptPolicy } from './srpt.js';
import type { EdgeScheduler } from './types.js';

/**
 * Edge-server scheduling policies by name. A topology's `servers.scheduler`
 * is `{ "policy": NAME, ...parameters }`; adding a policy is one new file
 * (the class and its entry, made with `edgeSchedulerPlugin`) and one line
 * here. The topology schema, the command line's choices, the docs table
 * (test/docs/model-tables.test.ts) and the contract tests read this map.
 */
export const edgeSchedulers = {
  allocated: allocatedPolicy,
  ps: psPolicy,
  eps: epsPolicy,
  fcfs: fcfsPolicy,
  rr: rrPolicy,
  srpt: srptPolicy,
} as const;

export type EdgeSchedulerName = keyof typeof edgeSchedulers;
export const edgeSchedulerNames = namesOf(edgeSchedulers);

export const edgeSchedulerSchema = unionSchemaOf(edgeSchedulers, 'policy');
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
  return createFrom(edgeSchedulers, 'policy', parsed);
}
