import type { CommandModule } from 'yargs';

/**
 * The command table: one entry per `mecsim <command>`, each in its own file
 * in this folder. Only commands that work are listed.
 */
export const commands: CommandModule<any, any>[] = [];
commands.push((await import('./trace.js')).traceCommand);
