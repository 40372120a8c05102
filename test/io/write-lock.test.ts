import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/engine/input-error.js';
import { OutputFolder } from '../../src/io/output-folder.js';
import { acquireWriteLock, lockPath } from '../../src/io/write-lock.js';
import { repoRoot, runCli } from '../helpers/cli.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-lock-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A process id that is not running: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('one writer per output path', () => {
  it('a second writer of the same folder is refused while the first holds it, and admitted after', () => {
    const target = path.join(dir, 'out');
    const first = new OutputFolder(target);
    expect(() => new OutputFolder(target)).toThrow(InputError);
    expect(() => new OutputFolder(target)).toThrow(/another mecsim \(process \d+\) is writing here/);
    first.writeText('run.json', '{}\n');
    first.commit();
    expect(fs.existsSync(lockPath(target))).toBe(false);
    const second = new OutputFolder(target);
    second.abort();
    expect(fs.readdirSync(dir).sort()).toEqual(['out']);
  });

  it('a lock left by a killed process is removed; one from another host or of unknown form is respected', async () => {
    const target = path.join(dir, 'out');
    fs.writeFileSync(lockPath(target), `mecsim-lock host=${os.hostname()} pid=${await deadPid()}\n`);
    acquireWriteLock(target)();
    expect(fs.existsSync(lockPath(target))).toBe(false);
    fs.writeFileSync(lockPath(target), 'mecsim-lock host=elsewhere pid=1\n');
    expect(() => acquireWriteLock(target)).toThrow(/process 1 on elsewhere\).*remove/);
    fs.writeFileSync(lockPath(target), 'my notes\n');
    expect(() => acquireWriteLock(target)).toThrow(/is not a lock mecsim wrote/);
    expect(fs.readFileSync(lockPath(target), 'utf8')).toBe('my notes\n');
  });

  it('two mecsim run commands into the same --out: the second exits 2 at once; the first, interrupted, leaves nothing', async () => {
    const out = path.join(dir, 'run');
    const topology = path.join(repoRoot, 'topologies', 'urban-short.json');
    const first = spawn(process.execPath, [path.join(repoRoot, 'bin', 'mecsim.js'), 'run', topology, '--horizon', '24h', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => first.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 1200 && !fs.existsSync(lockPath(out)); i++) await new Promise((r) => setTimeout(r, 50));
    expect(fs.existsSync(lockPath(out))).toBe(true);
    const second = runCli(['run', topology, '--horizon', '60s', '--out', out]);
    expect(second.status).toBe(2);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.stderr).toContain('another mecsim');
    first.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 120_000);
});
