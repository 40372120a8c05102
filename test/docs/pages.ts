/**
 * The documentation pages as data for the doc tests: their code blocks,
 * backticked names and links, and what exists to check them against, all
 * derived from the code (--help output, the topology JSON Schema, the file
 * system), so the tests follow the code as it changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { jsonSchemaOf } from '../../src/cli/schema.js';
import { repoRoot, runCli } from '../helpers/cli.js';

export interface Page {
  file: string; // relative to the repository
  text: string;
}

export function pages(): Page[] {
  const docs = fs.readdirSync(path.join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  return ['README.md', ...docs].map((file) => ({ file, text: fs.readFileSync(path.join(repoRoot, file), 'utf8') }));
}

export interface Block {
  page: string;
  line: number; // 1-based, first line of the block
  lines: string[];
  runnable: boolean;
  exit: number;
}

/** Code blocks, fenced or indented by four spaces; a `<!-- runnable [exit=N] -->` line just before marks one runnable. */
export function codeBlocks(page: Page): Block[] {
  const lines = page.text.split('\n');
  const out: Block[] = [];
  let marker: { exit: number } | undefined;
  let prevBlank = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const m = /^<!--\s*runnable(?:\s+exit=(\d+))?\s*-->\s*$/.exec(line);
    if (m !== null) {
      marker = { exit: m[1] === undefined ? 0 : Number(m[1]) };
      continue;
    }
    if (/^```/.test(line)) {
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && !/^```/.test(lines[i]); i++) body.push(lines[i]);
      out.push({ page: page.file, line: start + 2, lines: body, runnable: marker !== undefined, exit: marker?.exit ?? 0 });
      marker = undefined;
    } else if (/^ {4}\S/.test(line) && prevBlank) {
      const start = i;
      const body: string[] = [];
      for (; i < lines.length && (/^ {4}/.test(lines[i]) || (lines[i].trim() === '' && /^ {4}\S/.test(lines[i + 1] ?? ''))); i++) body.push(lines[i].slice(4));
      i--;
      out.push({ page: page.file, line: start + 1, lines: body, runnable: marker !== undefined, exit: marker?.exit ?? 0 });
      marker = undefined;
    } else if (line.trim() !== '') marker = undefined;
    prevBlank = line.trim() === '';
  }
  return out;
}

/** Shell commands of a block: `\` continuations joined, `#` comments and blank lines dropped. */
export function commandsOf(lines: readonly string[]): string[] {
  const out: string[] = [];
  let acc = '';
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (line.endsWith('\\')) {
      acc += `${line.slice(0, -1).trim()} `;
      continue;
    }
    const full = (acc + line.trim()).trim();
    acc = '';
    if (full === '' || full.startsWith('#')) continue;
    out.push(full);
  }
  return out;
}

