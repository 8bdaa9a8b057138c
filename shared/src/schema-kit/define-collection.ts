/**
 * One place that turns a zod document schema into everything a replicated collection needs:
 * the TypeScript type (z.infer), the wire schema (document + tombstone flag) and the
 * metadata (version, primary key, indexes, owner model) that the RxDB JSON schema, the
 * server validator, the row parser and the SQL drift test are all derived from.
 */
import { z } from 'zod/v4';

/** Fields every replicated document carries. `rev` and `updatedAt` are stamped by the server. */
export const baseDocumentShape = {
  /** Primary key. UUIDs or deterministic ids (see ids.ts); never longer than 64 characters. */
  id: z.string().min(1).max(64),
  /** Server revision, incremented on every server-side write; the conflict-detection token. */
  rev: z.int().min(0).max(2_147_483_647),
  /** Server time (epoch ms) of the last server-side write; 0 for a document never synced. */
  updatedAt: z.int().min(0).max(9_999_999_999_999),
  /** Client-chosen id of the last write, so a retransmitted push is recognised and not re-applied. */
  writeId: z.string().max(64).nullable(),
} as const;

export type BaseDocumentShape = typeof baseDocumentShape;

/**
 * Who owns the rows of a collection:
 * - `user`: every row belongs to one user; only that user pulls, pushes or hears about it;
 * - `global`: reference data written by the server only; every user pulls it, nobody pushes;
 * - `mixed`: global rows (server seeds) plus private rows a user creates for themselves.
 */
export type OwnerModel = 'user' | 'global' | 'mixed';

/** Who may write through the push endpoint. */
export type PushPolicy = 'user' | 'server-only';

export type IndexSpec = string | readonly string[];

export interface CollectionDefinition<
  Name extends string = string,
  Shape extends z.ZodRawShape = z.ZodRawShape,
> {
  name: Name;
  /** Bump together with an RxDB migration strategy and a SQL migration whenever the shape changes. */
  version: number;
  /** SQL table backing the collection. */
  table: string;
  owner: OwnerModel;
  push: PushPolicy;
  indexes: readonly IndexSpec[];
  /** The document as the application sees it (no tombstone flag). */
  schema: z.ZodObject<Shape & BaseDocumentShape>;
  /** What crosses the network and what the server stores: the document plus `deleted`. */
  wireSchema: z.ZodObject<Shape & BaseDocumentShape & { deleted: z.ZodBoolean }>;
}

export function defineCollection<const Name extends string, Shape extends z.ZodRawShape>(def: {
  name: Name;
  version: number;
  table: string;
  owner: OwnerModel;
  push: PushPolicy;
  indexes?: readonly IndexSpec[];
  fields: Shape;
}): CollectionDefinition<Name, Shape> {
  const shape = { ...baseDocumentShape, ...def.fields } as Shape & BaseDocumentShape;
  const schema = z.object(shape).strict();
  const wireSchema = z.object({ ...shape, deleted: z.boolean() }).strict();
  return {
    name: def.name,
    version: def.version,
    table: def.table,
    owner: def.owner,
    push: def.push,
    indexes: def.indexes ?? [],
    schema: schema,
    wireSchema: wireSchema,
  };
}

export type DocOf<D extends CollectionDefinition> = z.infer<D['schema']>;
export type WireDocOf<D extends CollectionDefinition> = z.infer<D['wireSchema']>;

/** camelCase field name → snake_case column name (the only naming rule between TS and SQL). */
export function toSnakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function toCamelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}
