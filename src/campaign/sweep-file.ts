import { z } from 'zod';
import { parseJson, readInputFile, validate } from '../scenario/load.js';

/**
 * The sweep file, format version 1: a base topology, the points to run it
 * at (a grid over dotted-path fields, or an explicit list of points), the
 * allocators, schedulers and seeds to cross them with, and the kind of run.
 * Unknown fields are errors, as in topology files.
 */

export const SWEEP_FORMAT = 'mecsim-sweep';
export const SWEEP_VERSION = 1;

const fieldPath = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9_-]+(\[\d+\]|\.[A-Za-z0-9_-]+)*$/, 'expected a dotted field path such as users.phones.count or radio.noiseDbmPerHz')
  .refine((p) => !/(^|[.])(__proto__|constructor|prototype)($|[.[])/.test(p), 'not a topology field: __proto__, constructor and prototype are reserved names');

/** `"1-20"` or a list of whole numbers. */
const seedsSchema = z.union(
  [
    z.array(z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)).min(1, 'expected at least one seed'),
    z
      .string()
      .regex(/^\s*\d+\s*-\s*\d+\s*$/, 'expected a range "FIRST-LAST" such as "1-20"')
      .refine((s) => {
        const [a, b] = s.split('-').map(Number);
        return a <= b;
      }, 'the range is empty: FIRST must not exceed LAST')
      .refine((s) => s.split('-').every((x) => Number.isSafeInteger(Number(x))), `seeds must be at most ${Number.MAX_SAFE_INTEGER}`),
  ],
  { error: 'expected a list of whole numbers or a range such as "1-20"' },
);

/** One panel of a declared figure: what `mecsim plot` draws for the same options. */
const panelSchema = z.strictObject({
  type: z.enum(['line', 'bar', 'ecdf', 'trace']).optional().describe('line (numeric x), bar, ecdf, or trace: y<k> against the step k'),
  x: z.string().min(1).optional().describe('column on the x axis (a swept field, allocator, scheduler)'),
  y: z.string().min(1).describe('metric; for type trace the prefix of a step family such as objectiveStep'),
  by: z.string().min(1).optional().describe('column whose values are the series'),
  where: z.record(z.string().min(1), z.union([z.string(), z.number()])).optional().describe('keep runs whose column has this value'),
  title: z.string().optional(),
  xTitle: z.string().optional(),
  yTitle: z.string().optional(),
  seriesTitle: z.string().optional().describe('legend title (default: the by column)'),
  logX: z.boolean().optional(),
  logY: z.boolean().optional(),
  widthPx: z.number().int().min(50).max(2000).optional(),
  heightPx: z.number().int().min(50).max(2000).optional(),
  fontSizePx: z.number().min(4).max(72).optional().describe('font size of labels; titles are a little larger'),
});

/** A figure: panels side by side under one title, written as <name>.svg and <name>.pdf. */
const plotSchema = z.strictObject({
  name: z.string().min(1).regex(/^[A-Za-z0-9_.-]+$/, 'expected letters, digits, _, . or - (the figure is written as <name>.svg)'),
  title: z.string().optional(),
  panels: z.array(panelSchema).min(1, 'expected at least one panel'),
});

export type PanelSpec = z.output<typeof panelSchema>;
export type PlotSpec = z.output<typeof plotSchema>;

