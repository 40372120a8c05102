import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

/**
 * The public API is what src/index.ts exports, and docs/api.md documents
 * exactly that: a name added to one and not the other fails here, so the
 * surface only changes on purpose.
 */
function exportedNames(): { values: string[]; types: string[] } {
  const text = fs.readFileSync(path.join(repoRoot, 'src', 'index.ts'), 'utf8');
  const values: string[] = [];
  const types: string[] = [];
  for (const m of text.matchAll(/export\s+(type\s+)?\{([^}]*)\}\s+from/g)) {
    for (const raw of m[2].split(',')) {
      const item = raw.trim();
      if (item === '') continue;
      const isType = m[1] !== undefined || item.startsWith('type ');
      const name = item.replace(/^type\s+/, '').split(/\s+as\s+/).pop()!.trim();
      (isType ? types : values).push(name);
    }
  }
  return { values: values.sort(), types: types.sort() };
}

/** Names in the first column of the page's tables: `name(args)` or `Name`, several per cell. */
function documentedNames(): string[] {
  const page = fs.readFileSync(path.join(repoRoot, 'docs', 'api.md'), 'utf8');
  const names: string[] = [];
  for (const line of page.split('\n')) {
    const m = /^\|\s*([^|]+?)\s*\|/.exec(line);
    if (m === null) continue;
    for (const c of m[1].matchAll(/`([A-Za-z]\w*)(?:\([^`]*\))?`/g)) names.push(c[1]);
  }
  return [...new Set(names)].sort();
}

describe('the public API', () => {
  it('is exactly what docs/api.md lists', () => {
    const { values, types } = exportedNames();
    expect(documentedNames()).toEqual([...values, ...types].sort());
  });

  it('exports at run time every value it declares, and nothing else', async () => {
    const module = await import('../../src/index.js');
    expect(Object.keys(module).sort()).toEqual(exportedNames().values);
  });
});
