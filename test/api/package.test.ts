import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

/**
 * The package as a user gets it: `npm pack` (of the build `npm test` made
 * first), unpacked into a fresh project's node_modules, imported by name.
 * The project's dependencies are linked from this repository's
 * node_modules rather than downloaded, so the test needs no network; what it
 * checks is the package itself: its `exports`, its type declarations and the
 * files it ships.
 */
let project: string;
let tarball: string;

function packageFiles(tgz: string): string[] {
  return execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).split('\n').filter((l) => l !== '');
}

beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-consumer-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], { cwd: repoRoot, encoding: 'utf8' })) as Array<{ filename: string }>;
  tarball = path.join(project, packed[0].filename);
  const modules = path.join(project, 'node_modules');
  fs.mkdirSync(path.join(modules, 'mecsim'), { recursive: true });
  for (const entry of fs.readdirSync(path.join(repoRoot, 'node_modules'))) {
    if (entry === '.bin' || entry === 'mecsim' || entry.startsWith('.')) continue;
    fs.symlinkSync(path.join(repoRoot, 'node_modules', entry), path.join(modules, entry));
  }
  execFileSync('tar', ['-xzf', tarball, '-C', path.join(modules, 'mecsim'), '--strip-components=1']);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
}, 120_000);

afterAll(() => {
  if (project !== undefined) fs.rmSync(project, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('ships the build, its declarations and the scenarios, not the sources or the tests', () => {
    const files = packageFiles(tarball);
    for (const f of ['package/dist/index.js', 'package/dist/index.d.ts', 'package/bin/mecsim.js', 'package/topologies/small.json', 'package/README.md']) expect(files).toContain(f);
    expect(files.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toEqual([]);
  });

  it('is imported by name from JavaScript: a run of a shipped topology returns its summary', () => {
    const script = `
import path from 'node:path';
import { createRequire } from 'node:module';
import { loadTopology, runSimulation, solve, registries, allocatorByName, InputError } from 'mecsim';
const root = path.dirname(createRequire(import.meta.url).resolve('mecsim/package.json'));
const file = path.join(root, 'topologies', 'urban-short.json');
const topology = loadTopology(file);
let iterations = 0;
const result = await runSimulation({ topology: file, horizonS: 60, allocator: 'strongest-server', onIteration: () => { iterations++; } });
const solved = await solve(topology, { allocator: allocatorByName('greedy-assoc').name === 'greedy-assoc' ? 'greedy-assoc' : 'proposed' });
let bad = '';
try { loadTopology(path.join(root, 'package.json')); } catch (err) { bad = err instanceof InputError ? 'InputError' : String(err); }
console.log(JSON.stringify({ users: topology.users.length, iterations, summaryIterations: result.summary.iterations, allocators: registries().allocators.length, objective: solved.objective.totals.total, decided: solved.decision.users.length, snapshotUsers: solved.snapshot.users.length, bad }));
`;
    fs.writeFileSync(path.join(project, 'consumer.mjs'), script);
    const out = spawnSync(process.execPath, ['consumer.mjs'], { cwd: project, encoding: 'utf8' });
    expect(out.stderr).toBe('');
    const r = JSON.parse(out.stdout) as Record<string, number | string>;
    expect(r.iterations).toBeGreaterThan(0);
    expect(r.summaryIterations).toBe(r.iterations);
    expect(r.allocators).toBeGreaterThan(5);
    expect(r.decided).toBe(r.snapshotUsers);
    expect(Number.isFinite(r.objective)).toBe(true);
    expect(r.bad).toBe('InputError');
  }, 120_000);

  it('type-checks the example of docs/api.md against the declarations, and runs it with its own allocator and scheduler', () => {
    const page = fs.readFileSync(path.join(repoRoot, 'docs', 'api.md'), 'utf8');
    const m = /<!-- api example -->\s*```ts\n([\s\S]*?)```/.exec(page);
    expect(m, 'docs/api.md has its example').not.toBeNull();
    fs.writeFileSync(path.join(project, 'consumer.ts'), m![1]);
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: ['node'], outDir: 'out', skipLibCheck: true }, files: ['consumer.ts'] }),
    );
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' });
    expect(compiled.stdout + compiled.stderr).toBe('');
    const topology = path.join(project, 'node_modules', 'mecsim', 'topologies', 'urban-short.json');
    const out = spawnSync(process.execPath, ['out/consumer.js', topology], { cwd: project, encoding: 'utf8' });
    expect(out.stderr).toBe('');
    const r = JSON.parse(out.stdout) as { calls: number; epochs: number; meanDelayS: number; energyMeanJ: number };
    expect(r.calls).toBe(r.epochs);
    expect(r.calls).toBeGreaterThan(0);
    expect(r.meanDelayS).toBeGreaterThan(0);
    expect(r.energyMeanJ).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a consumer that breaks the declared contract', () => {
    fs.writeFileSync(path.join(project, 'wrong.ts'), "import type { Allocator } from 'mecsim';\nexport const a: Allocator = { name: 'x', decide: () => ({ decision: { users: [{ alpha: 1 }] }, trace: [] }) };\n");
    fs.writeFileSync(path.join(project, 'tsconfig.wrong.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: ['node'], skipLibCheck: true }, files: ['wrong.ts'] }));
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.wrong.json'], { cwd: project, encoding: 'utf8' });
    expect(compiled.status).not.toBe(0);
    expect(compiled.stdout).toMatch(/server|txPowerW/);
  }, 120_000);

  it('keeps everything but the documented entry point internal', () => {
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('mecsim/dist/cli/main.js')"], { cwd: project, encoding: 'utf8' });
    expect(out.status).not.toBe(0);
    expect(out.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });
});
