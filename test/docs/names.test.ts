/**
 * Every file path, command-line option and topology field a page names in
 * backticks or in a code block exists: files on disk, options in the
 * command's --help (yargs' own listing), fields in the topology JSON Schema
 * that `mecsim schema topology` prints.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { cliOptions, codeBlocks, commandsOf, inlineCode, isTopologyPath, pages, topologyRootKeys, type Page } from './pages.js';

const repoDirs = new Set(['src', 'test', 'docs', 'topologies', 'traces', 'studies', 'bin']);
const options = cliOptions();
const allOptions = new Set([...options.values()].flatMap((s) => [...s]));
const rootKeys = topologyRootKeys();
// Pages also name Node's and V8's own flags (benchmarks).
const v8Flags = new Set([...spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout.matchAll(/^\s+(--[\w-]+)/gm)].map((m) => m[1]));
const isNodeFlag = (o: string): boolean => process.allowedNodeEnvironmentFlags.has(o) || v8Flags.has(o);

/** Names to check in a page: inline code and the words of its commands. */
function spans(page: Page): Array<{ code: string; line: number }> {
  const out = inlineCode(page);
  // Block lines that are mecsim's own messages ("mecsim: ...") quote input, not names.
  for (const b of codeBlocks(page)) for (const c of commandsOf(b.lines)) if (!c.startsWith('mecsim:')) out.push({ code: c, line: b.line });
  return out;
}

/** `mecsim <command> ...` (or `npx mecsim`): the command and the options used. */
function invocation(code: string): { command: string; used: string[] } | undefined {
  const m = /(?:^|\s)(?:npx\s+)?mecsim\s+([a-z]+)\b(.*)$/.exec(code);
  if (m === null) return undefined;
  const used = [...m[2].matchAll(/(?:^|\s)(--?[A-Za-z][\w-]*)(?==|\s|$)/g)].map((x) => x[1]);
  return { command: m[1], used };
}

describe('names on the pages exist', () => {
  for (const page of pages()) {
    describe(page.file, () => {
      const found = spans(page);

      it('files', () => {
        const missing: string[] = [];
        for (const { code, line } of found) {
          for (const word of code.split(/\s+/)) {
            const p = word.replace(/[),.:;]+$/, '').replace(/^\(/, '');
            const first = p.split('/')[0];
            if (!p.includes('/') || !repoDirs.has(first) || /[<>*{}$…]|\.\.\.|\.shard-/.test(p)) continue;
            if (!fs.existsSync(path.join(repoRoot, p))) missing.push(`${page.file}:${line}: ${p}`);
          }
        }
        expect(missing).toEqual([]);
      });

      it('command-line options', () => {
        const wrong: string[] = [];
        for (const { code, line } of found) {
          const inv = invocation(code);
          if (inv !== undefined) {
            const known = options.get(inv.command);
            if (known === undefined) {
              wrong.push(`${page.file}:${line}: no command 'mecsim ${inv.command}'`);
              continue;
            }
            for (const o of inv.used) if (!known.has(o) && !['--help', '-h'].includes(o)) wrong.push(`${page.file}:${line}: mecsim ${inv.command} has no option ${o}`);
          } else if (/^--[a-z][\w-]*$/.test(code) && !allOptions.has(code) && !isNodeFlag(code)) {
            wrong.push(`${page.file}:${line}: no command has the option ${code}`);
          }
        }
        expect(wrong).toEqual([]);
      });

      it('topology fields', () => {
        const wrong: string[] = [];
        for (const { code, line } of found) {
          for (const m of code.matchAll(/(?:^|[\s'"=])([a-z][A-Za-z]*(?:\.[A-Za-z0-9]+)+)(?==|\s|$)/g)) {
            const p = m[1];
            if (!rootKeys.has(p.split('.')[0]) || /\.(json|csv|ts|md|ns2)$/.test(p)) continue;
            if (!isTopologyPath(p)) wrong.push(`${page.file}:${line}: ${p}`);
          }
        }
        expect(wrong).toEqual([]);
      });
    });
  }
});
