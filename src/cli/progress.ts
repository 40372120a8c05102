import { performance } from 'node:perf_hooks';
import type { Progress } from '../campaign/runner.js';
import { formatNumber } from '../report/table.js';

/**
 * One line of progress on a terminal, redrawn in place at most ten times a
 * second: a bar for the fraction done and a text. Silent when the stream is
 * not a TTY, so redirected output and logs stay clean. The wall clock is
 * read here only for display; nothing of it reaches result files.
 */
class ProgressLine {
  private readonly startMs = performance.now();
  private lastDrawMs = -Infinity;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  /** Seconds since the line was created. */
  elapsedS(): number {
    return (performance.now() - this.startMs) / 1000;
  }

  /** Whether a redraw is due (always when forced). */
  due(force: boolean): boolean {
    if (!this.enabled) return false;
    const now = performance.now();
    if (!force && now - this.lastDrawMs < 100) return false;
    this.lastDrawMs = now;
    return true;
  }

  draw(fraction: number, text: string): void {
    const width = 24;
    const full = Math.round(Math.min(1, Math.max(0, fraction)) * width);
    const line = `[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${text}`;
    this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 100) - 1)}\x1b[K`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}

/** Progress of one simulation: simulated time, events per second, time left. */
export class ProgressBar {
  private readonly line: ProgressLine;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.line = new ProgressLine(stream);
  }

  get enabled(): boolean {
    return this.line.enabled;
  }

  update(timeS: number, horizonS: number, events: number, force = false): void {
    if (!this.line.due(force)) return;
    const fraction = Math.min(1, horizonS > 0 ? timeS / horizonS : 1);
    const wallS = this.line.elapsedS();
    const rate = wallS > 0 ? events / wallS : 0;
    const etaS = fraction > 0 ? (wallS * (1 - fraction)) / fraction : NaN;
    this.line.draw(
      fraction,
      `${(fraction * 100).toFixed(1).padStart(5)}%  sim ${formatDuration(timeS)} / ${formatDuration(horizonS)}  ${formatNumber(rate, 3)} events/s  ETA ${Number.isFinite(etaS) ? formatDuration(etaS) : '?'}`,
    );
  }

  done(): void {
    this.line.done();
  }
}

/** Progress of a campaign: runs done of the total and the time left, from the pace of this session's runs. */
export class CampaignProgressBar {
  private readonly line: ProgressLine;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.line = new ProgressLine(stream);
  }

  get enabled(): boolean {
    return this.line.enabled;
  }

  update(p: Progress): void {
    if (!this.line.due(p.done === p.total)) return;
    const fraction = p.total === 0 ? 1 : p.done / p.total;
    const newDone = p.done - p.skipped;
    const elapsedS = this.line.elapsedS();
    const etaS = newDone > 0 ? (elapsedS / newDone) * (p.total - p.done) : NaN;
    const skipped = p.skipped > 0 ? ` (${p.skipped} already done)` : '';
    this.line.draw(fraction, `${p.done}/${p.total} runs${skipped}  elapsed ${formatDuration(elapsedS)}  ETA ${Number.isFinite(etaS) ? formatDuration(etaS) : '?'}`);
  }

  done(): void {
    this.line.done();
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
