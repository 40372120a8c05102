import { performance } from 'node:perf_hooks';
import type { Progress } from '../campaign/runner.js';
import { InputError } from '../engine/input-error.js';
import { formatNumber } from '../report/table.js';
import { parseDuration } from './options.js';

/** Milliseconds on some monotonic clock; tests pass a fake one. */
export type Clock = () => number;

export interface ProgressOptions {
  /** Seconds between plain lines when the stream is not a terminal; Infinity: none. Default 30. */
  intervalS?: number;
  clock?: Clock;
}

export const DEFAULT_PROGRESS_INTERVAL_S = 30;

/** The option every long command takes. */
export const progressOptions = {
  'progress-interval': {
    type: 'string',
    describe: `when the output is not a terminal (a pipe, a Slurm log): a progress line this often, e.g. 30s, 5m, or off (default ${DEFAULT_PROGRESS_INTERVAL_S}s)`,
  },
} as const;

/** `--progress-interval`: a duration, or `off`. */
export function parseProgressInterval(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PROGRESS_INTERVAL_S;
  if (/^\s*(off|none|never)\s*$/i.test(text)) return Infinity;
  try {
    return parseDuration(text, '--progress-interval');
  } catch {
    throw new InputError('--progress-interval', undefined, `expected a duration such as 30s or 5m, or off, got "${text}"`);
  }
}

/**
 * Progress on a stream. On a terminal: one line redrawn in place at most
 * ten times a second, a bar for the fraction done and a text. Anywhere else
 * (a pipe, a file, a batch system's log): a plain line every `intervalS`,
 * so a log shows the job alive without filling up. The wall clock is read
 * here only for display; nothing of it reaches result files.
 */
export class ProgressLine {
  private readonly clock: Clock;
  private readonly startMs: number;
  private readonly intervalMs: number;
  private lastDrawMs = -Infinity;
  private lastPlainMs: number;
  private drawn = false;

  constructor(
    private readonly stream: Pick<NodeJS.WriteStream, 'write' | 'isTTY' | 'columns'>,
    options: ProgressOptions = {},
  ) {
    this.clock = options.clock ?? (() => performance.now());
    this.startMs = this.clock();
    this.lastPlainMs = this.startMs;
    this.intervalMs = 1000 * (options.intervalS ?? DEFAULT_PROGRESS_INTERVAL_S);
  }

  get tty(): boolean {
    return this.stream.isTTY === true;
  }

  /** Seconds since the line was created. */
  elapsedS(): number {
    return (this.clock() - this.startMs) / 1000;
  }

  /** Whether a redraw (terminal) or a plain line (elsewhere) is due; on a terminal always when forced. */
  due(force: boolean): boolean {
    const now = this.clock();
    if (!this.tty) {
      if (now - this.lastPlainMs < this.intervalMs) return false;
      this.lastPlainMs = now;
      return true;
    }
    if (!force && now - this.lastDrawMs < 100) return false;
    this.lastDrawMs = now;
    return true;
  }

  draw(fraction: number, text: string): void {
    if (!this.tty) {
      this.stream.write(`mecsim: ${text}\n`);
      return;
    }
    const width = 24;
    const full = Math.round(Math.min(1, Math.max(0, fraction)) * width);
    const line = `[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${text}`;
    this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 100) - 1)}\x1b[K`);
    this.drawn = true;
  }

  /** A message of its own line, under the bar (which the next update redraws). */
  note(message: string): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.stream.write(`${message}\n`);
    this.drawn = false;
  }

  done(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}

/** Progress of one simulation: simulated time, events per second, time left. */
export class ProgressBar {
  private readonly line: ProgressLine;

  constructor(stream: NodeJS.WriteStream = process.stderr, options: ProgressOptions = {}) {
    this.line = new ProgressLine(stream, options);
  }

  update(timeS: number, horizonS: number, events: number, force = false): void {
    if (!this.line.due(force)) return;
    const fraction = Math.min(1, horizonS > 0 ? timeS / horizonS : 1);
    const wallS = this.line.elapsedS();
    const rate = wallS > 0 ? events / wallS : 0;
    const etaS = fraction > 0 ? (wallS * (1 - fraction)) / fraction : NaN;
    this.line.draw(
      fraction,
      `${(fraction * 100).toFixed(1).padStart(5)}%  sim ${formatDuration(timeS)} / ${formatDuration(horizonS)}  ${formatNumber(rate, 3)} events/s  elapsed ${formatDuration(wallS)}  ETA ${Number.isFinite(etaS) ? formatDuration(etaS) : '?'}`,
    );
  }

  done(): void {
    this.line.done();
  }
}

/**
 * Seconds left in a campaign: the pace of this session's runs, per unit of
 * expected cost (users × horizon, src/campaign/run-cost.ts), times the cost
 * still to run. Runs found finished cost nothing now and are left out of
 * the pace. NaN before the first run of this session has ended.
 */
export function campaignEtaS(p: Pick<Progress, 'costDone' | 'costTotal' | 'costSkipped'>, elapsedS: number): number {
  const costRun = p.costDone - p.costSkipped;
  return costRun > 0 ? (elapsedS / costRun) * (p.costTotal - p.costDone) : NaN;
}

/** The text of a campaign's progress: runs done, elapsed, time left. */
export function campaignProgressText(p: Progress, elapsedS: number): string {
  const etaS = campaignEtaS(p, elapsedS);
  const skipped = p.skipped > 0 ? ` (${p.skipped} already done)` : '';
  const percent = p.costTotal > 0 ? ` ${((100 * p.costDone) / p.costTotal).toFixed(0)}% of the work` : '';
  return `${p.done}/${p.total} runs${skipped}${percent}  elapsed ${formatDuration(elapsedS)}  ETA ${Number.isFinite(etaS) ? formatDuration(etaS) : '?'}`;
}

/**
 * Progress of a campaign (sweep, compare, reproduce): runs done of the
 * total and the time left. Off a terminal a timer also asks for a line, so
 * a log shows one every interval even while long runs are all in flight
 * (`timer: false` in tests, which move a fake clock instead).
 */
export class CampaignProgressBar {
  private readonly line: ProgressLine;
  private last: Progress | undefined;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(stream: NodeJS.WriteStream = process.stderr, options: ProgressOptions & { timer?: boolean } = {}) {
    this.line = new ProgressLine(stream, options);
    const intervalS = options.intervalS ?? DEFAULT_PROGRESS_INTERVAL_S;
    if (!this.line.tty && Number.isFinite(intervalS) && options.timer !== false) {
      this.timer = setInterval(() => this.last !== undefined && this.update(this.last), Math.min(1000 * intervalS, 2 ** 31 - 1) / 4);
      this.timer.unref();
    }
  }

  update(p: Progress): void {
    this.last = p;
    if (!this.line.due(p.done === p.total)) return;
    this.line.draw(p.costTotal === 0 ? 1 : p.costDone / p.costTotal, campaignProgressText(p, this.line.elapsedS()));
  }

  note(message: string): void {
    this.line.note(message);
  }

  done(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
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
