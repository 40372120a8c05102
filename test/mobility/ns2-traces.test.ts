import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/engine/input-error.js';
import { RandomStreams } from '../../src/engine/random.js';
import { createMobility } from '../../src/mobility/registry.js';
import { detectTraceFormat, parseMobilityTrace, readMobilityTrace, TraceMobility } from '../../src/mobility/trace-mobility.js';
import { repoRoot } from '../helpers/cli.js';

/**
 * Real-world ns-2 files, written by test/reference/ns2_fixtures.py in the
 * shapes ns-2's setdest, BonnMotion's NSFile export and a hand-written Tcl
 * scenario have; each comes with the true positions of its nodes, computed
 * by that script from the movement it chose.
 */
const fixtures = join(repoRoot, 'test/fixtures/traces');
const cases = [
  // file, nodes, skipped lines, tolerance (m): the Tcl script rounds some destinations to 7 digits
  { file: 'setdest-20nodes.ns_movements', nodes: 20, skipped: 259, tolM: 1e-6 },
  { file: 'bonnmotion-20nodes.ns_movements', nodes: 20, skipped: 0, tolM: 1e-6 },
  { file: 'wireless-10nodes.tcl', nodes: 10, skipped: 102, tolM: 1e-3 },
];

function truth(file: string): number[][] {
  return readFileSync(join(fixtures, file.replace(/\.[a-z_]+$/, '.truth.csv')), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number));
}

