import { readFileSync } from 'node:fs';

/**
 * An error in something a user gave us: a scenario file, a trace, a sweep
 * file or a command-line value. It names where the problem is (file, field
 * path or line) and what was expected, so the CLI can print it as one clear
 * message, without a stack trace, and exit with status 2.
 *
 * It lives beside the engine because every layer that reads input (scenario,
 * traces, campaigns, the CLI) shares it and the engine is the one folder they
 * all may import.
 */
export class InputError extends Error {
  override name = 'InputError';

  constructor(
    /** The file (or `--option`) at fault, when there is one. */
    readonly source: string | undefined,
    /** Where inside it: a dotted field path like `users.3.maxTxPowerW`, or `line 17`. */
    readonly where: string | undefined,
    /** What is wrong and what was expected. */
    readonly problem: string,
  ) {
    super(formatInputError(source, where, problem));
  }
}

function formatInputError(source: string | undefined, where: string | undefined, problem: string): string {
  const head = [source, where].filter((x) => x !== undefined && x !== '').join(': ');
  return head === '' ? problem : `${head}: ${problem}`;
}

/**
 * Reads a text file a user named, with a clear InputError when it is
 * missing, a folder or unreadable; `what` names the kind of file expected.
 */
export function readInputFile(path: string, what = 'an input file'): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(path, undefined, 'no such file');
    if (code === 'EISDIR') throw new InputError(path, undefined, `is a folder, expected ${what}`);
    throw new InputError(path, undefined, `cannot be read (${(err as Error).message})`);
  }
}
