import { performance } from 'node:perf_hooks';
import type { Progress } from '../campaign/runner.js';

/**
 * A one-line progress bar for campaigns on a terminal: runs done of the
 * total and the estimated time left, from the pace of the runs finished in
 * this session. Silent when stderr is not a TTY. The wall clock is read here
 * only for display; nothing of it reaches result files.
 */
export class CampaignProgressBar {
  private readonly startMs = performance.now();
  private lastDrawMs = -Infinity;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  update(p: Progress): void {
    if (!this.enabled) return;
    const now = performance.now();
    const last = p.done === p.total;
    if (!last && now - this.lastDrawMs < 100) return;
    this.lastDrawMs = now;
    const fraction = p.total === 0 ? 1 : p.done / p.total;
    const newDone = p.done - p.skipped;
    const elapsedS = (now - this.startMs) / 1000;
    const etaS = newDone > 0 ? (elapsedS / newDone) * (p.total - p.done) : NaN;
    const width = 24;
    const full = Math.round(fraction * width);
    const bar = '#'.repeat(full) + '-'.repeat(width - full);
    const skipped = p.skipped > 0 ? ` (${p.skipped} already done)` : '';
    const line = `[${bar}] ${p.done}/${p.total} runs${skipped}  elapsed ${clock(elapsedS)}  ETA ${Number.isFinite(etaS) ? clock(etaS) : '?'}`;
    this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 100) - 1)}\x1b[K`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}

/** 75.2 -> "1:15", 3725 -> "1:02:05". */
export function clock(s: number): string {
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  const two = (x: number): string => String(x).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(sec)}` : `${m}:${two(sec)}`;
}
