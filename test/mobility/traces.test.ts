import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/engine/input-error.js';
import { RandomStreams } from '../../src/engine/random.js';
import { createMobility } from '../../src/mobility/registry.js';
import {
  formatMobilityCsv,
  formatMobilityNs2,
  parseMobilityTrace,
  readMobilityTrace,
  sampleMobilityTrace,
  sampleTimes,
  TraceMobility,
} from '../../src/mobility/trace-mobility.js';
import { parseChannelTrace, readChannelTrace, TraceFading } from '../../src/radio/channel-trace.js';
import { repoRoot, runCli } from '../helpers/cli.js';

const area = { widthM: 800, heightM: 800 };
const dir = mkdtempSync(join(tmpdir(), 'mecsim-traces-'));

function generated() {
  const streams = new RandomStreams(3);
  const users = [0, 1, 2].map((user) =>
    createMobility({ model: 'random-waypoint', minSpeedMps: 1, maxSpeedMps: 15, maxPauseS: 4 }, streams, { user, area }),
  );
  const times = sampleTimes(120, 0.5);
  return { times, rows: sampleMobilityTrace(users, times) };
}

describe('mobility trace round trip', () => {
  it('CSV: generate, write, read back: exact at the sample points, linear between', () => {
    const { rows } = generated();
    const file = join(dir, 'm.csv');
    writeFileSync(file, formatMobilityCsv(rows));
    const trace = readMobilityTrace(file);
    expect([...trace.keys()].sort()).toEqual([0, 1, 2]);
    const models = [0, 1, 2].map((id) => new TraceMobility(trace.get(id)!));
    for (const r of rows) expect(models[r.id].position(r.t)).toEqual({ xM: r.x, yM: r.y });
    const a = rows.find((r) => r.id === 1 && r.t === 10)!;
    const b = rows.find((r) => r.id === 1 && r.t === 10.5)!;
    const mid = models[1].position(10.25);
    expect(mid.xM).toBeCloseTo((a.x + b.x) / 2, 9);
    expect(mid.yM).toBeCloseTo((a.y + b.y) / 2, 9);
    expect(models[0].position(1e6)).toEqual(models[0].position(120));
  });

  it('ns-2 setdest: read back within a nanometre at the sample points', () => {
    const { rows } = generated();
    const trace = parseMobilityTrace(formatMobilityNs2(rows), 'gen.ns2');
    const models = [0, 1, 2].map((id) => new TraceMobility(trace.get(id)!));
    for (const r of rows) {
      const p = models[r.id].position(r.t);
      expect(Math.abs(p.xM - r.x)).toBeLessThan(1e-9);
      expect(Math.abs(p.yM - r.y)).toBeLessThan(1e-9);
    }
  });

  it('ns-2: an interrupted movement and a pause are followed as ns-2 would', () => {
    const text = [
      '# a hand-written scenario',
      '$node_(0) set X_ 0.0',
      '$node_(0) set Y_ 0.0',
      '$node_(0) set Z_ 0.0',
      '$god_ set-dist 0 1 1',
      '$ns_ at 1.0 "$node_(0) setdest 100.0 0.0 10.0"',
      '$ns_ at 6.0 "$node_(0) setdest 50.0 40.0 5.0"',
      '$ns_ at 30.0 "$node_(0) setdest 50.0 40.0 0.0"',
    ].join('\n');
    const m = new TraceMobility(parseMobilityTrace(text, 's.ns2').get(0)!);
    expect(m.position(0.5)).toEqual({ xM: 0, yM: 0 });
    expect(m.position(3)).toEqual({ xM: 20, yM: 0 });
    // Interrupted at 50 m; 50 m to go to (50, 40) -> arrives at 6 + 8 = 14 s.
    expect(m.position(6)).toEqual({ xM: 50, yM: 0 });
    expect(m.position(10).yM).toBeCloseTo(20, 12);
    expect(m.position(20)).toEqual({ xM: 50, yM: 40 });
    expect(m.speed(8)).toBeCloseTo(5, 12);
    expect(m.distance(100)).toBeCloseTo(90, 12);
  });

  it('reads the shipped samples', () => {
    const csv = readMobilityTrace(join(repoRoot, 'traces/rwp-3users.csv'));
    const ns2 = readMobilityTrace(join(repoRoot, 'traces/rwp-3users.ns2'));
    for (let id = 0; id < 3; id++) {
      const a = new TraceMobility(csv.get(id)!);
      const b = new TraceMobility(ns2.get(id)!);
      for (const t of [0, 7, 33.3, 60]) {
        expect(b.position(t).xM).toBeCloseTo(a.position(t).xM, 6);
        expect(b.position(t).yM).toBeCloseTo(a.position(t).yM, 6);
      }
    }
    const ch = readChannelTrace(join(repoRoot, 'traces/rayleigh-2users-2servers.csv'), { users: 2, servers: 2 });
    expect(ch.links.size).toBe(4);
  });

  it('the trace model reads a file relative to the topology folder, once per group', () => {
    const traces = new Map();
    const streams = new RandomStreams(1);
    const cfg = { model: 'trace', file: 'traces/rwp-3users.csv' } as const;
    const u2 = createMobility(cfg, streams, { user: 2, area, baseDir: repoRoot, traces });
    createMobility(cfg, streams, { user: 0, area, baseDir: repoRoot, traces });
    expect(traces.size).toBe(1);
    expect(u2.position(0)).toEqual(new TraceMobility(readMobilityTrace(join(repoRoot, cfg.file)).get(2)!).position(0));
    expect(() => createMobility({ ...cfg, node: 9 }, streams, { user: 0, area, baseDir: repoRoot, traces })).toThrow(
      /mobility\.node: node 9 is not in the trace/,
    );
  });
});

