import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { InputError } from '../../src/engine/input-error.js';
import { loadAllocatorModule, loadSchedulerModule } from '../../src/plugins/module-plugin.js';
import { isPluginSpec, pluginLabel, resolveAllocator, withPluginDigests } from '../../src/plugins/resolve.js';
import { planRuns, type CampaignDefinition } from '../../src/campaign/plan.js';
import { paperInstance } from '../helpers/instances.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-modules-'));
let counter = 0;
/** A module file with this text (a new name each time: imports are cached by URL). */
function module(text: string): string {
  const file = path.join(dir, `m${counter++}.mjs`);
  fs.writeFileSync(file, text);
  return file;
}

async function message(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

const snapshot = paperInstance({ users: 3, servers: 2, seed: 5, includeAirtime: false });
const ctx = { streams: new RandomStreams(1) };

describe('allocator modules: each failure is one line naming the module', () => {
  it('missing file', async () => {
    const file = path.join(dir, 'absent.js');
    expect(await message(loadAllocatorModule(file))).toBe(`${file}: no such file; expected an ES module whose default export is an Allocator ({name, decide(snapshot, context)}) or a factory (options) => Allocator`);
  });
  it('no default export', async () => {
    const file = module('export const x = 1;');
    expect(await message(loadAllocatorModule(file))).toMatch(new RegExp(`^${file}: has no default export`));
  });
  it('syntax error', async () => {
    const file = module('export default {');
    expect(await message(loadAllocatorModule(file))).toMatch(/cannot be loaded/);
  });
  it('wrong shape', async () => {
    expect(await message(loadAllocatorModule(module('export default { name: "x" };')))).toMatch(/its default export has no decide function/);
    expect(await message(loadAllocatorModule(module('export default () => 42;')))).toMatch(/its factory returned something without a decide function/);
  });
  it('a throwing factory', async () => {
    expect(await message(loadAllocatorModule(module('export default () => { throw new Error("bad option"); };')))).toMatch(/its factory threw: bad option/);
  });
  it('decide that throws, or returns the wrong shape, names the module and the call', async () => {
    const throwing = await loadAllocatorModule(module('export default { decide() { throw new Error("oops"); } };'));
    expect(() => throwing.decide(snapshot, ctx)).toThrow(/m\d+\.mjs: call 0: decide threw: oops/);
    const short = await loadAllocatorModule(module('export default { decide() { return { decision: { users: [] }, trace: [] }; } };'));
    expect(() => short.decide(snapshot, ctx)).toThrow(/decide returned 0 users for a snapshot of 3/);
    const asyncDecide = await loadAllocatorModule(module('export default { async decide() { return {}; } };'));
    expect(() => asyncDecide.decide(snapshot, ctx)).toThrow(/decide must be synchronous/);
  });
  it('the factory receives the options, and the allocator is named by its file', async () => {
    const file = module('export default (o) => ({ decide: () => { throw new Error(JSON.stringify(o)); } });');
    const a = await loadAllocatorModule(file, { alpha: 3 });
    expect(a.name).toBe(path.basename(file));
    expect(() => a.decide(snapshot, ctx)).toThrow(/\{"alpha":3\}/);
  });
});

describe('scheduler modules', () => {
  it('a default export that is not a factory, or a factory returning no scheduler', async () => {
    expect(await message(loadSchedulerModule(module('export default { plan() {} };')))).toMatch(/its default export is not a function/);
    expect(await message(loadSchedulerModule(module('export default () => ({ plan() {} });')))).toMatch(/its factory returned no scheduler/);
  });
});

describe('specs', () => {
  it('tells built-ins from plug-ins and labels them', async () => {
    expect(isPluginSpec('proposed')).toBe(false);
    expect(isPluginSpec('./x.js')).toBe(true);
    expect(isPluginSpec('exec:python3 p.py')).toBe(true);
    expect(pluginLabel('/a/b/mine.js')).toBe('mine.js');
    expect(pluginLabel('exec:python3 p.py --k 2')).toBe('python3 p.py --k 2');
    expect(await message(resolveAllocator('no-such-allocator', { baseDir: dir }))).toMatch(/unknown allocator 'no-such-allocator'.*or a module path/);
  });
});

describe('campaign keys follow the plug-in code', () => {
  const def = (allocators: string[]): CampaignDefinition => ({
    name: 'k', kind: 'solve', topology: 't.json', horizonS: null, points: [{}], allocators, schedulers: [null], seeds: [1, 2], baseline: null,
  });
  const keys = (d: CampaignDefinition) => planRuns(withPluginDigests(d, dir), 'test').runs.map((r) => r.key);
  it('changed code, new keys; unchanged code and built-ins, the same keys', () => {
    const file = path.join(dir, 'keyed.js');
    fs.writeFileSync(file, 'export default { decide() {} }; // v1');
    const before = keys(def(['proposed', file]));
    fs.writeFileSync(file, 'export default { decide() {} }; // v1');
    expect(keys(def(['proposed', file]))).toEqual(before);
    fs.writeFileSync(file, 'export default { decide() {} }; // v2');
    const after = keys(def(['proposed', file]));
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(after[2]).not.toBe(before[2]);
    expect(after[3]).not.toBe(before[3]);
    // A campaign without plug-ins keeps the keys it always had.
    expect(withPluginDigests(def(['proposed']), dir)).toEqual(def(['proposed']));
  });
  it('an exec: command is keyed by its script', () => {
    const script = path.join(dir, 'p.py');
    fs.writeFileSync(script, '# v1');
    const before = keys(def([`exec:python3 ${script}`]));
    fs.writeFileSync(script, '# v2');
    expect(keys(def([`exec:python3 ${script}`]))).not.toEqual(before);
  });
});
