/** An interrupted campaign says how to resume, exits 130, and resumes when rerun. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

const bin = fileURLToPath(new URL('../../bin/mecsim.js', import.meta.url));

describe('SIGINT during a campaign', () => {
  it.each(['1', '0'])('with --workers %s: prints that rerunning the same command resumes, exits 130, and the rerun skips the finished runs', async (workers) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-int-'));
    const args = ['compare', path.join(repoRoot, 'topologies/small.json'), '--allocators', 'strongest-server', '--seeds', '1-600', '--workers', workers, '--out', 'c'];
    const child = spawn(process.execPath, [bin, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    // Interrupt once the first result is on disk, as a user would after seeing progress.
    const results = path.join(dir, 'c', 'results');
    const code = await new Promise<number | null>((resolve) => {
      const poll = setInterval(() => {
        if (fs.existsSync(results) && fs.readdirSync(results).length > 0) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 50);
      child.on('exit', (c) => {
        clearInterval(poll);
        resolve(c);
      });
    });
    expect(code).toBe(130);
    expect(stderr).toMatch(/Run the same command again to resume/);
    const done = fs.readdirSync(results).length;
    expect(done).toBeGreaterThan(0);
    // The same command again (stopped after one more run) finds them.
    const again = runCli(['compare', path.join(repoRoot, 'topologies/small.json'), '--allocators', 'strongest-server', '--seeds', '1-600', '--workers', '0', '--out', 'c', '--stop-after', '1'], { cwd: dir });
    const skipped = Number(/(\d+) already done/.exec(again.stdout)?.[1]);
    expect(skipped).toBeGreaterThanOrEqual(done);
  }, 60_000);
});
