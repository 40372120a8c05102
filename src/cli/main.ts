import yargs, { type Argv, type CommandModule } from 'yargs';
import { commands } from './commands.js';
import { unknownCommandMessage } from './suggest.js';
import { describeFailure } from './exit-status.js';
import { version } from './version.js';

class UsageError extends Error {}

/**
 * Runs the mecsim command line with the given arguments and returns the exit
 * status: 0 on success, 2 for bad input (a usage error or an InputError), 1
 * when the machine fails (disk full, read-only), 70 for an internal error
 * (src/cli/exit-status.ts); each is one line on stderr.
 */
export async function main(args: string[]): Promise<number> {
  let usageError: string | undefined;
  let parser: Argv = yargs(args)
    .scriptName('mecsim')
    .usage('mecsim — collaborative LLM fine-tuning in mobile edge computing, simulated\n\nUsage: mecsim <command> [options]')
    .version(version())
    .alias('version', 'V')
    .help()
    .alias('help', 'h')
    .strict()
    .recommendCommands()
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      // Throwing stops yargs here; returning would let it run the handler anyway.
      throw new UsageError(msg);
    });
  for (const command of commands) parser = parser.command(command as CommandModule);
  // Whatever names no command lands here.
  parser = parser.command('$0', false, () => undefined, (argv) => {
    const first = argv._[0];
    usageError = first === undefined ? 'name a command' : `unknown command '${String(first)}'`;
  });
  try {
    await parser.parseAsync();
  } catch (err) {
    if (err instanceof UsageError) usageError = unknownCommandMessage(args, commands) ?? err.message;
    else {
      const failure = describeFailure(err);
      process.stderr.write(`${failure.message}\n`);
      return failure.status;
    }
  }
  if (usageError !== undefined) {
    process.stderr.write(`mecsim: ${usageError}\nRun \`mecsim --help\` for the commands and their options.\n`);
    return 2;
  }
  return Number(process.exitCode ?? 0);
}
