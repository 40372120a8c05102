import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/engine/input-error.js';
import { OutputFolder, recoverFolder, writeRunFolder, type CommitStepHook } from '../../src/io/output-folder.js';
import { writeOutputFile, startsWithLine } from '../../src/io/output-file.js';
import { MARKER } from '../../src/io/ownership.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-output-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every entry under `root` (hidden ones too) with its bytes: what a reader finds. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const rel = prefix + e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), rel + '/');
      else out[rel] = fs.readFileSync(path.join(d, e.name), 'utf8');
    }
  };
  walk(root, '');
  return out;
}

function write(target: string, files: Record<string, string>, hook?: CommitStepHook): void {
  const folder = new OutputFolder(target, 'run', { onCommitStep: hook });
  try {
    for (const [name, text] of Object.entries(files)) folder.writeText(name, text);
  } catch (err) {
    folder.abort();
    throw err;
  }
  folder.commit();
}

/** A process id no process has now: one that has just exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

const earlier = { 'iterations.csv': 'a\n1\n', 'epochs.csv': 'e\n1\n', 'old-only.csv': 'x\n', 'run.json': '{"seed":1}\n' };
const later = { 'iterations.csv': 'a\n2\n', 'epochs.csv': 'e\n2\n', 'new-only.csv': 'y\n', 'run.json': '{"seed":2}\n' };

describe('what mecsim may replace', () => {
  it('a folder holding a user\'s file is refused, named, and left as it was', () => {
    const target = path.join(dir, 'mine');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'thesis.tex'), 'precious');
    expect(() => new OutputFolder(target)).toThrow(InputError);
    expect(() => new OutputFolder(target)).toThrow(`${target}: is a folder mecsim did not write`);
    expect(snapshot(dir)).toEqual({ 'mine/thesis.tex': 'precious' });
  });

  it('a file, a device, a symbolic link are refused and left as they were', () => {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'keep');
    const link = path.join(dir, 'link');
    fs.symlinkSync(dir, link);
    for (const [target, why] of [
      [file, 'is an existing file'],
      ['/dev/null', 'is not a folder'],
      [link, 'is a symbolic link'],
    ]) {
      expect(() => new OutputFolder(target)).toThrow(why);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('keep');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a user\'s file inside a folder mecsim wrote is kept, and one a new run would overwrite is refused', () => {
    const target = path.join(dir, 'run');
    write(target, earlier);
    fs.writeFileSync(path.join(target, 'notes.txt'), 'mine');
    write(target, later);
    expect(fs.readFileSync(path.join(target, 'notes.txt'), 'utf8')).toBe('mine');
    expect(() => write(target, { ...later, 'notes.txt': 'theirs' })).toThrow(/notes\.txt: is a file mecsim did not write/);
    expect(fs.readFileSync(path.join(target, 'notes.txt'), 'utf8')).toBe('mine');
    expect(fs.readFileSync(path.join(target, 'run.json'), 'utf8')).toBe(later['run.json']);
  });

  it('a folder of another kind is refused', () => {
    const target = path.join(dir, 'repro');
    writeRunFolder(target, (f) => f.writeText('fig.csv', 'x\n'), 'reproduce');
    expect(() => new OutputFolder(target, 'run')).toThrow(/a reproduce folder of mecsim, not a run folder/);
  });

  it('a single output file replaces only what it recognises', () => {
    const trace = startsWithLine('a trace', 't,id,x,y');
    const file = path.join(dir, 'sub', 't.csv');
    writeOutputFile(file, 't,id,x,y\n0,0,1,1\n', trace);
    writeOutputFile(file, 't,id,x,y\n0,0,2,2\n', trace);
    expect(fs.readFileSync(file, 'utf8')).toBe('t,id,x,y\n0,0,2,2\n');
    fs.writeFileSync(file, 'a user table\n');
    expect(() => writeOutputFile(file, 't,id,x,y\n', trace)).toThrow(/is an existing file that is not a trace/);
    expect(fs.readFileSync(file, 'utf8')).toBe('a user table\n');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['t.csv']);
  });
});

describe('replacing an earlier folder', () => {
  it('replaces the listed files, and a later open finds nothing left over', () => {
    const target = path.join(dir, 'run');
    write(target, earlier);
    write(target, later);
    const seen = snapshot(target);
    expect(Object.keys(seen).sort()).toEqual([MARKER, ...Object.keys(later)].sort());
    for (const [f, text] of Object.entries(later)) expect(seen[f]).toBe(text);
    expect(fs.readdirSync(dir)).toEqual(['run']);
  });

  it('a failure at any step of the commit leaves the earlier folder exactly as it was', () => {
    const target = path.join(dir, 'run');
    write(target, earlier);
    const before = snapshot(target);
    let steps = 0;
    write(path.join(dir, 'count'), earlier);
    write(path.join(dir, 'count'), later, (n) => (steps = n));
    expect(steps).toBeGreaterThan(5);
    // From the step that moves run.json on, the new folder is complete: it stays.
    for (let k = 1; k <= steps - 2; k++) {
      const pathAlways: boolean[] = [];
      expect(() =>
        write(target, later, (n) => {
          pathAlways.push(fs.existsSync(target));
          if (n === k) throw Object.assign(new Error('no space left'), { code: 'ENOSPC' });
        }),
      ).toThrow('no space left');
      expect(pathAlways.every(Boolean)).toBe(true);
      expect(fs.readdirSync(dir).sort()).toEqual(['count', 'run']);
      if (k < steps - 2) expect(snapshot(target), `step ${k}`).toEqual(before);
      else {
        expect(snapshot(target)).toEqual(snapshot(path.join(dir, 'count')));
        write(target, earlier);
      }
    }
  });

  it('what a process killed during a commit leaves is undone by the next open', () => {
    const target = path.join(dir, 'run');
    write(target, earlier);
    const before = snapshot(target);
    // At step 4 (run.json gone, two new files in place) hand the leftovers to a process that has
    // died, as a kill would leave them; the error then finds no backup of its own to restore.
    const pid = deadPid();
    expect(() =>
      write(target, later, (n) => {
        if (n !== 4) return;
        fs.renameSync(path.join(target, `.mecsim-backup-${process.pid}`), path.join(target, `.mecsim-backup-${pid}`));
        fs.cpSync(path.join(dir, `.run.tmp-${process.pid}`), path.join(dir, `.run.tmp-${pid}`), { recursive: true });
        throw new Error('killed');
      }),
    ).toThrow('killed');
    expect(fs.existsSync(path.join(target, 'run.json'))).toBe(false);
    expect(snapshot(target)).not.toEqual(before);
    expect(recoverFolder(target)).toBe(1);
    expect(snapshot(target)).toEqual(before);
    expect(fs.readdirSync(dir)).toEqual(['run']);
  });
});

describe('temporaries', () => {
  it('a dead process\'s temporary folder is removed; a user folder with such a name is not', () => {
    const pid = deadPid();
    const stale = path.join(dir, `.run.tmp-${pid}`);
    fs.mkdirSync(stale);
    fs.writeFileSync(path.join(stale, MARKER), '{"format":"mecsim-output","version":1,"kind":"run","files":[]}');
    fs.writeFileSync(path.join(stale, 'iterations.csv'), 'half');
    const users = path.join(dir, `.run.tmp-${pid + 1}`);
    fs.mkdirSync(users);
    fs.writeFileSync(path.join(users, 'data'), 'mine');
    write(path.join(dir, 'run'), earlier);
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.readFileSync(path.join(users, 'data'), 'utf8')).toBe('mine');
  });

  it('a failed write leaves no temporary file', () => {
    const file = path.join(dir, 'no-such-folder-file');
    fs.writeFileSync(file, '');
    expect(() => writeOutputFile(path.join(file, 'x.csv'), 'x', startsWithLine('a trace', 'x'))).toThrow(/cannot write .*x\.csv: a part of the path is a file/);
    expect(fs.readdirSync(dir)).toEqual(['no-such-folder-file']);
  });
});