export const sweepSchema = z
  .strictObject({
    // Editors read it (`mecsim schema ... > file.schema.json`); mecsim ignores it.
    $schema: z.string().optional().describe('JSON Schema for editors; ignored by mecsim'),
    format: z.literal(SWEEP_FORMAT, { error: `expected "${SWEEP_FORMAT}"` }),
    version: z.literal(SWEEP_VERSION, { error: `expected ${SWEEP_VERSION} (the only sweep format version this mecsim reads)` }),
    // The default campaign folder is the name: a plain file name, never `.`, `..` or a path.
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected a plain name: a letter or digit, then letters, digits, _, . or - (it names the campaign folder)'),
    description: z.string().default(''),
    topology: z.string().min(1).describe('the base topology file, relative to the sweep file'),
    kind: z.enum(['solve', 'run']).default('solve').describe('solve: one allocation; run: the dynamic simulation'),
    horizonS: z.number().positive().finite().optional().describe('simulated time of each run (kind run); default the topology\'s'),
    grid: z
      .record(z.string(), z.array(z.unknown()).min(1, 'expected at least one value'))
      .superRefine((g, ctx) => {
        // Keys checked here rather than by the record's key schema, whose message would not say what was expected.
        for (const key of Object.keys(g)) {
          const r = fieldPath.safeParse(key);
          if (!r.success) ctx.addIssue({ code: 'custom', path: [key], message: r.error.issues[0].message });
        }
      })
      .refine((g) => Object.keys(g).length > 0, 'the grid is empty: give at least one field and its values, or leave "grid" out')
      .optional()
      .describe('every combination of these values'),
    points: z
      .array(z.record(fieldPath, z.unknown()))
      .min(1, 'the list of points is empty: give at least one point, or leave "points" out')
      .optional()
      .describe('exactly these combinations'),
    allocators: z.array(z.string().min(1)).min(1, 'expected at least one allocator'),
    schedulers: z.array(z.string().min(1)).min(1, 'expected at least one scheduler').optional().describe('edge schedulers (kind run)'),
    seeds: seedsSchema,
    baseline: z.string().min(1).optional().describe('allocator (or allocator/scheduler) the others are compared with, seed by seed'),
    trace: z.number().int().min(1).max(999).optional().describe('kind solve: record the objective over this many steps of the allocator (objectiveStep<k>)'),
    plots: z
      .array(plotSchema)
      .optional()
      .describe('figures drawn from the results once every run is in (plots/<name>.svg)'),
  })
  .superRefine((s, ctx) => {
    if (s.grid !== undefined && s.points !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['points'], message: 'give either "grid" or "points", not both' });
    }
    if (s.kind === 'solve' && s.schedulers !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['schedulers'], message: 'kind "solve" has no edge scheduler; leave "schedulers" out or use kind "run"' });
    }
    if (s.kind === 'run' && s.trace !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['trace'], message: 'only kind "solve" records an objective trace; leave "trace" out or use kind "solve"' });
    }
    // A figure's columns are checked now, not after the last run.
    const names = new Set<string>();
    const columns = ['allocator', 'scheduler', 'seed', ...Object.keys(s.grid ?? s.points?.[0] ?? {})];
    (s.plots ?? []).forEach((p, i) => {
      if (names.has(p.name)) ctx.addIssue({ code: 'custom', path: ['plots', i, 'name'], message: `"${p.name}" is used twice` });
      names.add(p.name);
      p.panels.forEach((panel, j) => {
        const used: Array<[string, string | undefined]> = [['x', panel.x], ['by', panel.by], ...Object.keys(panel.where ?? {}).map((k): [string, string] => ['where', k])];
        for (const [key, column] of used) {
          if (column !== undefined && !columns.includes(column)) {
            ctx.addIssue({ code: 'custom', path: ['plots', i, 'panels', j, key], message: `"${column}" is not a column of this sweep; expected one of: ${columns.join(', ')}` });
          }
        }
        if (panel.type === 'trace' && panel.x !== undefined) ctx.addIssue({ code: 'custom', path: ['plots', i, 'panels', j, 'x'], message: 'a trace is drawn against its step; leave "x" out' });
      });
    });
    if (s.kind === 'solve' && s.horizonS !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['horizonS'], message: 'kind "solve" has no horizon; leave "horizonS" out or use kind "run"' });
    }
    for (const [key, list] of [['allocators', s.allocators], ['schedulers', s.schedulers ?? []]] as const) {
      const seen = new Set<string>();
      list.forEach((name, i) => {
        if (seen.has(name)) ctx.addIssue({ code: 'custom', path: [key, i], message: `"${name}" is listed twice` });
        seen.add(name);
      });
    }
    if (Array.isArray(s.seeds) && new Set(s.seeds).size !== s.seeds.length) {
      ctx.addIssue({ code: 'custom', path: ['seeds'], message: 'a seed is listed twice' });
    }
    if (s.points !== undefined && s.points.length > 0) {
      const fields = Object.keys(s.points[0]).sort().join(',');
      s.points.forEach((p, i) => {
        if (Object.keys(p).sort().join(',') !== fields) {
          ctx.addIssue({ code: 'custom', path: ['points', i], message: 'every point must set the same fields as the first one' });
        }
      });
    }
  });

export type SweepFile = z.output<typeof sweepSchema>;

/** How many seeds `seeds` names, without listing them. */
export function seedCount(seeds: SweepFile['seeds']): number {
  if (Array.isArray(seeds)) return seeds.length;
  const [a, b] = seeds.split('-').map((x) => Number(x.trim()));
  return b - a + 1;
}

/** Seeds of a sweep, in order: `"3-5"` is 3, 4, 5. */
export function expandSeeds(seeds: SweepFile['seeds']): number[] {
  if (Array.isArray(seeds)) return [...seeds];
  const [a, b] = seeds.split('-').map((x) => Number(x.trim()));
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

/** Reads and validates a sweep file; errors name the file and the field. */
export function loadSweepFile(file: string): SweepFile {
  return validate(sweepSchema, parseJson(readInputFile(file, 'a sweep file'), file), file);
}
