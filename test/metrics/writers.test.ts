import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { iterationColumns, SummaryAccumulator, type IterationRecord } from '../../src/metrics/recorders.js';
import { OutputFolder, writeRunFolder } from '../../src/io/output-folder.js';
import { CsvWriter, formatCell } from '../../src/metrics/writers.js';
import { randomIteration } from './fixtures.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-writers-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function records(seed: number, n: number): IterationRecord[] {
  const rng = new RandomStreams(seed).stream('test/writers');
  return Array.from({ length: n }, (_, i) => randomIteration(rng, i % 7, Math.floor(i / 7), i * 0.25));
}

function writeRun(folder: string, seed: number, n: number): void {
  writeRunFolder(folder, (out) => {
    const csv = out.csv('iterations.csv', iterationColumns);
    const acc = new SummaryAccumulator(7);
    for (const r of records(seed, n)) {
      csv.write(r);
      acc.addIteration(r);
    }
    out.writeJson('run.json', { seed, summary: acc.summary() });
  });
}

describe('cells', () => {
  it('numbers round-trip; strings are quoted only when needed', () => {
    for (const x of [0.1 + 0.2, 1e-300, -5e-324, 123456789.123, 2 ** 53 + 2, NaN, Infinity]) {
      expect(Number(formatCell(x))).toEqual(x);
    }
    expect(formatCell(-0)).toBe('0');
    expect(formatCell('plain')).toBe('plain');
    expect(formatCell('a,b')).toBe('"a,b"');
    expect(formatCell('say "hi"')).toBe('"say ""hi"""');
    expect(formatCell(undefined)).toBe('');
    expect(formatCell(true)).toBe('true');
  });

  it('a CSV reads back to the same numbers, header first', () => {
    const file = path.join(dir, 'x.csv');
    const w = new CsvWriter(file, iterationColumns);
    const rs = records(1, 5000); // more than one flush
    rs.forEach((r) => w.write(r));
    w.close();
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toBe(iterationColumns.join(','));
    expect(lines.length).toBe(5002); // header, rows, final empty piece
    const cells = lines[4321].split(',').map(Number);
    iterationColumns.forEach((c, i) => expect(cells[i]).toBe(rs[4320][c]));
    expect(w.rows).toBe(5000);
  });
});

describe('run folders', () => {
  it('the same inputs give byte-identical files', () => {
    writeRun(path.join(dir, 'a'), 42, 3000);
    writeRun(path.join(dir, 'b'), 42, 3000);
    for (const f of ['iterations.csv', 'run.json']) {
      expect(fs.readFileSync(path.join(dir, 'a', f)).equals(fs.readFileSync(path.join(dir, 'b', f)))).toBe(true);
    }
    writeRun(path.join(dir, 'c'), 43, 3000);
    expect(fs.readFileSync(path.join(dir, 'a', 'iterations.csv')).equals(fs.readFileSync(path.join(dir, 'c', 'iterations.csv')))).toBe(false);
  });

  it('a write that throws midway leaves no partial output and the earlier folder intact', () => {
    const target = path.join(dir, 'run');
    writeRun(target, 1, 100);
    const before = fs.readFileSync(path.join(target, 'iterations.csv'));
    expect(() =>
      writeRunFolder(target, (out) => {
        const csv = out.csv('iterations.csv', iterationColumns);
        records(2, 20_000).forEach((r, i) => {
          if (i === 15_000) throw new Error('disk on fire');
          csv.write(r);
        });
      }),
    ).toThrow('disk on fire');
    expect(fs.readdirSync(dir)).toEqual(['run']);
    expect(fs.readdirSync(target).sort()).toEqual(['.mecsim', 'iterations.csv', 'run.json']);
    expect(fs.readFileSync(path.join(target, 'iterations.csv')).equals(before)).toBe(true);
  });

  it('with no earlier folder, a failure leaves nothing at all', () => {
    expect(() =>
      writeRunFolder(path.join(dir, 'fresh'), (out) => {
        out.writeJson('run.json', { a: 1 });
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('nothing is visible under the final name until commit, and commit replaces an old folder', () => {
    const target = path.join(dir, 'run');
    writeRun(target, 1, 10);
    const out = new OutputFolder(target);
    out.writeText('note.txt', 'new');
    expect(fs.existsSync(path.join(target, 'note.txt'))).toBe(false);
    // Beside it while it is written: its temporary folder and its write lock (src/io/write-lock.ts).
    expect(fs.readdirSync(dir).sort()).toEqual(['.run.mecsim-lock', `.run.tmp-${process.pid}`, 'run']);
    out.commit();
    expect(fs.readdirSync(dir)).toEqual(['run']);
    expect(fs.readdirSync(target).sort()).toEqual(['.mecsim', 'note.txt']);
    expect(() => out.writeText('late.txt', 'x')).toThrow(/already committed/);
    const another = new OutputFolder(target);
    expect(() => another.file('../escape')).toThrow(RangeError);
    another.abort();
    expect(fs.readdirSync(dir)).toEqual(['run']);
  });
});
