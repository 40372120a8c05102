import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AllocatorError } from '../../src/allocation/allocator-error.js';
import { RandomStreams } from '../../src/engine/random.js';
import { InputError } from '../../src/engine/input-error.js';
import { pipeAllocator } from '../../src/plugins/pipe-allocator.js';
import { loadTopology } from '../../src/scenario/load.js';
import { runSimulation } from '../../src/scenario/simulate.js';
import { paperInstance } from '../helpers/instances.js';
import { repoRoot, runCli } from '../helpers/cli.js';

const script = path.join(repoRoot, 'test/fixtures/plugins/misbehave.py');
const snapshot = paperInstance({ users: 4, servers: 2, seed: 3, includeAirtime: true });
const ctx = { streams: new RandomStreams(1) };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts the misbehaving policy in `mode`, asks once, and returns the error and whether the process survived. */
function failure(mode: string, timeoutS = 30): { error: unknown; pidAlive: boolean } {
  const pidFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-pipe-')), 'pid');
  const a = pipeAllocator(`exec:python3 ${script} ${mode} ${pidFile}`, { timeoutS });
  let error: unknown;
  try {
    a.decide(snapshot, ctx);
  } catch (err) {
    error = err;
  }
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  // SIGKILL is delivered asynchronously: give the kernel a moment to reap.
  const until = Date.now() + 2000;
  while (alive(pid) && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  return { error, pidAlive: alive(pid) };
}

describe('an external policy that misbehaves stops the run with one line and is killed', () => {
  it('crash: names the exit status and shows the end of its stderr', () => {
    const { error, pidAlive } = failure('crash');
    expect(error).toBeInstanceOf(InputError);
    const msg = (error as Error).message;
    expect(msg).toMatch(/exited with status 3/);
    expect(msg).toContain('something broke in the policy');
    expect(msg).not.toContain('\n');
    expect(pidAlive).toBe(false);
  });
  it('malformed JSON: quotes the line', () => {
    const { error, pidAlive } = failure('malformed');
    expect((error as Error).message).toMatch(/malformed JSON: "\{users: oops"/);
    expect((error as Error).message).toContain('policy starting in mode malformed');
    expect(pidAlive).toBe(false);
  });
  it('wrong number of users', () => {
    const { error, pidAlive } = failure('extra-user');
    expect((error as Error).message).toMatch(/answered 5 users for a snapshot of 4/);
    expect(pidAlive).toBe(false);
  });
  it('no answer within the timeout', () => {
    const { error, pidAlive } = failure('hang', 3);
    expect((error as Error).message).toMatch(/no answer within 3 s \(--policy-timeout\)/);
    expect((error as Error).message).toContain('policy starting in mode hang');
    expect(pidAlive).toBe(false);
  });
  it('a program that does not exist', () => {
    const a = pipeAllocator('exec:no-such-policy-program --x');
    expect(() => a.decide(snapshot, ctx)).toThrow(/cannot start "no-such-policy-program": no such program/);
  });
  it('an infeasible decision is caught by the run\'s feasibility check as the plug-in\'s fault (exit 2)', async () => {
    const topology = loadTopology(path.join(repoRoot, 'topologies/small.json'));
    const allocator = pipeAllocator(`exec:python3 ${script} infeasible`);
    let error: unknown;
    try {
      await runSimulation({ topology, allocatorObject: allocator, horizonS: 60 });
    } catch (err) {
      error = err;
    } finally {
      allocator.close?.();
    }
    expect(error).toBeInstanceOf(AllocatorError);
    expect((error as AllocatorError).origin).toBe('plug-in');
    expect((error as AllocatorError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(/txPowerW/);
  });
});

describe('the command line', () => {
  it('a failing policy: exit 2, one line, no run folder left', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-pipe-')), 'run');
    const r = runCli(['run', 'topologies/small.json', '--horizon', '60', '--out', out, '--allocator', `exec:python3 ${script} crash`]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--allocator exec:python3 .*misbehave.py crash: call 0: the policy exited with status 3/);
    expect(fs.existsSync(out)).toBe(false);
  });
  it('an infeasible decision in solve: exit 2 naming the plug-in', () => {
    const r = runCli(['solve', 'topologies/small.json', '--allocator', `exec:python3 ${script} infeasible`]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/allocator 'python3 .*misbehave.py infeasible' at epoch 0 .*txPowerW/);
  });
  it('--policy-timeout must be positive', () => {
    const r = runCli(['solve', 'topologies/small.json', '--allocator', `exec:python3 ${script} hang`, '--policy-timeout', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--policy-timeout: expected a number of seconds > 0/);
  });
  it('a deterministic policy gives the same bytes every run', () => {
    const args = ['solve', 'topologies/small.json', '--json', '--allocator', 'exec:python3 examples/python-policy/policy.py'];
    const a = runCli(args);
    const b = runCli(args);
    expect(a.status).toBe(0);
    expect(b.stdout).toBe(a.stdout);
  });
});
