import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** mecsim's version, from its package.json. */
export function version(): string {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    cached = pkg.version;
  }
  return cached;
}
