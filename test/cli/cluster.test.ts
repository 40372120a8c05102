import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';
import { folderContents, tempDir, writeSweep } from '../campaign/helpers.js';

const doc = fs.readFileSync(path.join(repoRoot, 'docs/cluster.md'), 'utf8');
const mecsim = `${process.execPath} ${path.join(repoRoot, 'bin/mecsim.js')}`;

function block(language: string, containing: string): string {
  const found = [...doc.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]).find((b) => b.includes(containing));
  if (found === undefined) throw new Error(`docs/cluster.md has no ${language} block with ${containing}`);
  return found;
}

describe('docs/cluster.md: the scripts run the shards of a sweep that merge into the single-machine result', () => {
  const dir = tempDir();
  const sweep = writeSweep(dir, { seeds: '1-3' });
  const single = path.join(dir, 'single');
  runCli(['sweep', sweep, '--out', single, '--workers', '0']);

  it('the Slurm array script, run as tasks 1..3 of 3', () => {
    const script = path.join(dir, 'sweep.slurm');
    fs.writeFileSync(script, block('bash', '#SBATCH --array'));
    const out = path.join(dir, 'slurm');
    for (let task = 1; task <= 3; task++) {
      const r = spawnSync('bash', [script], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, SLURM_ARRAY_TASK_ID: String(task), SLURM_ARRAY_TASK_COUNT: '3', SLURM_CPUS_PER_TASK: '1', SWEEP: sweep, OUT: out, MECSIM: mecsim },
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    const shards = fs.readdirSync(out).sort();
    expect(shards).toEqual(['shard-1-of-3', 'shard-2-of-3', 'shard-3-of-3']);
    expect(runCli(['merge', ...shards.map((s) => path.join(out, s)), '--out', path.join(out, 'merged')]).status).toBe(0);
    expect(folderContents(path.join(out, 'merged'))).toEqual(folderContents(single));
  });

  it('the Kubernetes Indexed Job command, run with completion indices 0..2', () => {
    const yaml = block('yaml', 'completionMode: Indexed');
    expect(yaml).toMatch(/completions: 8/);
    // The folded (>-) scalar under args: its lines joined by spaces.
    const lines = yaml.split('\n');
    const start = lines.findIndex((l) => l.trim() === '- >-');
    const indent = lines[start + 1].search(/\S/);
    const folded: string[] = [];
    for (let i = start + 1; i < lines.length && lines[i].search(/\S/) >= indent; i++) folded.push(lines[i].trim());
    const out = path.join(dir, 'k8s');
    const command = folded
      .join(' ')
      .replace('node /mecsim/bin/mecsim.js', mecsim)
      .replace('/mecsim/studies/users-allocators.json', sweep)
      .replaceAll('/results/', `${out}/`);
    for (let index = 0; index < 3; index++) {
      const r = spawnSync('sh', ['-c', command], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, JOB_COMPLETION_INDEX: String(index), SHARDS: '3', WORKERS: '1' } });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    const base = path.join(out, 'users-allocators');
    const shards = fs.readdirSync(base).sort();
    expect(shards).toEqual(['shard-1-of-3', 'shard-2-of-3', 'shard-3-of-3']);
    expect(runCli(['merge', ...shards.map((s) => path.join(base, s)), '--out', path.join(base, 'merged')]).status).toBe(0);
    expect(folderContents(path.join(base, 'merged'))).toEqual(folderContents(single));
  });
});
