import { formatNumber } from '../report/table.js';

/**
 * A one-line progress bar for a terminal: simulated time, events per second
 * and the estimated time left. Silent when the stream is not a TTY, so
 * redirected output and logs stay clean. The wall clock is read here only
 * for display.
 */
export class ProgressBar {
  private readonly startMs = Date.now();
  private lastDrawMs = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  update(timeS: number, horizonS: number, events: number, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.lastDrawMs < 100) return;
    this.lastDrawMs = now;
    const fraction = Math.min(1, horizonS > 0 ? timeS / horizonS : 1);
    const wallS = (now - this.startMs) / 1000;
    const rate = wallS > 0 ? events / wallS : 0;
    const etaS = fraction > 0 ? (wallS * (1 - fraction)) / fraction : NaN;
    const width = 24;
    const full = Math.round(fraction * width);
    const bar = '#'.repeat(full) + '-'.repeat(width - full);
    const line = `[${bar}] ${(fraction * 100).toFixed(1).padStart(5)}%  sim ${formatDuration(timeS)} / ${formatDuration(horizonS)}  ${formatNumber(rate, 3)} events/s  ETA ${Number.isFinite(etaS) ? formatDuration(etaS) : '?'}`;
    this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 100) - 1)}\x1b[K`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}

/** 3725 -> "1h02m05s"; below a minute, seconds with one decimal. */
export function formatDuration(s: number): string {
  if (s < 60) return `${s.toFixed(1)}s`;
  const total = Math.round(s);
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  const two = (x: number) => String(x).padStart(2, '0');
  if (d > 0) return `${d}d${two(h)}h${two(m)}m`;
  if (h > 0) return `${h}h${two(m)}m${two(sec)}s`;
  return `${m}m${two(sec)}s`;
}
