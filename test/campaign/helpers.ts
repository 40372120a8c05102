import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../helpers/cli.js';

export const smallTopology = path.join(repoRoot, 'topologies/small.json');

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mecsim-campaign-'));
}

/** Writes a sweep file (over small.json unless told otherwise) and returns its path. */
export function writeSweep(dir: string, fields: Record<string, unknown> = {}, name = 'sweep.json'): string {
  const sweep = {
    format: 'mecsim-sweep',
    version: 1,
    name: 'study',
    topology: smallTopology,
    grid: { 'weights.time': [0.5, 1, 2] },
    allocators: ['strongest-server'],
    seeds: '1-4',
    ...fields,
  };
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(sweep, null, 2));
  return file;
}

/** Every file under a folder (relative path -> bytes as text), plots left out. */
export function folderContents(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (r !== 'plots') walk(r);
      } else out.set(r, fs.readFileSync(path.join(dir, r), 'utf8'));
    }
  };
  walk('');
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}