/** Inline code spans outside code blocks, with their line numbers; a span may cross a line break within its paragraph. */
export function inlineCode(page: Page): Array<{ code: string; line: number }> {
  const out: Array<{ code: string; line: number }> = [];
  const blockLines = new Set<number>();
  for (const b of codeBlocks(page)) for (let k = -1; k <= b.lines.length; k++) blockLines.add(b.line + k);
  const lines = page.text.split('\n');
  let paragraph: string[] = [];
  let start = 0;
  const flush = (): void => {
    const text = paragraph.join('\n');
    for (const m of text.matchAll(/`([^`]+)`/g)) {
      out.push({ code: m[1].replace(/\s*\n\s*/g, ' '), line: start + text.slice(0, m.index).split('\n').length - 1 });
    }
    paragraph = [];
  };
  lines.forEach((line, i) => {
    if (blockLines.has(i + 1) || line.trim() === '') {
      flush();
      return;
    }
    if (paragraph.length === 0) start = i + 1;
    paragraph.push(line);
  });
  flush();
  return out;
}

/** The command names and, per command, the options its --help lists (long and short spellings). */
export function cliOptions(): Map<string, Set<string>> {
  const top = runCli(['--help']).stdout;
  const names = [...top.matchAll(/^ {2}mecsim (\S+)/gm)].map((m) => m[1]);
  const out = new Map<string, Set<string>>();
  for (const name of names) {
    const help = helpOf(name);
    const options = new Set<string>();
    for (const m of help.matchAll(/^ {2,}((?:-\w, )?--?[\w-]+(?:, --?[\w-]+)*)\s/gm)) {
      for (const o of m[1].split(', ')) {
        options.add(o);
        // yargs accepts a one-letter option as --x too.
        if (/^-\w$/.test(o)) options.add(`-${o}`);
        // and a boolean as --no-name.
        if (o.startsWith('--')) options.add(`--no-${o.slice(2)}`);
      }
    }
    out.set(name, options);
  }
  return out;
}

const helpTexts = new Map<string, string>();

/** The --help text of a command, read once per test file (each spawn costs a Node start). */
export function helpOf(command: string): string {
  let text = helpTexts.get(command);
  if (text === undefined) {
    text = runCli([command, '--help']).stdout;
    helpTexts.set(command, text);
  }
  return text;
}

/** A command's examples from its --help: lines after "Examples:" that start with `mecsim`, continuations joined. */
export function helpExamples(help: string): string[] {
  const at = help.indexOf('Examples:');
  if (at < 0) return [];
  return commandsOf(help.slice(at).split('\n').slice(1)).filter((c) => c.startsWith('mecsim '));
}

type Json = { [k: string]: any };

/** Group names of the shipped topologies: the middle segment of `users.<group>.field`. */
export function groupNames(): Set<string> {
  const out = new Set<string>();
  for (const f of fs.readdirSync(path.join(repoRoot, 'topologies')).filter((x) => x.endsWith('.json'))) {
    const t = JSON.parse(fs.readFileSync(path.join(repoRoot, 'topologies', f), 'utf8'));
    for (const g of [...(t.users ?? []), ...(t.servers ?? [])]) if (typeof g.name === 'string') out.add(g.name);
  }
  return out;
}

/**
 * Whether a dotted path names a topology field, as sweep files and `--set`
 * write them: walked through the topology's JSON Schema, a group given by
 * its name or index, a record by any key.
 */
export function isTopologyPath(dotted: string): boolean {
  const root = jsonSchemaOf('topology') as Json;
  const defs: Json = root.$defs ?? root.definitions ?? {};
  const groups = groupNames();
  const resolve = (s: Json): Json[] => {
    if (s === undefined || s === null) return [];
    if (typeof s.$ref === 'string') return resolve(defs[s.$ref.split('/').pop() as string]);
    const alts = [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])];
    return alts.length > 0 ? alts.flatMap(resolve) : [s];
  };
  let current: Json[] = resolve(root);
  for (const seg of dotted.split('.')) {
    const next: Json[] = [];
    for (const s of current) {
      if (s.type === 'array' && s.items !== undefined && (/^\d+$/.test(seg) || groups.has(seg))) next.push(...resolve(s.items));
      if (s.properties?.[seg] !== undefined) next.push(...resolve(s.properties[seg]));
      else if (s.additionalProperties !== undefined && typeof s.additionalProperties === 'object') next.push(...resolve(s.additionalProperties));
    }
    if (next.length === 0) return false;
    current = next;
  }
  return true;
}

export const topologyRootKeys = (): Set<string> => new Set(Object.keys((jsonSchemaOf('topology') as Json).properties ?? {}));

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2, ... */
export function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^```/.test(line)) fenced = !fenced;
    const m = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (m === null) continue;
    const base = m[1]
      .replace(/<[^>]+>/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** model.md's section numbers: `## N.` headings and `**N.M ...**` paragraphs. */
export function modelSections(): Set<string> {
  const text = fs.readFileSync(path.join(repoRoot, 'docs/model.md'), 'utf8');
  const out = new Set<string>();
  for (const m of text.matchAll(/^#{2,4}\s+(\d+(?:\.\d+)*)\.?\s/gm)) out.add(m[1]);
  for (const m of text.matchAll(/^\*\*(\d+(?:\.\d+)+)\s/gm)) out.add(m[1]);
  return out;
}
