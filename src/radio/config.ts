import type { z } from 'zod';
import { InputError } from '../engine/input-error.js';

/**
 * Validates a model's configuration against its schema and turns the first
 * problem into an InputError naming the field path (prefixed by `where`, e.g.
 * `radio.fading`), so a bad topology file points at the exact field.
 */
export function parseConfig<S extends z.ZodType>(schema: S, config: unknown, where: string, source?: string): z.output<S> {
  const r = schema.safeParse(config);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = [where, ...issue.path.map(String)].filter((p) => p !== '').join('.');
  throw new InputError(source, path, issue.message);
}
