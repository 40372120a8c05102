import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The picture of the layers in docs/architecture.md is drawn from the code:
 * one arrow per pair of src/ folders where a file of the first imports a file
 * of the second. A change of the import graph fails here until the picture
 * is redrawn with
 *
 *     MECSIM_UPDATE_DOCS=1 npx vitest run test/architecture/diagram.test.ts
 */

const repo = path.resolve(import.meta.dirname, '../..');
const srcDir = path.join(repo, 'src');
const page = path.join(repo, 'docs/architecture.md');
const START = '<!-- import-graph:start (drawn by test/architecture/diagram.test.ts) -->';
const END = '<!-- import-graph:end -->';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

function folderOf(file: string): string {
  const rel = path.relative(srcDir, file).split(path.sep);
  return rel.length > 1 ? rel[0] : '(top)';
}

/** Folder-level import edges, sorted: "from -> to". */
export function folderEdges(): string[] {
  const edges = new Set<string>();
  const pattern = /(?:^|[^\w.])(?:import|export)(?:\s+type)?\s*(?:[\w*{}\s,$]*?\s*from\s*)?\(?\s*['"](\.{1,2}\/[^'"]+)['"]/gm;
  for (const file of sourceFiles(srcDir)) {
    const from = folderOf(file);
    for (const m of fs.readFileSync(file, 'utf8').matchAll(pattern)) {
      const to = folderOf(path.resolve(path.dirname(file), m[1]));
      if (to !== from) edges.add(`${from} -> ${to}`);
    }
  }
  return [...edges].sort();
}

/**
 * A Mermaid flowchart (GitHub draws it): each folder once, each import
 * edge once. Only edges a transitive path does not already imply are
 * drawn, so the picture shows the layers rather than a thicket; the
 * full list of edges follows it as text.
 */
export function diagram(edges: readonly string[]): string {
  const adj = new Map<string, Set<string>>();
  for (const e of edges) {
    const [a, b] = e.split(' -> ');
    if (!adj.has(a)) adj.set(a, new Set());
    if (!adj.has(b)) adj.set(b, new Set());
    adj.get(a)!.add(b);
  }
  const reaches = (from: string, to: string, skip: string): boolean => {
    const seen = new Set<string>();
    const stack = [...adj.get(from)!].filter((x) => x !== skip);
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (x === to) return true;
      if (seen.has(x)) continue;
      seen.add(x);
      stack.push(...adj.get(x)!);
    }
    return false;
  };
  const drawn = edges.filter((e) => {
    const [a, b] = e.split(' -> ');
    return !reaches(a, b, b);
  });
  const id = (f: string): string => (f === '(top)' ? 'top' : f);
  const lines = [
    '```mermaid',
    'flowchart TD',
    ...[...adj.keys()].sort().map((f) => `  ${id(f)}["${f}/"]`),
    ...drawn.map((e) => {
      const [a, b] = e.split(' -> ');
      return `  ${id(a)} --> ${id(b)}`;
    }),
    '```',
    '',
    `Every import between folders (${edges.length}): ${edges.map((e) => `\`${e.replace(' -> ', '→')}\``).join(', ')}.`,
  ];
  return lines.join('\n');
}

describe('the picture of the layers', () => {
  it('matches the import graph of src/', () => {
    const text = fs.readFileSync(page, 'utf8');
    const a = text.indexOf(START);
    const b = text.indexOf(END);
    expect(a, `docs/architecture.md has no ${START}`).toBeGreaterThanOrEqual(0);
    expect(b).toBeGreaterThan(a);
    const drawn = diagram(folderEdges());
    if (process.env.MECSIM_UPDATE_DOCS === '1') {
      fs.writeFileSync(page, `${text.slice(0, a + START.length)}\n${drawn}\n${text.slice(b)}`);
      return;
    }
    expect(text.slice(a + START.length, b).trim()).toBe(drawn);
  });

  it('draws an arrow for an edge no path implies, and leaves implied ones to the list', () => {
    const d = diagram(['a -> b', 'b -> c', 'a -> c']);
    expect(d).toContain('a --> b');
    expect(d).toContain('b --> c');
    expect(d).not.toContain('a --> c');
    expect(d).toContain('`a→c`');
  });
});
