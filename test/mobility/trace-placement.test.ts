/**
 * A trace group's placement is not used (the trace sets the positions):
 * positions listed for such a group are surely a mistake and are warned
 * about, once per group; the schema's required default, random, is not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTopology } from '../../src/scenario/load.js';
import { runSimulation } from '../../src/scenario/simulate.js';
import { repoRoot } from '../helpers/cli.js';

async function notes(placement: unknown): Promise<string[]> {
  const doc = JSON.parse(readFileSync(join(repoRoot, 'topologies/small.json'), 'utf8'));
  doc.users[0] = { ...doc.users[0], count: 3, placement, mobility: { model: 'trace', file: join(repoRoot, 'traces/rwp-3users.csv') } };
  const out: string[] = [];
  await runSimulation({ topology: parseTopology(JSON.stringify(doc), 't.json'), source: 't.json', horizonS: 1, notify: (m) => out.push(m) });
  return out;
}

describe('a trace group with a placement', () => {
  it('listed positions: one warning naming the group', async () => {
    const positions = [0, 1, 2].map((k) => ({ xM: 10 * k, yM: 10 }));
    expect(await notes({ kind: 'listed', positions })).toEqual([
      'warning: t.json: users[0].placement: the group follows a trace, which sets its positions; the listed positions are not used',
    ]);
  });

  it('random placement: nothing to say', async () => {
    expect(await notes({ kind: 'random' })).toEqual([]);
  });
});
