/**
 * Code blocks marked `<!-- runnable -->` (or `<!-- runnable exit=N -->`) on
 * README.md and docs/*.md run, in order per page, in a scratch folder holding
 * copies of topologies/, traces/ and studies/, with `npx mecsim` and `mecsim`
 * the built CLI; each command must exit as the marker says (default 0). To
 * stay short, `--horizon` becomes 20s and `--seeds` 1-2 (docs/architecture.md).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { codeBlocks, commandsOf, pages } from './pages.js';

export function shorten(command: string): string {
  return command.replace(/--horizon\s+\S+/g, '--horizon 20s').replace(/--seeds\s+\S+/g, '--seeds 1-2');
}

describe('runnable blocks', () => {
  for (const page of pages()) {
    const blocks = codeBlocks(page).filter((b) => b.runnable);
    if (blocks.length === 0) continue;
    it(page.file, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-docs-'));
      for (const d of ['topologies', 'traces', 'studies']) fs.cpSync(path.join(repoRoot, d), path.join(dir, d), { recursive: true });
      const binDir = path.join(dir, '.bin');
      fs.mkdirSync(binDir);
      fs.writeFileSync(path.join(binDir, 'mecsim'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(repoRoot, 'bin/mecsim.js')}" "$@"\n`, { mode: 0o755 });
      const env = { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1' };
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
