import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers of src/ and what each may import (docs/architecture.md). Data
 * flows one way: models know nothing of the system that runs them, the
 * system knows nothing of the topology file, and nothing but the command
 * line knows the command line. Read from the import statements of the
 * sources themselves, so a new file is checked the day it is written.
 */
export const allowedImports: Record<string, readonly string[]> = {
  engine: [],
  llm: ['engine'],
  radio: ['engine'],
  mobility: ['engine'],
  metrics: ['engine'],
  io: ['engine', 'metrics'],
  allocation: ['engine', 'llm', 'radio'],
  system: ['engine', 'llm', 'radio', 'mobility', 'allocation', 'metrics', 'io'],
  scenario: ['engine', 'llm', 'radio', 'mobility', 'allocation', 'system', 'metrics'],
  report: ['engine', 'metrics'],
  plugins: ['engine', 'llm', 'radio', 'allocation', 'system', 'scenario', 'metrics'],
  campaign: ['engine', 'llm', 'radio', 'mobility', 'allocation', 'system', 'scenario', 'metrics', 'report', 'io', 'plugins'],
  cli: ['engine', 'llm', 'radio', 'mobility', 'allocation', 'system', 'scenario', 'metrics', 'report', 'campaign', 'io', 'plugins'],
  // src/index.ts and src/library.ts: the public API, a facade over the layers (not over the command line).
  '': ['engine', 'llm', 'radio', 'mobility', 'allocation', 'system', 'scenario', 'metrics', 'campaign', 'plugins'],
};

/**
 * Imports against the direction that the code has today and that are to go.
 * The list must match exactly: a new violation fails, and so does a fixed
 * one still listed, so the list only shrinks.
 */
const knownViolations: readonly string[] = [
];

/** Import cycles of today through type imports, to go the same way. */
const knownCycles: readonly string[][] = [
  ['campaign/plan.ts', 'campaign/size.ts'],
];

const srcDir = path.resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Relative imports of a file (static, dynamic and re-exports), as absolute .ts paths. */
export function importsOf(file: string, options: { runtimeOnly?: boolean } = {}): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  const pattern = /(?:^|[^\w.])(import|export)(\s+type)?\s*(?:[\w*{}\s,$]*?\s*from\s*)?\(?\s*['"](\.{1,2}\/[^'"]+)['"]/gm;
  for (const m of text.matchAll(pattern)) {
    // `import type` is erased at compile time: it couples the layers but cannot make a load-order cycle.
    if (options.runtimeOnly === true && m[2] !== undefined) continue;
    out.push(path.resolve(path.dirname(file), m[3]).replace(/\.js$/, '.ts'));
  }
  return out;
}

/** The layer of a source file: its first folder under src/, or '' for files at the top (the public API). */
function layerOf(file: string): string {
  const rel = path.relative(srcDir, file).split(path.sep);
  return rel.length > 1 ? rel[0] : '';
}

export function importGraph(options: { runtimeOnly?: boolean } = {}): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of sourceFiles(srcDir)) graph.set(f, importsOf(f, options));
  return graph;
}

/** Strongly connected components with more than one file: import cycles. */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(path.relative(srcDir, w));
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('import direction', () => {
  const graph = importGraph();

  it('every relative import names a file that exists', () => {
    const missing = [...graph].flatMap(([f, deps]) => deps.filter((d) => !fs.existsSync(d)).map((d) => `${path.relative(srcDir, f)} -> ${path.relative(srcDir, d)}`));
    expect(missing).toEqual([]);
  });

  it('finds the imports it reads (the pattern is not blind)', () => {
    const sample = [...graph.values()].reduce((a, d) => a + d.length, 0);
    expect(sample).toBeGreaterThan(200);
    expect(graph.get(path.join(srcDir, 'cli/main.ts'))).toContain(path.join(srcDir, 'cli/commands.ts'));
  });

  it('every folder of src/ has a rule', () => {
    const folders = fs.readdirSync(srcDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.filter((f) => !(f in allowedImports))).toEqual([]);
  });

  it('no module imports against the allowed direction', () => {
    const violations: string[] = [];
    for (const [file, deps] of graph) {
      const from = layerOf(file);
      if (from === '') continue;
      for (const dep of deps) {
        const to = layerOf(dep);
        if (to === from) continue;
        const edge = `${path.relative(srcDir, file)} -> ${path.relative(srcDir, dep)}`;
        if ((to === '' || !(allowedImports[from] ?? []).includes(to)) && !violations.includes(edge)) violations.push(edge);
      }
    }
    expect(violations.sort()).toEqual([...knownViolations].sort());
  });

  it('no import cycles between files at run time', () => {
    expect(cycles(importGraph({ runtimeOnly: true }))).toEqual([]);
  });

  it('no import cycles through type imports either, but for the known ones', () => {
    expect(cycles(graph).sort()).toEqual([...knownCycles].sort());
  });
});
