import type { CommandModule } from 'yargs';
import { compareCommand } from './compare.js';
import { plotCommand } from './plot.js';
import { reportCommand } from './report.js';
import { reproduceCommand } from './reproduce.js';
import { runCommand } from './run.js';
import { schemaCommand } from './schema.js';
import { solveCommand } from './solve.js';
import { mergeCommand, sweepCommand } from './sweep.js';
import { traceCommand } from './trace.js';

/**
 * The command table: one entry per `mecsim <command>`, each in its own file
 * in this folder. Only commands that work are listed.
 */
export const commands: CommandModule<any, any>[] = [
  solveCommand,
  runCommand,
  compareCommand,
  sweepCommand,
  mergeCommand,
  plotCommand,
  reportCommand,
  reproduceCommand,
  traceCommand,
  schemaCommand,
];
