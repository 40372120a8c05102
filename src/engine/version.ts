import { existsSync, readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * mecsim's version, from its package.json: two folders up from the compiled
 * file (dist/engine/), or three from the benchmark build
 * (dist-bench-build/src/engine/), which campaign workers also load. In
 * engine/ so that the campaign records it without reaching into the CLI.
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
