/**
 * The docs list exactly the models each registry holds: a model added to a
 * registry without its section or table row, or a row left for a model that
 * is gone, fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocators } from '../../src/allocation/allocators.js';
import { mobilityModels } from '../../src/mobility/registry.js';
import { fadingModels, pathLossModels, shadowingModels } from '../../src/radio/registry.js';
import { edgeSchedulers } from '../../src/system/schedulers/registry.js';
import { repoRoot } from '../helpers/cli.js';

const read = (page: string): string[] => fs.readFileSync(path.join(repoRoot, 'docs', page), 'utf8').split('\n');

/** The lines of a page from the heading that starts with `start` to the next heading of the same level or higher. */
function section(lines: string[], start: string): string[] {
  const i = lines.findIndex((l) => l.startsWith(start));
  expect(i, `heading "${start}"`).toBeGreaterThanOrEqual(0);
  const level = /^#+/.exec(start)![0].length;
  const end = lines.findIndex((l, j) => j > i && /^#+ /.test(l) && /^#+/.exec(l)![0].length <= level);
  return lines.slice(i + 1, end < 0 ? undefined : end);
}

/** The names in backticks of the headings of `level`, before any " — " (the file the model lives in). */
function headingNames(lines: string[], level: number): string[] {
  const prefix = `${'#'.repeat(level)} `;
  return lines.filter((l) => l.startsWith(prefix)).flatMap((l) => [...l.split(' — ')[0].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
}

/** The first-column names of the table whose header row starts with `header`. */
function tableNames(lines: string[], header: string): string[] {
  const i = lines.findIndex((l) => l.startsWith(header));
  expect(i, `table "${header}"`).toBeGreaterThanOrEqual(0);
  const out: string[] = [];
  for (let j = i + 2; j < lines.length && lines[j].startsWith('|'); j++) out.push(/^\|\s*`([^`]+)`/.exec(lines[j])![1]);
  return out;
}

const sorted = (names: string[]): string[] => [...names].sort();

describe('the docs tables of models match the registries', () => {
  const radio = read('radio.md');
  it('docs/radio.md: path-loss sections', () => {
    expect(sorted(headingNames(section(radio, '## Path loss'), 3))).toEqual(sorted(Object.keys(pathLossModels)));
  });
  it('docs/radio.md: shadowing sections', () => {
    expect(sorted(headingNames(section(radio, '## Shadowing'), 3))).toEqual(sorted(Object.keys(shadowingModels)));
  });
  it('docs/radio.md: fading table', () => {
    expect(sorted(tableNames(section(radio, '## Small-scale fading'), '| model |'))).toEqual(sorted(Object.keys(fadingModels)));
  });
  it('docs/mobility.md: one section per model', () => {
    expect(sorted(headingNames(read('mobility.md'), 2))).toEqual(sorted(Object.keys(mobilityModels)));
  });
  it('docs/simulation.md: scheduler table', () => {
    expect(sorted(tableNames(read('simulation.md'), '| policy |'))).toEqual(sorted(Object.keys(edgeSchedulers)));
  });
  it('docs/model.md: allocator table', () => {
    expect(sorted(tableNames(read('model.md'), '| name | split |'))).toEqual(sorted(Object.keys(allocators)));
  });
});
