/**
 * Code blocks marked `<!-- runnable -->` (or `<!-- runnable exit=N -->`) on
 * README.md and docs/*.md run, in order per page, in a scratch folder holding
 * copies of topologies/, traces/ and studies/, with `npx mecsim` and `mecsim`
 * the built CLI; each command must exit as the marker says (default 0). To
 * stay short, `--horizon` becomes 20s and `--seeds` 1-2, and so do the
 * horizon and seeds of the sweep files there (docs/architecture.md).
 * A code block after `<!-- output-of: COMMAND -->` must be what COMMAND
 * prints, run unshortened, but for its wall-clock figures.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { codeBlocks, commandsOf, pages, type Page } from './pages.js';

export function shorten(command: string): string {
  return command.replace(/--horizon\s+\S+/g, '--horizon 20s').replace(/--seeds\s+\S+/g, '--seeds 1-2');
}

/** The same for the sweep files of the scratch folder: 60 s of simulated time (every point then finishes iterations) and seeds 1-2, the grid as it is. */
export function shortenStudies(dir: string): void {
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const file = path.join(dir, f);
    const sweep = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (sweep.format !== 'mecsim-sweep') continue;
    if (sweep.kind === 'run') sweep.horizonS = 60;
    sweep.seeds = '1-2';
    fs.writeFileSync(file, JSON.stringify(sweep, null, 2));
  }
}

/** A scratch folder with copies of the shipped inputs (sweep files shortened), where `mecsim` runs the built CLI. */
function sandbox(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-docs-'));
  for (const d of ['topologies', 'traces', 'studies']) fs.cpSync(path.join(repoRoot, d), path.join(dir, d), { recursive: true });
  shortenStudies(path.join(dir, 'studies'));
  const binDir = path.join(dir, '.bin');
  fs.mkdirSync(binDir);
  fs.writeFileSync(path.join(binDir, 'mecsim'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(repoRoot, 'bin/mecsim.js')}" "$@"\n`, { mode: 0o755 });
  return { dir, env: { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1' } };
}

/** A line of output with its wall-clock figures blanked: those are the only numbers a page may show that a rerun changes. */
function withoutWallClock(line: string): string {
  return /wall clock/.test(line) ? line.replace(/[\d.e+-]+/g, '#').replace(/\s+/g, ' ') : line;
}

/** The code block right after each `<!-- output-of: COMMAND -->` line of a page, with its command. */
export function outputBlocks(page: Page): Array<{ command: string; line: number; lines: string[] }> {
  const lines = page.text.split('\n');
  const blocks = codeBlocks(page);
  const out: Array<{ command: string; line: number; lines: string[] }> = [];
  lines.forEach((l, i) => {
    const m = /^<!--\s*output-of:\s*(.*?)\s*-->\s*$/.exec(l);
    if (m === null) return;
    const block = blocks.find((b) => b.line > i + 1);
    if (block !== undefined) out.push({ command: m[1], line: block.line, lines: block.lines });
  });
  return out;
}

describe('output blocks: what a page shows a command print is what it prints', () => {
  for (const page of pages()) {
    const blocks = outputBlocks(page);
    if (blocks.length === 0) continue;
    it(page.file, () => {
      const { dir, env } = sandbox();
      for (const b of blocks) {
        const r = spawnSync('sh', ['-c', b.command], { cwd: dir, env, encoding: 'utf8' });
        expect(r.status, `${page.file}:${b.line}: ${b.command}\n${r.stderr}`).toBe(0);
        // The block may start after the output's first lines (a progress line, say): it is matched from where its first line is.
        const all = r.stdout.split('\n');
        const from = Math.max(0, all.indexOf(b.lines[0]));
        const printed = all.slice(from, from + b.lines.length).map(withoutWallClock);
        expect(printed, `${page.file}:${b.line}: the output of ${b.command} changed; paste it into the page`).toEqual(b.lines.map(withoutWallClock));
      }
    }, 120_000);
  }
});

describe('runnable blocks', () => {
  for (const page of pages()) {
    const blocks = codeBlocks(page).filter((b) => b.runnable);
    if (blocks.length === 0) continue;
    it(page.file, () => {
      const { dir, env } = sandbox();
      for (const b of blocks) {
        for (const c of commandsOf(b.lines)) {
          const command = shorten(c.replace(/\bnpx mecsim\b/g, 'mecsim'));
          const r = spawnSync('sh', ['-c', command], { cwd: dir, env, encoding: 'utf8' });
          expect(r.status, `${page.file}:${b.line}: ${command}\n${r.stderr}`).toBe(b.exit);
        }
      }
    }, 300_000);
  }
});

it('a runnable block is found where marked', () => {
  const blocks = codeBlocks({ file: 'x.md', text: 'text\n\n<!-- runnable exit=2 -->\n\n    mecsim solve nope.json\n' });
  expect(blocks).toEqual([{ page: 'x.md', line: 5, lines: ['mecsim solve nope.json'], runnable: true, exit: 2 }]);
});
