/**
 * Plug-ins a topology names ({"module", "options"} under simulation.allocator
 * and simulation.scheduler, read relative to the topology file), and
 * run.json naming the plug-in a run really used.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

const leastLoaded = path.join(repoRoot, 'examples/least-loaded-allocator/least-loaded.js');
const edf = path.join(repoRoot, 'examples/edf-scheduler/edf.js');

/** A folder with topo/plugins/{recording.js, edf.js}; recording.js writes the options its factory got, then is least-loaded. */
function folder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-topology-plugins-'));
  fs.mkdirSync(path.join(dir, 'topo', 'plugins'), { recursive: true });
  fs.copyFileSync(edf, path.join(dir, 'topo', 'plugins', 'edf.js'));
  fs.writeFileSync(
    path.join(dir, 'topo', 'plugins', 'recording.js'),
    `import { writeFileSync } from 'node:fs';\nimport leastLoaded from ${JSON.stringify(leastLoaded)};\nexport default (options) => { writeFileSync(options.out, JSON.stringify(options)); return leastLoaded(options); };\n`,
  );
  return dir;
}

function topology(dir: string, simulation: Record<string, unknown>): string {
  const doc = JSON.parse(fs.readFileSync(path.join(repoRoot, 'topologies/small.json'), 'utf8'));
  doc.simulation = { horizonS: 50_000, epochS: 20_000, ...simulation };
  const file = path.join(dir, 'topo', 'plug.json');
  fs.writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe('a topology names its plug-ins as {"module", "options"}', () => {
  it('resolved relative to the topology file, run from another folder, with the options handed to the factory', () => {
    const dir = folder();
    const optionsFile = path.join(dir, 'options.json');
    const file = topology(dir, { allocator: { module: './plugins/recording.js', options: { alpha: 2, out: optionsFile } }, scheduler: { module: './plugins/edf.js' } });
    const out = path.join(dir, 'run');
    const r = runCli(['run', file, '--record', 'none', '--out', out], { cwd: repoRoot });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/allocator recording\.js, scheduler edf\.js,/);
    expect(JSON.parse(fs.readFileSync(optionsFile, 'utf8'))).toEqual({ alpha: 2, out: optionsFile });
    const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(run.scheduler).toEqual({ module: './plugins/edf.js' });
    expect(run.scenario.simulation.allocator).toEqual({ module: './plugins/recording.js', options: { alpha: 2, out: optionsFile } });
    expect(run.summary.iterations).toBeGreaterThan(0);
  });

  it('a module that is not there is one line naming the topology file and the field, exit 2', () => {
    const dir = folder();
    for (const field of ['allocator', 'scheduler'] as const) {
      const file = topology(dir, { [field]: { module: './plugins/missing.js' } });
      const r = runCli(['run', file, '--record', 'none', '--out', path.join(dir, 'run')], { cwd: repoRoot });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`mecsim: ${file}: simulation.${field}.module: no such module ${path.join(dir, 'topo', 'plugins', 'missing.js')} ("./plugins/missing.js" is read relative to the topology file's folder)\n`);
      expect(fs.existsSync(path.join(dir, 'run'))).toBe(false);
    }
  });

  it('a malformed module entry names the field that is wrong', () => {
    const dir = folder();
    const bad = runCli(['run', topology(dir, { allocator: { module: 3 } }), '--out', path.join(dir, 'run')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/simulation\.allocator\.module: .*expected string/);
    const policy = runCli(['run', topology(dir, { scheduler: { policy: 'nope' } }), '--out', path.join(dir, 'run')]);
    expect(policy.status).toBe(2);
    expect(policy.stderr).toMatch(/simulation\.scheduler\.policy: Invalid discriminator value\. Expected 'allocated'/);
  });
});

describe('run.json names the plug-ins a run used', () => {
  it('--scheduler ./edf.js and --allocator ./mine.js over a topology with built-in policies', () => {
    const dir = folder();
    fs.copyFileSync(edf, path.join(dir, 'edf.js'));
    fs.copyFileSync(leastLoaded, path.join(dir, 'mine.js'));
    const file = topology(dir, { allocator: 'proposed', scheduler: { policy: 'fcfs' } });
    const r = runCli(['run', file, '--record', 'none', '--scheduler', './edf.js', '--allocator', './mine.js', '--out', 'run'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const run = JSON.parse(fs.readFileSync(path.join(dir, 'run', 'run.json'), 'utf8'));
    expect(run.allocator).toBe('mine.js');
    expect(run.scheduler).toEqual({ module: './edf.js' });
    expect(run.scenario.simulation.scheduler).toEqual({ module: './edf.js' });
    expect(run.scenario.simulation.allocator).toBe('./mine.js');
  });
});

describe('a campaign keeps the scheduler module its topology names', () => {
  it('keys those runs by the module code: edited code gets new keys, the same code the same keys, runs with a named scheduler are unaffected', async () => {
    const { planSweep } = await import('../../src/campaign/plan.js');
    const { sweepSchema } = await import('../../src/campaign/sweep-file.js');
    const dir = folder();
    const file = topology(dir, { scheduler: { module: './plugins/edf.js' } });
    const sweepFile = path.join(dir, 'topo', 'sweep.json');
    const base = { format: 'mecsim-sweep', version: 1, name: 'keys', topology: 'plug.json', kind: 'run', horizonS: 100, allocators: ['strongest-server'], seeds: [1] };
    const keys = (extra: Record<string, unknown>) => planSweep(sweepSchema.parse({ ...base, ...extra }), sweepFile).runs.map((r) => r.key);
    const topologys = keys({});
    const fcfs = keys({ schedulers: ['fcfs'] });
    expect(keys({})).toEqual(topologys);
    fs.appendFileSync(path.join(dir, 'topo', 'plugins', 'edf.js'), '\n// edited\n');
    expect(keys({})[0]).not.toBe(topologys[0]);
    expect(keys({ schedulers: ['fcfs'] })).toEqual(fcfs);
    expect(path.basename(file)).toBe('plug.json');
  });
});
