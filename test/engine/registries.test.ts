/**
 * Every plug-in family is one map from name to { schema, create, description }
 * (src/engine/registry.ts). The checks here go through the maps, so a model
 * added with one line is checked without touching this file; the examples
 * table must name every model, so a new one fails until it has an example.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { allocators } from '../../src/allocation/allocators.js';
import { RandomStreams } from '../../src/engine/random.js';
import type { Registry } from '../../src/engine/registry.js';
import type { MobilitySample } from '../../src/mobility/mobility.js';
import { createMobility, mobilityModels, mobilitySchema, type MobilityConfig } from '../../src/mobility/registry.js';
import { createFading, fadingModels, fadingSchema, pathLossModels, pathLossSchema, shadowingModels, shadowingSchema } from '../../src/radio/registry.js';
import { edgeSchedulerSchema, edgeSchedulers } from '../../src/system/schedulers/registry.js';
import { repoRoot } from '../helpers/cli.js';

const families: Array<[string, Registry, string, z.ZodType]> = [
  ['path loss', pathLossModels, 'model', pathLossSchema],
  ['shadowing', shadowingModels, 'model', shadowingSchema],
  ['fading', fadingModels, 'model', fadingSchema],
  ['mobility', mobilityModels, 'model', mobilitySchema],
  ['edge scheduler', edgeSchedulers, 'policy', edgeSchedulerSchema],
];

describe.each(families)('%s registry', (_family, registry, disc, union) => {
  it.each(Object.keys(registry))('%s: its schema names it, it says what it does, and the union routes its name to it', (name) => {
    const entry = registry[name];
    const shape = (entry.schema as z.ZodObject).shape;
    expect((shape[disc] as z.ZodLiteral).value).toBe(name);
    expect(entry.description.length).toBeGreaterThan(10);
    // Only the model's own fields may be missing: the discriminator itself is accepted.
    const r = union.safeParse({ [disc]: name });
    const paths = r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    expect(paths.every((p) => p !== disc)).toBe(true);
  });

  it('an unknown name is refused', () => {
    expect(union.safeParse({ [disc]: 'no-such-model' }).success).toBe(false);
  });
});

describe('allocator registry', () => {
  it.each(Object.keys(allocators))('%s: says what it does and refuses options it does not take', (name) => {
    expect(allocators[name].description.length).toBeGreaterThan(10);
    expect(allocators[name].schema.safeParse({ notAnOption: 1 }).success).toBe(false);
    expect(allocators[name].create().name).toBe(name);
  });
});

/** Parameters for each mobility model: every name in the registry needs one. */
const mobilityExamples: Record<string, MobilityConfig> = {
  static: { model: 'static' },
  'random-waypoint': { model: 'random-waypoint', minSpeedMps: 1, maxSpeedMps: 20, maxPauseS: 5 },
  'random-direction': { model: 'random-direction', minSpeedMps: 1, maxSpeedMps: 20, meanTravelTimeS: 10 },
  'gauss-markov': { model: 'gauss-markov', alpha: 0.7, meanSpeedMps: 5, speedStdMps: 1 },
  trace: { model: 'trace', file: 'traces/rwp-3users.csv' },
};

describe('mobility contract, every registered model', () => {
  it('has an example here', () => {
    expect(Object.keys(mobilityExamples).sort()).toEqual(Object.keys(mobilityModels).sort());
  });
  it.each(Object.keys(mobilityModels))('%s: stays in the area, travels no faster than its speed says, and replays the same path', (name) => {
    const area = { widthM: 500, heightM: 400 };
    const make = () => createMobility(mobilityExamples[name], new RandomStreams(11), { user: 1, area, baseDir: repoRoot });
    const a = make();
    const b = make();
    const s: MobilitySample = { x: 0, y: 0, speedMps: 0, travelledM: 0 };
    let last = 0;
    for (let t = 0; t <= 600; t += 7.5) {
      const p = a.sample(t, s);
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(area.widthM);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeLessThanOrEqual(area.heightM);
      expect(a.distance(t)).toBeGreaterThanOrEqual(last - 1e-9);
      last = a.distance(t);
      expect(b.position(t)).toEqual(a.position(t));
    }
  });
});

/** Parameters for each fading model: every name in the registry needs one. */
const fadingExamples: Record<string, z.input<typeof fadingSchema>> = {
  none: { model: 'none' },
  rayleigh: { model: 'rayleigh' },
  rician: { model: 'rician', kFactor: 3 },
  nakagami: { model: 'nakagami', m: 2 },
  trace: { model: 'trace', file: path.join('traces', 'rayleigh-2users-2servers.csv') },
};

describe('fading contract, every registered model', () => {
  it('has an example here', () => {
    expect(Object.keys(fadingExamples).sort()).toEqual(Object.keys(fadingModels).sort());
  });
  it.each(Object.keys(fadingModels))('%s: builds from its example with the name it is registered under', (name) => {
    const f = createFading(fadingExamples[name], new RandomStreams(3), 'radio.fading', undefined, { baseDir: repoRoot, userCount: 2, serverCount: 2 });
    expect(f.name).toBe(name);
  });
});
