import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * ns-3's side of the hold model: bench/ns3-hold/hold.cc, built by
 * bench/ns3-hold/build.sh against Debian's libns3-dev (ns-3.37) when present.
 */
export const NS3_SCHEDULERS = ['ns3::MapScheduler', 'ns3::ListScheduler', 'ns3::HeapScheduler', 'ns3::CalendarScheduler', 'ns3::PriorityQueueScheduler'] as const;

export interface Ns3Result {
  scheduler: string;
  pending: number;
  events: number;
  wallS: number;
  eventsPerS: number;
  /** Processor time of the timed events: on a shared machine, wall time also counts waiting for a core. */
  cpuS: number;
  eventsPerCpuS: number;
}

function repoRoot(): string {
  // Compiled to dist-bench-build/test/bench/; the sources sit three levels up.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4 && !dir.endsWith(`${path.sep}dist-bench-build`); i++) dir = path.dirname(dir);
  return dir.endsWith(`${path.sep}dist-bench-build`) ? path.dirname(dir) : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
}

/** Path of the built binary, or a one-line reason why ns-3 is not available. */
export function buildNs3Hold(): { binary: string } | { skipped: string } {
  const script = path.join(repoRoot(), 'bench', 'ns3-hold', 'build.sh');
  const r = spawnSync('sh', [script], { encoding: 'utf8' });
  if (r.status === 0) return { binary: r.stdout.trim().split('\n').at(-1)! };
  if (r.status === 3) return { skipped: r.stderr.trim() || 'ns-3 not installed: skipped (apt-get install libns3-dev)' };
  return { skipped: `ns-3 hold model did not build: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' / ')}` };
}

/** One process per call: the schedulers listed run one after the other, each on a fresh simulator. */
export function runNs3Hold(binary: string, pending: number, events: number, seed: number, schedulers: readonly string[]): Ns3Result[] {
  const out = execFileSync(binary, [String(pending), String(events), String(seed), 'simple', ...schedulers], { encoding: 'utf8' });
  return out.trim().split('\n').map((line) => JSON.parse(line) as Ns3Result);
}