describe('malformed traces fail with the file and line', () => {
  const cases: [string, string, RegExp][] = [
    ['csv: no header', '0,0,1,2\n', /m\.csv: line 1: expected the header "t,id,x,y"/],
    ['csv: empty', '\n\n', /m\.csv: line 1: .*empty/],
    ['csv: three fields', 't,id,x,y\n0,0,1,2\n1,0,3\n', /m\.csv: line 3: expected 4 fields/],
    ['csv: not a number', 't,id,x,y\n0,0,1,2\n1,0,abc,2\n', /m\.csv: line 3: expected 4 finite numbers/],
    ['csv: empty field', 't,id,x,y\n0,0,,2\n', /m\.csv: line 2: expected 4 finite numbers/],
    ['csv: fractional id', 't,id,x,y\n# c\n0,1.5,1,2\n', /m\.csv: line 3: expected a node id/],
    ['csv: time goes back', 't,id,x,y\n0,0,1,2\n5,0,1,2\n4,0,1,2\n', /m\.csv: line 4: expected times to increase for node 0/],
    ['csv: negative time', 't,id,x,y\n-1,0,1,2\n', /m\.csv: line 2: expected a time >= 0/],
    ['ns2: setdest without a position', '$ns_ at 1 "$node_(0) setdest 1 2 3"\n', /m\.ns2: line 1: expected node 0's initial position/],
    ['ns2: bad number', '$node_(0) set X_ 1\n$node_(0) set Y_ one\n', /m\.ns2: line 2: expected Y_ to be a number, got "one"/],
    ['ns2: setdest missing its speed', '$node_(0) set X_ 1\n$node_(0) set Y_ 1\n$ns_ at 1 "$node_(0) setdest 1 2"\n', /m\.ns2: line 3: expected `\$node_\(i\) set/],
    ['ns2: quote closed by a brace', '$node_(0) set X_ 1\n$node_(0) set Y_ 1\n$ns_ at 1 "$node_(0) setdest 1 2 3}\n', /m\.ns2: line 3: expected `\$node_\(i\) set/],
    ['ns2: timed jump', '$node_(0) set X_ 1\n$node_(0) set Y_ 1\n$ns_ at 1 "$node_(0) set X_ 5"\n', /m\.ns2: line 3: a position set at a time/],
    ['ns2: infinite', '$node_(0) set X_ 1e999\n', /m\.ns2: line 1: expected X_ to be a finite number/],
    ['ns2: huge node id', '$node_(99999999999999999999) set X_ 1\n', /m\.ns2: line 1: expected a node id below 2\^53/],
    ['ns2: negative speed', '$node_(0) set X_ 1\n$node_(0) set Y_ 1\n$ns_ at 5 "$node_(0) setdest 1 2 -3"\n', /m\.ns2: line 3: expected a time and a speed >= 0/],
    ['ns2: nothing but Tcl', 'set val(nn) 3\nproc finish {} {\n  exit 0\n}\n', /m\.ns2: lines 1-5: expected ns-2 movement .* found none/],
  ];
  for (const [name, text, message] of cases) {
    const file = name.startsWith('ns2') ? 'm.ns2' : 'm.csv';
    it(name, () => {
      expect(() => parseMobilityTrace(text, file)).toThrow(InputError);
      expect(() => parseMobilityTrace(text, file)).toThrow(message);
    });
  }

  const channelCases: [string, string, RegExp][] = [
    ['no header', '0,0,0,-80\n', /c\.csv: line 1: expected the header "t,user,server,gainDb"/],
    ['five fields', 't,user,server,gainDb\n0,0,0,-80,1\n', /c\.csv: line 2: expected 4 fields/],
    ['not a number', 't,user,server,gainDb\n0,0,0,loud\n', /c\.csv: line 2: expected 4 finite numbers/],
    ['negative server', 't,user,server,gainDb\n0,0,-1,-80\n', /c\.csv: line 2: expected a server index/],
    ['time repeats', 't,user,server,gainDb\n0,0,0,-80\n0,0,1,-80\n0,0,0,-81\n', /c\.csv: line 4: expected one sample per time for user 0, server 0: 0 s is also on line 2/],
    ['negative time', 't,user,server,gainDb\n-1,0,0,-80\n', /c\.csv: line 2: expected a time >= 0/],
    ['user beyond 2^53', 't,user,server,gainDb\n0,9007199254740993,0,-10\n', /c\.csv: line 2: expected a user index that is an integer from 0 to 2\^53/],
    ['gain of 1e308 dB', 't,user,server,gainDb\n0,0,0,1e308\n', /c\.csv: line 2: expected a fading power gainDb from -200 to 60 dB/],
  ];
  for (const [name, text, message] of channelCases) {
    it(`channel trace: ${name}`, () => {
      expect(() => parseChannelTrace(text, 'c.csv')).toThrow(message);
    });
  }

  it('a missing file is an InputError naming it', () => {
    expect(() => readMobilityTrace(join(dir, 'nope.csv'))).toThrow(/nope\.csv: no such file/);
  });
});

describe('channel traces', () => {
  it('hold the last value, and the first before it, whatever the row order', () => {
    const ch = parseChannelTrace('t,user,server,gainDb\n2,0,0,-20\n1,0,0,-10\n1.5,1,0,-7\n', 'c.csv');
    const p = new TraceFading(ch).link(0, 0);
    expect(p.power(0, 0)).toBeCloseTo(0.1, 15);
    expect(p.power(1.99, 0)).toBeCloseTo(0.1, 15);
    expect(p.power(2, 0)).toBeCloseTo(0.01, 15);
    expect(p.power(100, 0)).toBeCloseTo(0.01, 15);
    expect(p.power(1.2, 0)).toBeCloseTo(0.1, 15);
    expect(new TraceFading(ch).link(1, 0).power(3, 0)).toBeCloseTo(Math.pow(10, -0.7), 15);
    expect(() => new TraceFading(ch).link(1, 1)).toThrow(/no samples for user 1, server 1/);
    expect(ch.endS).toBe(2);
  });
});

describe('mecsim trace', () => {
  it('mobility: writes a CSV that reads back to the model\'s positions, byte-identical for the same seed', () => {
    const out = join(dir, 'cli-m.csv');
    const params = JSON.stringify({ minSpeedMps: 1, maxSpeedMps: 15, maxPauseS: 4 });
    const args = ['trace', 'mobility', '--model', 'random-waypoint', '--params', params, '--users', '3', '--area', '800x800', '--duration', '120', '--step', '0.5', '--seed', '3', '--out', out];
    const r = runCli(args);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { rows } = generated();
    expect(readFileSync(out, 'utf8')).toBe(formatMobilityCsv(rows));
    const again = join(dir, 'cli-m2.csv');
    runCli([...args.slice(0, -1), again]);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  it('fading: writes a channel trace that reads back exactly', () => {
    const out = join(dir, 'cli-f.csv');
    const r = runCli(['trace', 'fading', '--model', 'rayleigh', '--params', '{"correlation":{"type":"gauss-markov","dopplerHz":20}}', '--users', '2', '--servers', '3', '--duration', '1', '--step', '0.01', '--out', out]);
    expect(r.status).toBe(0);
    const text = readFileSync(out, 'utf8');
    const ch = parseChannelTrace(text, out, { users: 2, servers: 3 });
    const lines = text.trim().split('\n').slice(1);
    expect(lines.length).toBe(101 * 6);
    const fading = new TraceFading(ch);
    for (const line of lines) {
      const [t, u, s, g] = line.split(',').map(Number);
      expect(fading.link(u, s).power(t, 0)).toBe(Math.pow(10, g / 10));
    }
  });

  it('bad options exit with status 2 and say which', () => {
    const out = join(dir, 'bad.csv');
    const cases: [string[], RegExp][] = [
      [['trace', 'mobility', '--model', 'random-waypoint', '--params', '{"minSpeedMps":0,"maxSpeedMps":1}', '--out', out], /--params: minSpeedMps/],
      [['trace', 'mobility', '--model', 'teleport', '--out', out], /--params: model: Invalid discriminator/],
      [['trace', 'mobility', '--model', 'static', '--params', '{oops', '--out', out], /--params: expected a JSON object/],
      [['trace', 'mobility', '--model', 'static', '--area', '10by10', '--out', out], /--area: expected WIDTHxHEIGHT/],
      [['trace', 'fading', '--model', 'rician', '--params', '{"kFactor":-1}', '--out', out], /--params: kFactor/],
      [['trace', 'mobility', '--model', 'static', '--users', '0', '--out', out], /--users: expected an integer >= 1/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
