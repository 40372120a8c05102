import type { CommandModule } from 'yargs';
import { withExamples } from './examples.js';
import { z } from 'zod';
import { sweepSchema } from '../campaign/sweep-file.js';
import { topologySchema } from '../scenario/schema.js';

/** Files mecsim reads whose JSON Schema it can print. */
const schemas = {
  topology: { schema: topologySchema, title: 'mecsim topology file' },
  sweep: { schema: sweepSchema, title: 'mecsim sweep file' },
} as const;

type SchemaName = keyof typeof schemas;

/**
 * The JSON Schema (draft 2020-12) of an input file, generated from the same
 * zod schema mecsim validates with, so editors can complete and check
 * topology and sweep files as they are written. Refinements that JSON Schema cannot
 * express (cross-field checks such as a group's count matching its listed
 * positions) are still enforced by mecsim itself.
 */
export function jsonSchemaOf(name: SchemaName): object {
  const { schema, title } = schemas[name];
  return { title, ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) };
}

export const schemaCommand: CommandModule<object, { file: SchemaName }> = {
  command: 'schema <file>',
  describe: 'Print the JSON Schema of an input file format, for editors',
  builder: (y) =>
    withExamples(y
      .positional('file', { choices: Object.keys(schemas) as SchemaName[], demandOption: true, describe: 'which file format' })
      , [['mecsim schema topology > topology.schema.json', 'then point "$schema" or your editor at it']]),
  handler: (args) => {
    process.stdout.write(`${JSON.stringify(jsonSchemaOf(args.file), null, 2)}\n`);
  },
};
