import type { CommandModule } from 'yargs';

/** Edit distance (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/**
 * When the first argument names no command, the message to show instead of
 * yargs' "Unknown argument": `unknown command 'foo'`, with the nearest
 * command when one is close. Undefined when the first argument is a command
 * or an option, so yargs' own message stands.
 */
export function unknownCommandMessage(args: readonly string[], commands: readonly CommandModule<any, any>[]): string | undefined {
  const first = args[0];
  if (first === undefined || first.startsWith('-')) return undefined;
  const names = commands.map((c) => String(c.command).split(' ')[0]);
  if (names.includes(first)) return undefined;
  const near = names.map((n) => ({ n, d: distance(first, n) })).sort((x, y) => x.d - y.d)[0];
  const hint = near !== undefined && near.d <= Math.max(2, Math.floor(first.length / 3)) ? `; did you mean '${near.n}'?` : '';
  return `unknown command '${first}'${hint}`;
}
