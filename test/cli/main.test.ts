import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

describe('mecsim command line', () => {
  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')) as { version: string };
    const r = runCli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('--help names the program', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: mecsim <command>/);
  });

  it('an unknown command fails with status 2 and a hint', () => {
    const r = runCli(['no-such-command']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^mecsim: unknown command 'no-such-command'\n/);
    expect(r.stderr).toMatch(/mecsim --help/);
  });

  it('a misspelt command is named, with the nearest command', () => {
    const r = runCli(['solv', 'topologies/small.json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^mecsim: unknown command 'solv'; did you mean 'solve'\?/);
  });

  it('a reader that closes the pipe early is not an error', async () => {
    const child = spawn(process.execPath, [`${repoRoot}/bin/mecsim.js`, 'solve', 'topologies/paper-default.json'], { cwd: repoRoot });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });
});
