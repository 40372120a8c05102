import { z } from 'zod';

/*
 * The shape every plug-in family shares (allocators, edge schedulers, path
 * loss, shadowing, fading, mobility): one map from a name to what the name
 * means. The topology schema, `mecsim schema`, the command line's choices,
 * the docs tables and the contract tests all read the map, so a new model is
 * its own file plus one line in its family's registry.
 */

/** One model of a family: its parameters, how to build it, and a line for help texts and docs. */
export interface Plugin<S extends z.ZodType, A extends unknown[], T> {
  /** One line: what the model does, for `--help` and the docs tables. */
  readonly description: string;
  /** Its parameters, with the family's discriminator (`model`, `policy`) as a literal of its name. */
  readonly schema: S;
  /** A new instance from parameters `schema` has parsed (a method: bivariant, so one map holds them all). */
  create(params: z.output<S>, ...args: A): T;
}

/**
 * A typed constructor of one family's entries: `create` is checked against
 * what `schema` outputs, and the family fixes the extra arguments and result.
 */
export function pluginOf<A extends unknown[], T>() {
  return <S extends z.ZodType>(entry: Plugin<S, A, T>): Plugin<S, A, T> => entry;
}

/** Any map of one family's models by name. */
// `any`: each entry keeps its own parameter type.
export type Registry<A extends unknown[] = any[], T = unknown> = Readonly<Record<string, Plugin<any, A, T>>>;

/** The schemas of a registry's entries, as one union of their types. */
type SchemaOf<R extends Registry> = R[keyof R]['schema'];

/**
 * The discriminated union of every entry's schema, in the registry's order
 * (the order the JSON Schema lists them in).
 */
export function unionSchemaOf<R extends Registry, D extends string>(
  registry: R,
  discriminator: D,
): z.ZodDiscriminatedUnion<Array<SchemaOf<R>>, D> {
  const options = Object.values(registry).map((e) => e.schema) as unknown as [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]];
  return z.discriminatedUnion(discriminator, options) as unknown as z.ZodDiscriminatedUnion<Array<SchemaOf<R>>, D>;
}

/** Names of a registry's entries, in its order. */
export function namesOf<R extends Registry>(registry: R): Array<keyof R & string> {
  return Object.keys(registry);
}

/**
 * Builds the model a parsed config names: the entry under its
 * discriminator's value gets the config as its parameters. The config must
 * come from the registry's union schema, which guarantees the entry exists.
 */
export function createFrom<A extends unknown[], T, D extends string>(
  registry: Registry<A, T>,
  discriminator: D,
  parsed: { readonly [K in D]: string },
  ...args: A
): T {
  return registry[parsed[discriminator]].create(parsed, ...args);
}
