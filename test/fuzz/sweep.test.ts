import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planSweepFile } from '../../src/campaign/plan.js';
import { checkCampaignResources } from '../../src/campaign/size.js';
import { repoRoot } from '../helpers/cli.js';
import { applyMutation, expectCleanInputError, mutationOf, type Mutation } from './mutate.js';

/*
 * Mutated shipped sweep files, planned in-process as `mecsim sweep` plans
 * them before its first run: every case is planned with finite sizes, or
 * fails with one line naming the sweep file and a field, and none expands
 * a huge grid or seed range.
 */

describe('fuzzed sweep files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mecsim-fuzz-sweep-'));
  mkdirSync(join(dir, 'studies'));
  mkdirSync(join(dir, 'topologies'));
  copyFileSync(join(repoRoot, 'topologies/urban-short.json'), join(dir, 'topologies/urban-short.json'));
  const data = JSON.parse(readFileSync(join(repoRoot, 'studies/users-allocators.json'), 'utf8'));
  const file = join(dir, 'studies', 'fuzz.json');

  it('the shipped sweep file plans and fits unchanged', () => {
    writeFileSync(file, JSON.stringify(data));
    const plan = planSweepFile(file);
    expect(plan.runs).toHaveLength(4 * 3 * 10);
    checkCampaignResources(plan, { outDir: join(dir, 'out') }, 2);
  });

  it('users-allocators.json: every mutation plans with finite sizes or fails with one line naming the file and field', async () => {
    const length = JSON.stringify(data, null, 2).length;
    const seedRanges = fc.record({
      kind: fc.constant('set' as const),
      path: fc.constant(['seeds']),
      value: fc.oneof(fc.constantFrom('1-9999999999999999', '1-100000000', '0-0', '5-1', ' 3 - 7 '), fc.array(fc.nat(), { maxLength: 4 })),
    });
    const grids = fc.record({
      kind: fc.constant('set' as const),
      path: fc.constant(['grid']),
      value: fc.constantFrom(
        { '__proto__.seed': [1] },
        { 'constructor.x': [1] },
        { 'users.nobody.count': [1] },
        { 'radio.noiseDbmPerHz': [-1e308, 5e-324] },
        { 'simulation.rateUpdateS': [1e-9] },
        { seed: Array.from({ length: 40_000 }, (_, i) => i), 'llm.batchSize': Array.from({ length: 40_000 }, (_, i) => i + 1) },
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 6, arbitrary: mutationOf(data, length) }, { weight: 1, arbitrary: seedRanges }, { weight: 1, arbitrary: grids }), async (m) => {
        writeFileSync(file, applyMutation(data, m as Mutation));
        try {
          const plan = planSweepFile(file);
          expect(plan.runs.length).toBeGreaterThan(0);
          checkCampaignResources(plan, { outDir: join(dir, 'out') }, 1);
        } catch (err) {
          expectCleanInputError(err, file);
        }
      }),
      { numRuns: 60, seed: 10, endOnFailure: true },
    );
  });
});
