/**
 * `mecsim <command> --help`: every command shows examples, no example line is
 * wider than 78 columns (so yargs never breaks one at 80), every option an
 * example uses is the command's, every repository file it names exists, and
 * the examples that need no campaign folder run and exit 0.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { cliOptions, helpExamples, helpOf } from './pages.js';

const options = cliOptions();
const bin = path.join(repoRoot, 'bin/mecsim.js');

/** A scratch folder with the shipped inputs, where `mecsim` runs the built CLI. */
function sandbox(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-help-'));
  for (const d of ['topologies', 'traces', 'studies']) fs.cpSync(path.join(repoRoot, d), path.join(dir, d), { recursive: true });
  const binDir = path.join(dir, '.bin');
  fs.mkdirSync(binDir);
  fs.writeFileSync(path.join(binDir, 'mecsim'), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`, { mode: 0o755 });
  return { dir, env: { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1' } };
}

// Examples that need a campaign folder or minutes of simulation are checked by name only.
const runnable = new Set(['solve', 'trace', 'schema']);

describe('--help of every command', () => {
  for (const [command, known] of options) {
    describe(command, () => {
      const help = helpOf(command);
      const examples = helpExamples(help);

      it('shows examples, each line within 78 columns', () => {
        expect(examples.length).toBeGreaterThan(0);
        const section = help.slice(help.indexOf('Examples:')).split('\n');
        for (const line of section) expect(line.length, line).toBeLessThanOrEqual(78);
      });

      it('names only its own options and files that exist', () => {
        for (const ex of examples) {
          expect(ex.split(' ')[1], ex).toBe(command);
          for (const m of ex.matchAll(/\s(--?[A-Za-z][\w-]*)/g)) expect(known.has(m[1]), `${ex}: ${m[1]}`).toBe(true);
          for (const m of ex.matchAll(/\s((?:topologies|studies|traces)\/\S+)/g)) expect(fs.existsSync(path.join(repoRoot, m[1])), `${ex}: ${m[1]}`).toBe(true);
        }
      });

      if (runnable.has(command)) {
        it('examples run and exit 0', () => {
          const { dir, env } = sandbox();
          for (const ex of examples) {
            const r = spawnSync('sh', ['-c', ex], { cwd: dir, env, encoding: 'utf8' });
            expect(r.status, `${ex}\n${r.stderr}`).toBe(0);
          }
        }, 120_000);
      }
    });
  }
});
