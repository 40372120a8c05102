import { existsSync, readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * mecsim's version, from its package.json: two folders up from the compiled
 * file (dist/cli/), or three from the benchmark build
 * (dist-bench-build/src/cli/), which campaign workers also load.
 */
export function version(): string {
  if (cached === undefined) {
    const candidates = ['../../package.json', '../../../package.json'].map((p) => new URL(p, import.meta.url));
    const file = candidates.find((u) => existsSync(u)) ?? candidates[0];
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { version: string };
    cached = pkg.version;
  }
  return cached;
}
