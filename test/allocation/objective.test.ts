import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/allocation/objective.js';
import type { Decision, Snapshot } from '../../src/allocation/types.js';

interface RefCase {
  name: string;
  instance: Omit<Snapshot, 'timeS' | 'includeAirtime' | 'gains' | 'users'> & {
    users: (Snapshot['users'][number] & { gains: number[] })[];
  };
  decision: Decision;
  expected: { perUser: Record<string, number>[]; totals: Record<string, number> };
}

const ref = JSON.parse(readFileSync(new URL('../reference/objective-vectors.json', import.meta.url), 'utf8')) as { cases: RefCase[] };

function snapshotOf(c: RefCase): Snapshot {
  const { users, ...rest } = c.instance;
  return {
    ...rest,
    timeS: 0,
    includeAirtime: false,
    users: users.map(({ gains: _g, ...u }) => u),
    gains: users.map((u) => u.gains),
  };
}

function expectClose(actual: number, expected: number, what: string): void {
  const rel = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  expect(rel, `${what}: ${actual} vs ${expected}`).toBeLessThan(1e-9);
}

describe('evaluate against the independent reference vectors', () => {
  it('has cases to check', () => {
    expect(ref.cases.length).toBeGreaterThanOrEqual(6);
  });
  for (const c of ref.cases) {
    it(c.name, () => {
      const out = evaluate(snapshotOf(c), c.decision);
      expect(out.perUser.length).toBe(c.expected.perUser.length);
      c.expected.perUser.forEach((exp, n) => {
        const keys = Object.keys(exp);
        expect(keys.length).toBe(10);
        for (const k of keys) expectClose(out.perUser[n][k as keyof (typeof out.perUser)[number]], exp[k], `${c.name} user ${n} ${k}`);
      });
      const keys = Object.keys(c.expected.totals);
      expect(keys.length).toBe(5);
      for (const k of keys) expectClose(out.totals[k as keyof typeof out.totals], c.expected.totals[k], `${c.name} ${k}`);
      expectClose(out.weighted.time + out.weighted.energy + out.weighted.stability, c.expected.totals.total, `${c.name} weighted terms`);
    });
  }

  it('adds w_t · airtime when the snapshot asks for it', () => {
    const c = ref.cases[2];
    const snap = snapshotOf(c);
    const without = evaluate(snap, c.decision);
    const withAir = evaluate({ ...snap, includeAirtime: true }, c.decision);
    expectClose(withAir.totals.total, without.totals.total + snap.weights.time * without.totals.airtimeS, 'total with airtime');
  });
});
