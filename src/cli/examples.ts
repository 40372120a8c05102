import type { Argv } from 'yargs';

/** The longest example line: within 80 columns after yargs' two-space indent. */
export const EXAMPLE_LINE_MAX = 76;

/**
 * A command split into shell lines of at most EXAMPLE_LINE_MAX characters,
 * joined by backslash continuations, so that it pastes as it is.
 */
export function exampleLines(command: string): string[] {
  if (command.length <= EXAMPLE_LINE_MAX) return [command];
  // Break before an option, never between an option and its value.
  const units: string[] = [];
  for (const word of command.split(' ')) {
    const last = units.length - 1;
    if (last >= 0 && !word.startsWith('-') && units[last].startsWith('-') && !units[last].includes(' ')) units[last] += ` ${word}`;
    else units.push(word);
  }
  const lines: string[] = [];
  let line = '';
  for (const unit of units) {
    if (line !== '' && line.length + 1 + unit.length + 2 > EXAMPLE_LINE_MAX) {
      lines.push(`${line} \\`);
      line = unit;
    } else line = line === '' ? unit : `${line} ${unit}`;
  }
  lines.push(line);
  return lines;
}

/**
 * Adds a command's examples to its --help: each description on a line of
 * its own as a shell comment, then the command on lines of its own. Side by
 * side, yargs wraps the command column mid-command; alone, and split with
 * backslashes where long, a command is never broken at 80 columns and pastes
 * as it is (test/docs/help.test.ts runs every example).
 */
export function withExamples<T>(y: Argv<T>, examples: ReadonlyArray<readonly [command: string, description: string]>): Argv<T> {
  let out = y.example(`# ${examples[0][1]}`, '');
  examples.forEach(([command, description], i) => {
    if (i > 0) out = out.example(`# ${description}`, '');
    for (const line of exampleLines(command)) out = out.example(line, '');
  });
  return out;
}
