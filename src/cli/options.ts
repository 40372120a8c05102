import { InputError } from '../engine/input-error.js';

/** A seed from the command line: a non-negative whole number. */
export function parseSeed(text: string, option: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 0 || n > Number.MAX_SAFE_INTEGER) {
    throw new InputError(option, undefined, `expected a non-negative whole number, got "${text}"`);
  }
  return n;
}
