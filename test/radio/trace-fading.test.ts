import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTopology } from '../../src/scenario/load.js';
import { runSimulation } from '../../src/scenario/simulate.js';
import { repoRoot, runCli } from '../helpers/cli.js';

/**
 * A fading trace (`radio.fading: {"model": "trace", "file": ...}`) and
 * mobility traces used by a run: what the channel reads, and how a trace
 * that does not fit the topology is refused or warned about.
 */
const dir = mkdtempSync(join(tmpdir(), 'mecsim-trace-fading-'));
const small = JSON.parse(readFileSync(join(repoRoot, 'topologies/small.json'), 'utf8'));
const rayleigh = join(repoRoot, 'traces/rayleigh-2users-2servers.csv');
copyFileSync(rayleigh, join(dir, 'fading.csv'));

/** small.json with two users, the given fading, written beside the copied trace. */
function topology(name: string, fading: object, patch: (t: typeof small) => void = () => {}): string {
  const t = structuredClone(small);
  t.name = name;
  t.users[0].count = 2;
  t.users[0].placement.positions = t.users[0].placement.positions.slice(0, 2);
  t.radio.fading = fading;
  patch(t);
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(t));
  return file;
}

/** The trace's own value at t: the last sample at or before t (the first before it), read straight from the CSV. */
function traceGainDb(user: number, server: number, t: number): number {
  const rows = readFileSync(rayleigh, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  const link = rows.filter((r) => r[1] === user && r[2] === server).sort((a, b) => a[0] - b[0]);
  let g = link[0][3];
  for (const r of link) if (r[0] <= t) g = r[3];
  return g;
}

describe('fading from a trace', () => {
  it('multiplies the model gain by the trace power, held between samples; warns once when the trace ends before the horizon', async () => {
    const timesS = [0, 0.01, 0.37, 0.999, 2, 30];
    const probe = async (file: string) => {
      const topo = parseTopology(readFileSync(file, 'utf8'), file);
      const gains: number[][][] = [];
      const notes: string[] = [];
      await runSimulation({ topology: topo, source: file, baseDir: dir, horizonS: 40, notify: (m) => notes.push(m), probe: { timesS, onProbe: (_t, g) => gains.push(g) } });
      return { gains, notes };
    };
    const plain = await probe(topology('plain', { model: 'none' }));
    const traced = await probe(topology('traced', { model: 'trace', file: 'fading.csv' }));
    expect(plain.notes).toEqual([]);
    expect(traced.notes).toEqual([`warning: ${join(dir, 'fading.csv')} ends at 1 s, before the horizon 40 s; each link holds its last fading value after it`]);
    timesS.forEach((t, k) => {
      for (let u = 0; u < 2; u++) {
        for (let s = 0; s < 2; s++) {
          expect(traced.gains[k][u][s] / plain.gains[k][u][s]).toBeCloseTo(Math.pow(10, traceGainDb(u, s, t) / 10), 12);
        }
      }
    });
  });

  it('bad fading traces exit 2 with one line naming the file and the line, without allocating by id', () => {
    const cases: [string, string, RegExp][] = [
      ['huge-user', 't,user,server,gainDb\n0,1000000000,0,-10\n', /huge-user\.csv: line 2: user 1000000000 is not in the topology, which has 2 users \(indices 0 to 1\)/],
      ['beyond-2-53', 't,user,server,gainDb\n0,0,1e300,-10\n', /beyond-2-53\.csv: line 2: expected a server index that is an integer from 0 to 2\^53/],
      ['missing-link', 't,user,server,gainDb\n0,0,0,-1\n0,0,1,-1\n0,1,0,-1\n', /missing-link\.csv: has no samples for user 1, server 1; a fading trace must cover every link/],
      ['cr-only', 't,user,server,gainDb\r0,0,0,-1\r0,0,1\r', /cr-only\.csv: line 3: expected 4 fields/],
    ];
    for (const [name, text, message] of cases) {
      writeFileSync(join(dir, `${name}.csv`), text);
      const r = runCli(['run', topology(name, { model: 'trace', file: `${name}.csv` }), '--horizon', '10s', '--out', join(dir, `out-${name}`)]);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.status).toBe(2);
    }
  });
});

describe('mobility traces in a run', () => {
  const setdest = join(repoRoot, 'test/fixtures/traces/setdest-20nodes.ns_movements');
  const moving = (name: string, mobility: object, count = 4) =>
    topology(name, { model: 'none' }, (t) => {
      t.area = { widthM: 670, heightM: 670 };
      t.users[0].count = count;
      t.users[0].placement = { kind: 'random' };
      t.users[0].mobility = mobility;
    });

  it('says how many lines it skipped (--verbose lists them) and that the trace ends early; the output bytes do not change', () => {
    const topo = moving('setdest', { model: 'trace', file: setdest });
    const quiet = runCli(['run', topo, '--horizon', '1100s', '--out', join(dir, 'run-quiet')]);
    expect(quiet.status).toBe(0);
    const lines = quiet.stderr.trim().split('\n');
    expect(lines).toContain(`mecsim: ${setdest}: read 20 nodes (ns2); skipped 259 lines that are not movement (--verbose lists them)`);
    expect(lines.filter((l) => /^mecsim: warning: .*setdest-20nodes\.ns_movements ends at 1042\.\d+ s, before the horizon 1100 s; its users hold their last position after it$/.test(l))).toHaveLength(1);
    const loud = runCli(['run', topo, '--horizon', '1100s', '--verbose', '--out', join(dir, 'run-loud')]);
    expect(loud.status).toBe(0);
    const listed = loud.stderr.split('\n').filter((l) => l.startsWith('mecsim:   line '));
    expect(listed).toHaveLength(259);
    expect(listed[1]).toBe('mecsim:   line 2: "# nodes: 20, pause: 2.00, max speed: 10.00, max x: 670.00, max y: 670.00"');
    for (const f of ['iterations.csv', 'epochs.csv']) {
      expect(readFileSync(join(dir, 'run-loud', f), 'utf8')).toBe(readFileSync(join(dir, 'run-quiet', f), 'utf8'));
    }
  });

  it('malformed or unfitting traces exit 2 with one line', () => {
    const bad = join(dir, 'bad.tcl');
    writeFileSync(bad, 'set val(nn) 1\n$node_(0) set X_ 1\n$node_(0) set Y_ 1\n$ns at 2.0 "$node_(0) setdest 10 abc 3"\n');
    const cases: [string, RegExp][] = [
      [moving('bad', { model: 'trace', file: bad }), /bad\.tcl: line 4: expected y to be a number, got "abc"/],
      [moving('too-many', { model: 'trace', file: setdest }, 30), /users\[0\]\.mobility: the trace .* has fewer nodes than the topology's 30 users: it has 20 nodes \(ids 0-19\), and user 20 follows node 20/],
      [moving('one-node', { model: 'trace', file: setdest, node: 3 }), /users\[0\]\.mobility\.node: all 4 users of the group would follow node 3/],
    ];
    for (const [topo, message] of cases) {
      const r = runCli(['run', topo, '--horizon', '10s', '--out', join(dir, 'out-bad')]);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.status).toBe(2);
    }
  });
});
