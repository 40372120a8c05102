import { InputError } from '../engine/input-error.js';

/** A seed from the command line: a non-negative whole number. */
export function parseSeed(text: string, option: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 0 || n > Number.MAX_SAFE_INTEGER) {
    throw new InputError(option, undefined, `expected a non-negative whole number, got "${text}"`);
  }
  return n;
}

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, min: 60, h: 3600, d: 86400 };

/**
 * A duration from the command line: a positive number with a unit, `90s`,
 * `15m` (or `15min`), `2h`, `7d`, `1.5h`; a bare number is seconds. Returns
 * seconds.
 */
export function parseDuration(text: string, option: string): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(s|m|min|h|d)?\s*$/i.exec(text);
  const value = m === null ? NaN : Number(m[1]) * DURATION_UNITS[(m[2] ?? 's').toLowerCase()];
  if (!(value > 0 && Number.isFinite(value))) {
    throw new InputError(option, undefined, `expected a positive duration such as 90s, 15m, 2h or 7d, got "${text}"`);
  }
  return value;
}
