import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recoverFolder } from '../../src/io/output-folder.js';
import { repoRoot } from '../helpers/cli.js';

const bin = path.join(repoRoot, 'bin/mecsim.js');
const small = path.join(repoRoot, 'topologies/small.json');
/** A run long enough to be interrupted: it schedules events all along the horizon. */
const urban = path.join(repoRoot, 'topologies/urban-short.json');

interface Result {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function mecsim(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Result {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under `root`, hidden ones too, with its text. */
function snapshot(root: string, skip: (rel: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const rel = prefix + e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), rel + '/');
      else if (!skip(rel)) out[rel] = fs.readFileSync(path.join(d, e.name), 'utf8');
    }
  };
  walk(root, '');
  return out;
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-safety-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const run = (out: string[], extra: string[] = [], options: { cwd?: string; env?: Record<string, string> } = {}): Result =>
  mecsim(['run', small, '--horizon', '30s', ...out, ...extra], options);

describe('a user\'s files survive', () => {
  it('--out at a folder holding a user\'s file, at ., at a file, at /dev/null: status 2, named, untouched', () => {
    const proj = path.join(dir, 'proj');
    fs.mkdirSync(proj);
    fs.writeFileSync(path.join(proj, 'data.csv'), 'precious\n');
    const cases: Array<[string[], string, string]> = [
      [['--out', proj], proj, 'is a folder mecsim did not write'],
      [['--out', '.'], proj, 'is the current folder or one of its parents'],
      [['--out', '..'], dir, 'is the current folder or one of its parents'],
      [['--out', 'data.csv'], path.join(proj, 'data.csv'), 'is an existing file'],
      [['--out', '/dev/null'], '/dev/null', 'is not a folder'],
    ];
    for (const [args, named, why] of cases) {
      const r = run(args, [], { cwd: args[1] === proj ? dir : proj });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(`mecsim: ${named}: ${r.stderr.slice(`mecsim: ${named}: `.length)}`);
      expect(r.stderr).toContain(why);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(snapshot(dir)).toEqual({ 'proj/data.csv': 'precious\n' });
    expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a topology named .. or with a path is refused at its name field', () => {
    const topology = JSON.parse(fs.readFileSync(small, 'utf8')) as { name: string };
    for (const name of ['..', '.', '../../x', 'a/b', '-rf']) {
      const file = path.join(dir, 'bad.json');
      fs.writeFileSync(file, JSON.stringify({ ...topology, name }));
      const r = mecsim(['run', file, '--horizon', '30s'], { cwd: dir });
      expect(r.status, name).toBe(2);
      expect(r.stderr).toMatch(/bad\.json: name: expected a plain name/);
    }
    expect(fs.readdirSync(dir)).toEqual(['bad.json']);
  });

  it('compare --out at a user\'s folder: status 2, the folder untouched', () => {
    const mine = path.join(dir, 'mine');
    fs.mkdirSync(mine);
    fs.writeFileSync(path.join(mine, 'notes.txt'), 'mine');
    const r = mecsim(['compare', small, '--allocators', 'strongest-server', '--seeds', '1-2', '--workers', '0', '--out', mine]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${mine}: is a folder mecsim did not write`);
    expect(snapshot(mine)).toEqual({ 'notes.txt': 'mine' });
  });
});

describe('replacing an earlier run folder', () => {
  it('a kill at each step of the commit leaves the path in place and the earlier result restorable', () => {
    const target = path.join(dir, 'run');
    expect(run(['--out', target, '--seed', '1']).status).toBe(0);
    const earlier = snapshot(target);
    const fresh = path.join(dir, 'fresh');
    expect(run(['--out', fresh, '--seed', '2']).status).toBe(0);
    const noTiming = (rel: string): boolean => rel === 'timing.csv';
    const later = snapshot(fresh, noTiming);
    fs.rmSync(fresh, { recursive: true });
    // The steps for a folder of n files besides run.json and the marker: 1 backup ready, 2 run.json
    // removed, 3..n+2 the files moved, n+3 the marker moved, n+4 run.json moved (the new folder is
    // complete), n+5 and n+6 backup gone.
    const n = fs.readdirSync(target).filter((f) => f !== 'run.json' && f !== '.mecsim').length;
    let k = 1;
    for (; k < 20; k++) {
      const r = run(['--out', target, '--seed', '2'], [], { env: { MECSIM_TEST_CRASH_AT_COMMIT_STEP: String(k) } });
      if (r.status === 0) break;
      expect(r.signal, `step ${k}`).toBe('SIGKILL');
      expect(fs.statSync(target).isDirectory()).toBe(true);
      const seen = snapshot(target);
      // A reader sees the earlier run.json, or none (incomplete), or the new one: never a mix under run.json.
      expect([earlier['run.json'], undefined, later['run.json']]).toContain(seen['run.json']);
      recoverFolder(target);
      if (k <= n + 3) expect(snapshot(target), `step ${k}`).toEqual(earlier);
      else expect(snapshot(target, noTiming), `step ${k}`).toEqual(later);
      // Back to the earlier result for the next step.
      fs.rmSync(target, { recursive: true });
      fs.mkdirSync(target);
      for (const [rel, text] of Object.entries(earlier)) fs.writeFileSync(path.join(target, rel), text);
    }
    expect(k).toBe(n + 7);
    expect(snapshot(target, noTiming)).toEqual(later);
    expect(fs.readdirSync(dir)).toEqual(['run']);
  });

  for (const [signal, status] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`${signal} during a run removes its temporary folder and keeps the earlier result`, async () => {
      const target = path.join(dir, 'run');
      expect(run(['--out', target]).status).toBe(0);
      const earlier = snapshot(target);
      const child = spawn(process.execPath, [bin, 'run', urban, '--horizon', '6h', '--out', target], { env: { ...process.env, NO_COLOR: '1' } });
      const temp = `.run.tmp-${child.pid}`;
      const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      // Wait until the run has its temporary folder open, then interrupt it.
      while (!fs.existsSync(path.join(dir, temp, 'iterations.csv'))) await new Promise((r) => setTimeout(r, 20));
      child.kill(signal);
      expect(await closed).toBe(status);
      expect(fs.readdirSync(dir)).toEqual(['run']);
      expect(snapshot(target)).toEqual(earlier);
    });
  }

  it('SIGTERM during a campaign on worker threads leaves no temporary file', async () => {
    const out = path.join(dir, 'cmp');
    const child = spawn(process.execPath, [bin, 'compare', urban, '--kind', 'run', '--horizon', '6h', '--allocators', 'strongest-server', '--seeds', '1-4', '--workers', '1', '--out', out], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const runs = path.join(out, 'runs');
    while (!(fs.existsSync(runs) && fs.readdirSync(runs).some((n) => n.includes('.tmp-')))) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGTERM');
    expect(await closed).toBe(143);
    expect(Object.keys(snapshot(out)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

describe('the machine fails: one line naming the path, status 1, nothing half-written', () => {
  it('--out inside a file, and under /sys (read-only even for root)', () => {
    const file = path.join(dir, 'file');
    fs.writeFileSync(file, 'x');
    for (const [out, reason] of [
      [path.join(file, 'sub'), 'a part of the path is a file'],
      // The first write there is the lock file (EACCES) or the folder (EPERM).
      ['/sys/mecsim-test-out', /\((EPERM|EACCES)\)/],
    ] as const) {
      const r = run(['--out', out]);
      expect(r.status, out).toBe(1);
      expect(r.stderr).toBe(`mecsim: cannot write ${out}: ${r.stderr.slice(`mecsim: cannot write ${out}: `.length)}`);
      expect(r.stderr).toMatch(reason);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(fs.readdirSync(dir)).toEqual(['file']);
  });

  describe('a full disk', () => {
    const mnt = path.join(os.tmpdir(), `mecsim-full-${process.pid}`);
    let mounted = false;
    beforeAll(() => {
      fs.mkdirSync(mnt, { recursive: true });
      mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]).status === 0;
    });
    afterAll(() => {
      if (mounted) spawnSync('umount', [mnt]);
      fs.rmSync(mnt, { recursive: true, force: true });
    });
    const fill = (): void => {
      // Leave a few kilobytes: enough to start writing, not to finish.
      fs.writeFileSync(path.join(mnt, 'fill'), Buffer.alloc(52 * 1024));
    };

    it('run and trace on a full disk (a 64 kB tmpfs; skipped where mount is not permitted)', (ctx) => {
      if (!mounted) ctx.skip('cannot mount a small tmpfs here (needs root)');
      fill();
      const r = mecsim(['run', small, '--horizon', '1h', '--out', path.join(mnt, 'r')]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^mecsim: cannot write ${mnt}/r/\\S+: no space left on the device \\(ENOSPC\\)\\n$`));
      const t = mecsim(['trace', 'mobility', '--model', 'random-waypoint', '--params', '{"minSpeedMps":1,"maxSpeedMps":2}', '--users', '50', '--duration', '2000', '--out', path.join(mnt, 't.csv')]);
      expect(t.status).toBe(1);
      expect(t.stderr).toBe(`mecsim: cannot write ${mnt}/t.csv: no space left on the device (ENOSPC)\n`);
      expect(fs.readdirSync(mnt)).toEqual(['fill']);
    });
  });
});

describe('an internal error', () => {
  for (const workers of ['0', '1']) {
    it(`is status 70 with a request to report it and no stack trace (${workers === '0' ? 'main thread' : 'worker thread'})`, () => {
      const args = ['compare', small, '--allocators', 'strongest-server', '--seeds', '1', '--workers', workers, '--out', path.join(dir, 'c')];
      const r = mecsim(args, { env: { MECSIM_TEST_INTERNAL_ERROR: '1' } });
      expect(r.status).toBe(70);
      expect(r.stderr).toMatch(/^mecsim: internal error: run 0 \(.*failed: an internal error injected for a test — please report it to .*, with the command you ran/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      const debug = mecsim(args, { env: { MECSIM_TEST_INTERNAL_ERROR: '1', MECSIM_DEBUG: '1' } });
      expect(debug.status).toBe(70);
      expect(debug.stderr).toMatch(/\n\s+at .*execute\.js/);
    });
  }
});
