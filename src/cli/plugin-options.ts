import { InputError } from '../engine/input-error.js';
import { DEFAULT_POLICY_TIMEOUT_S } from '../plugins/pipe-allocator.js';
import { absoluteSpec, isModuleSpec, pluginAllocator, pluginScheduler } from '../plugins/resolve.js';

/** `--policy-timeout`, shared by the commands that take an allocator. */
export const policyTimeoutOption = {
  type: 'number',
  describe: `seconds an external policy (--allocator exec:COMMAND) may take per answer (default ${DEFAULT_POLICY_TIMEOUT_S})`,
} as const;

export function policyTimeout(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!(Number.isFinite(value) && value > 0)) throw new InputError('--policy-timeout', undefined, `expected a number of seconds > 0, got ${value}`);
  return value;
}

/**
 * The plug-ins of a comparison, made absolute (worker threads load them by
 * path) and loaded once here, so a missing file or a bad module fails
 * before the first run rather than in every one.
 */
export async function checkedPluginSpecs(allocators: readonly string[], schedulers: readonly string[]): Promise<string[]> {
  const cwd = process.cwd();
  for (const s of schedulers) await pluginScheduler(s, cwd);
  for (const a of allocators) if (isModuleSpec(a)) await pluginAllocator(a, { baseDir: cwd });
  return allocators.map((a) => absoluteSpec(a, cwd));
}
