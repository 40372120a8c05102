/**
 * Splits a text file a user gave us into lines, whatever wrote it: a UTF-8
 * byte-order mark is dropped, and LF, CRLF and a lone CR (classic Mac OS,
 * some exporters) all end a line. Without the CR rule such a file is one
 * line, and its first "line" is the whole file.
 */
export function splitLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.split(/\r\n|\r|\n/);
}

/** The longest excerpt of a line an error message quotes. */
export const QUOTE_MAX_CHARS = 80;

/** A line as an error message quotes it: trimmed, and cut to about 80 characters. */
export function quoteLine(line: string): string {
  const s = line.trim();
  return s.length <= QUOTE_MAX_CHARS ? `"${s}"` : `"${s.slice(0, QUOTE_MAX_CHARS - 3)}..."`;
}
