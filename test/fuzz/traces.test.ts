import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMobilityTrace } from '../../src/mobility/trace-mobility.js';
import { parseChannelTrace } from '../../src/radio/channel-trace.js';
import { repoRoot } from '../helpers/cli.js';
import { expectCleanInputError, nastyValues } from './mutate.js';

/*
 * Mutated shipped traces through the public readers: a token replaced by an
 * extreme, tiny or non-numeric value, a line dropped or repeated, CR-only
 * line endings, truncation. Every case is read, or fails with one line
 * naming the file and the line.
 */

type TextMutation = (text: string) => string;

function textMutation(text: string): fc.Arbitrary<TextMutation> {
  const tokens = text.split(/([,\s]+)/);
  const lines = text.split('\n');
  return fc.oneof(
    fc.record({ i: fc.nat({ max: tokens.length - 1 }), v: fc.constantFrom(...nastyValues.filter((v) => typeof v !== 'object' || v === null).map(String)) }).map(
      ({ i, v }) => () => tokens.map((t, k) => (k === i ? v : t)).join(''),
    ),
    fc.nat({ max: lines.length - 1 }).map((i) => () => lines.filter((_, k) => k !== i).join('\n')),
    fc.nat({ max: lines.length - 1 }).map((i) => () => [...lines.slice(0, i + 1), lines[i], ...lines.slice(i + 1)].join('\n')),
    fc.constant(() => text.replace(/\n/g, '\r')),
    fc.nat({ max: text.length - 1 }).map((at) => () => text.slice(0, at)),
  );
}

type Reader = [file: string, read: (text: string, file: string) => unknown];
const readers: Reader[] = [
  ['traces/rwp-3users.csv', parseMobilityTrace],
  ['traces/rwp-3users.ns2', parseMobilityTrace],
  ['traces/rayleigh-2users-2servers.csv', parseChannelTrace],
];

describe('fuzzed trace files', () => {
  it.each(readers)('%s: every mutation is read or fails with one line naming the file and line', (name, read) => fuzz(name, read));
});

function fuzz(name: string, read: Reader[1]): void {
    const text = readFileSync(join(repoRoot, name), 'utf8');
    fc.assert(
      fc.property(textMutation(text), (mutate) => {
        try {
          read(mutate(text), name);
        } catch (err) {
          expectCleanInputError(err, name);
        }
        expect(process.memoryUsage().heapUsed).toBeLessThan(1.5 * 2 ** 30);
      }),
      { numRuns: 150, seed: 10, endOnFailure: true },
    );
}
