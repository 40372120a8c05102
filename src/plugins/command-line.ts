import { InputError } from '../engine/input-error.js';

/**
 * The words of an `exec:` command line, split as a POSIX shell splits them
 * for the simple cases (spaces, single and double quotes, backslash), so a
 * policy is started without a shell in between: the process mecsim kills
 * is the policy itself.
 */
export function splitCommand(text: string, where: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== null) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote !== null) throw new InputError(where, undefined, `unclosed ${quote} quote in "${text}"`);
  if (inWord) words.push(word);
  if (words.length === 0) throw new InputError(where, undefined, 'expected a command after "exec:", e.g. exec:python3 policy.py');
  return words;
}
