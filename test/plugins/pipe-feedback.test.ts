/**
 * An external policy hears the realised cost of its decisions: "feedback"
 * in each decide request and in the end message, every call once and in
 * order, adding up to the realised cost the run writes in epochs.csv.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

interface Feedback {
  epoch: number;
  iterations: number;
  perUser: number[];
  total: number;
}

describe('exec: policies receive feedback', () => {
  it('each call appears once, in order, in a later request or the end message; the totals match epochs.csv', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-feedback-'));
    const doc = JSON.parse(fs.readFileSync(path.join(repoRoot, 'topologies/small.json'), 'utf8'));
    for (const g of doc.users) g.jobs = { arrivals: { kind: 'at-start', jobs: 1 }, iterationsPerJob: 3 };
    doc.simulation = { horizonS: 200_000, epochS: 20_000, users: 'all' };
    const topology = path.join(tmp, 'busy.json');
    fs.writeFileSync(topology, JSON.stringify(doc));
    const log = path.join(tmp, 'requests.jsonl');
    const r = runCli(['run', topology, '--record', 'none', '--out', path.join(tmp, 'run'), '--allocator', `exec:python3 ${path.join(repoRoot, 'test/fixtures/plugins/recorder.py')} ${log}`]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const requests = fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; feedback: Feedback[] | null });
    const decides = requests.filter((q) => q.type === 'decide');
    expect(requests.at(-1)!.type).toBe('end');
    expect(decides[0].feedback).toBeNull();
    const delivered = requests.flatMap((q) => q.feedback ?? []);
    expect(delivered.map((f) => f.epoch)).toEqual(decides.map((_, i) => i));
    // Each request hears only of earlier calls.
    decides.forEach((q, i) => (q.feedback ?? []).forEach((f) => expect(f.epoch).toBeLessThan(i)));
    const lines = fs.readFileSync(path.join(tmp, 'run', 'epochs.csv'), 'utf8').trim().split('\n');
    const cols = lines[0].split(',');
    const rows = lines.slice(1).map((l) => l.split(','));
    const col = (name: string) => rows.map((row) => Number(row[cols.indexOf(name)]));
    const realised = col('realisedCost');
    const iterations = col('iterations');
    expect(delivered.map((f) => f.iterations)).toEqual(iterations);
    delivered.forEach((f, k) => {
      if (f.iterations === 0) expect(f.total).toBe(0);
      else expect(f.total).toBeCloseTo(realised[k], 9);
      expect(f.total).toBeCloseTo(f.perUser.reduce((a, b) => a + b, 0), 9);
    });
    const run = JSON.parse(fs.readFileSync(path.join(tmp, 'run', 'run.json'), 'utf8')) as { summary: { iterations: number } };
    expect(iterations.reduce((a, b) => a + b, 0)).toBe(run.summary.iterations);
    expect(run.summary.iterations).toBeGreaterThan(4);
  });
});