describe('ns-2 files as real tools write them', () => {
  for (const c of cases) {
    it(`${c.file}: every node at its true position, ${c.skipped} lines skipped`, () => {
      const trace = readMobilityTrace(join(fixtures, c.file));
      expect(trace.format).toBe('ns2');
      expect(trace.size).toBe(c.nodes);
      expect(trace.skipped.length).toBe(c.skipped);
      const models = new Map([...trace].map(([id, p]) => [id, new TraceMobility(p)]));
      let worst = 0;
      const rows = truth(c.file);
      expect(rows.length).toBeGreaterThan(700);
      for (const [t, id, x, y] of rows) {
        const p = models.get(id)!.position(t);
        worst = Math.max(worst, Math.abs(p.xM - x), Math.abs(p.yM - y));
      }
      expect(worst).toBeLessThan(c.tolM);
    });
  }

  it('lists each skipped line with its number and text, as the file has it', () => {
    const file = join(fixtures, 'wireless-10nodes.tcl');
    const physical = readFileSync(file, 'utf8').split('\r\n');
    const trace = readMobilityTrace(file);
    for (const s of trace.skipped) expect(s.text).toBe(physical[s.line - 1].trim());
    const texts = trace.skipped.map((s) => s.text);
    expect(texts).toContain('set val(chan)           Channel/WirelessChannel    ;# channel type');
    expect(texts).toContain('$ns_ at 1.0 "$god_ set-dist 1 2 3"');
    expect(texts).toContain('$node_($n) set X_ [expr rand()*800]');
    expect(texts).toContain('-movementTrace ON');
    expect(texts.filter((t) => / color red"$/.test(t)).length).toBe(10);
    const setdest = readMobilityTrace(join(fixtures, 'setdest-20nodes.ns_movements'));
    expect(setdest.skipped[1]).toEqual({ line: 2, text: '# nodes: 20, pause: 2.00, max speed: 10.00, max x: 670.00, max y: 670.00' });
    expect(setdest.skipped.filter((s) => s.text.startsWith('$god_ set-dist')).length).toBe(190);
  });

  it('any line ending, a byte-order mark and trailing blanks read the same', () => {
    const lf = readFileSync(join(fixtures, 'setdest-20nodes.ns_movements'), 'utf8');
    const ref = parseMobilityTrace(lf, 's.ns2');
    const variants = [lf.replace(/\n/g, '\r\n'), lf.replace(/\n/g, '\r'), `\ufeff${lf}`, lf.replace(/\n/g, ' \t\n')];
    for (const text of variants) {
      const t = parseMobilityTrace(text, 's.ns2');
      expect(t.skipped.length).toBe(ref.skipped.length);
      expect([...t.keys()]).toEqual([...ref.keys()]);
      for (const [id, p] of ref) expect(t.get(id)!.x).toEqual(p.x);
    }
  });

  it('commands run in time order whatever their order in the file, as ns-2 schedules them', () => {
    const a = ['$node_(0) set X_ 0', '$node_(0) set Y_ 0', '$ns_ at 1 "$node_(0) setdest 100 0 10"', '$ns_ at 6 "$node_(0) setdest 50 40 5"'];
    const b = [a[2], a[3], a[0], a[1]].reverse();
    const pa = new TraceMobility(parseMobilityTrace(a.join('\n'), 'a.ns2').get(0)!);
    const pb = new TraceMobility(parseMobilityTrace(b.join('\n'), 'b.ns2').get(0)!);
    for (const t of [0, 3, 6, 10, 20]) expect(pb.position(t)).toEqual(pa.position(t));
  });

  it('braces, $ns and $ns_, tabs, scientific notation and a trailing semicolon', () => {
    const text = [
      '$node_( 3 )\tset X_  1.0e1 ;',
      '$node_(3) set Y_ 2E+1   ;# metres',
      '$ns at 0.0 {$node_(3) setdest 1.1e2 20 1e1}',
      '$ns_\tat 5e0 "$node_(3) setdest 60 70 10" ; # turn north',
    ].join('\n');
    const m = new TraceMobility(parseMobilityTrace(text, 'x.ns2').get(3)!);
    // (10, 20) towards (110, 20) at 10 m/s, turned at t = 5 s at (60, 20) towards (60, 70).
    expect(m.position(2.5)).toEqual({ xM: 35, yM: 20 });
    expect(m.position(7.5)).toEqual({ xM: 60, yM: 45 });
    expect(m.position(50)).toEqual({ xM: 60, yM: 70 });
  });
});

describe('format: by extension, then by content', () => {
  it('recognises the extensions and the content', () => {
    expect(detectTraceFormat('a.CSV', '$node_(0) set X_ 1')).toBe('csv');
    for (const ext of ['.ns2', '.tcl', '.ns_movements', '.movements']) expect(detectTraceFormat(`a${ext}`, 't,id,x,y')).toBe('ns2');
    expect(detectTraceFormat('a.txt', '# c\n\nt,id,x,y\n')).toBe('csv');
    expect(detectTraceFormat('scen', '0,0,1,2\n')).toBe('csv');
    expect(detectTraceFormat('scen', '#\n# nodes: 2\nset val(x) 3\n')).toBe('ns2');
  });

  it('an ns-2 script named .csv says so, and "format" forces the reader', () => {
    const text = '$node_(0) set X_ 1\n$node_(0) set Y_ 2\n';
    expect(() => parseMobilityTrace(text, 'm.csv')).toThrow(/m\.csv: line 1: expected the header "t,id,x,y", got "\$node_\(0\) set X_ 1" \(this looks like an ns-2 script/);
    expect(parseMobilityTrace(text, 'm.csv', 'ns2').get(0)!.x[0]).toBe(1);
  });

  it('CSV: CR-only line ends are lines, not one header; long lines are cut in messages', () => {
    expect(parseMobilityTrace('t,id,x,y\r0,0,1,2\r1,0,3,4\r', 'm.csv').get(0)!.x).toEqual(Float64Array.from([1, 3]));
    expect(() => parseMobilityTrace('t,id,x,y\r0,0,1,2\r1,0,3\r', 'm.csv')).toThrow(/^m\.csv: line 3: expected 4 fields/);
    const long = `${'9'.repeat(300)},0,1,x`;
    let message = '';
    try {
      parseMobilityTrace(`t,id,x,y\n${long}\n`, 'm.csv');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^m\.csv: line 2: expected 4 finite numbers/);
    expect(message.length).toBeLessThan(200);
  });
});

describe('a trace that does not cover the scenario', () => {
  const streams = new RandomStreams(1);
  const file = join(fixtures, 'setdest-20nodes.ns_movements');

  it('fewer nodes than users: an error naming the file and both numbers', () => {
    const ctx = { user: 24, area: { widthM: 670, heightM: 670 }, userCount: 25 };
    expect(() => createMobility({ model: 'trace', file }, streams, ctx, 'users[0].mobility', 'topo.json')).toThrow(
      /^topo\.json: users\[0\]\.mobility: the trace .*setdest-20nodes\.ns_movements has fewer nodes than the topology's 25 users: it has 20 nodes \(ids 0-19\), and user 24 follows node 24$/,
    );
  });

  it('a position outside the area: an error naming the line, which holds that position', () => {
    const area = { widthM: 600, heightM: 600 };
    let err: unknown;
    for (let user = 0; user < 20 && err === undefined; user++) {
      try {
        createMobility({ model: 'trace', file }, streams, { user, area });
      } catch (e) {
        err = e;
      }
    }
    expect(err).toBeInstanceOf(InputError);
    const e = err as InputError;
    expect(e.source).toBe(file);
    expect(e.problem).toMatch(/outside the topology's area \[0, 600\] x \[0, 600\] m/);
    const line = readFileSync(file, 'utf8').split('\n')[Number(e.where!.slice(5)) - 1];
    const values = (line.match(/\d+\.\d+/g) ?? []).map(Number);
    expect(values.some((v) => v > 600)).toBe(true);
  });

  it('the trace ends: its end time is known, the last position is held', () => {
    const trace = readMobilityTrace(file);
    expect(trace.endS).toBeGreaterThan(99);
    const m = new TraceMobility(trace.get(0)!);
    expect(m.position(1e6)).toEqual(m.position(trace.endS + 1000));
  });
});
