import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AllocatorError } from '../../src/allocation/allocator-error.js';
import { allocators } from '../../src/allocation/allocators.js';
import type { Allocator, Decision } from '../../src/allocation/types.js';
import { parseTopology } from '../../src/scenario/load.js';
import { runSimulation } from '../../src/scenario/simulate.js';
import { repoRoot } from '../helpers/cli.js';

/** small.json, three allocator calls in 300 s. */
function smallTopology() {
  const doc = JSON.parse(readFileSync(join(repoRoot, 'topologies/small.json'), 'utf8'));
  doc.simulation = { ...doc.simulation, horizonS: 250, epochS: 100 };
  return parseTopology(JSON.stringify(doc), 'small.json');
}

/** strongest-server, with `spoil` applied to its decision from the given call on. */
function spoiled(name: string, fromCall: number, spoil: (d: Decision) => void): Allocator {
  const inner = allocators['strongest-server'].create();
  let calls = 0;
  return {
    name,
    txPowerFloorFraction: inner.txPowerFloorFraction,
    decide(snapshot, context) {
      const r = inner.decide(snapshot, context);
      if (calls++ >= fromCall) spoil(r.decision);
      return r;
    },
  };
}

async function failure(options: Parameters<typeof runSimulation>[0]): Promise<AllocatorError> {
  const err = await runSimulation(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AllocatorError);
  return err as AllocatorError;
}

describe('every decision of a run is held to the full feasibility check', () => {
  it('a power above the phone maximum stops the run, naming allocator, epoch, user and constraint', async () => {
    const loud = spoiled('too-loud', 1, (d) => (d.users[2].txPowerW = 1e3));
    const e = await failure({ topology: smallTopology(), allocatorObject: loud });
    expect(e.message).toMatch(/^allocator 'too-loud' at epoch 1 \(t = 100 s\): txPowerW violated, user 2: txPowerW = 1000 is outside \[\S+, \S+\]$/);
    expect(e.origin).toBe('plug-in');
    expect(e.exitCode).not.toBe(70);
    expect(e.oneLine()).not.toMatch(/\n/);
  });

  it('a power below the floor the allocator declares', async () => {
    const quiet = spoiled('too-quiet', 0, (d) => (d.users[0].txPowerW *= 1e-6));
    const e = await failure({ topology: smallTopology(), allocatorObject: quiet });
    expect(e.message).toMatch(/epoch 0 \(t = 0 s\): txPowerW violated, user 0: txPowerW = \S+ is outside \[/);
  });

  it('bandwidth shares that do not add up to the budget', async () => {
    const greedy = spoiled('greedy-band', 0, (d) => (d.users[1].bandwidthHz *= 1.5));
    const e = await failure({ topology: smallTopology(), allocatorObject: greedy });
    expect(e.message).toMatch(/bandwidth budget violated, server \d: bandwidth shares add up to/);
  });

  it('a fractional alpha and a device frequency above its maximum', async () => {
    const half = spoiled('half-layer', 0, (d) => (d.users[3].alpha = 1.5));
    expect((await failure({ topology: smallTopology(), allocatorObject: half })).message).toMatch(/alpha violated, user 3: alpha = 1.5/);
    const fast = spoiled('overclock', 0, (d) => (d.users[1].freqHz *= 2));
    expect((await failure({ topology: smallTopology(), allocatorObject: fast })).message).toMatch(/freqHz violated, user 1: freqHz/);
  });

  it('a registered (built-in) allocator that breaks a constraint is an internal error, exit 70', async () => {
    allocators['test-too-loud'] = { description: 'test', schema: z.strictObject({}), create: () => spoiled('test-too-loud', 0, (d) => (d.users[0].txPowerW = 1e3)) };
    try {
      const e = await failure({ topology: smallTopology(), allocator: 'test-too-loud' });
      expect(e.origin).toBe('built-in');
      expect(e.exitCode).toBe(70);
      expect(e.oneLine()).toMatch(/please report/);
    } finally {
      delete allocators['test-too-loud'];
    }
  });

  it('the unspoiled allocator runs through', async () => {
    const clean = spoiled('clean', Infinity, () => undefined);
    const r = await runSimulation({ topology: smallTopology(), allocatorObject: clean });
    expect(r.epochs).toBe(3);
  });
});
