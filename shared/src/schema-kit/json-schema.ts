/**
 * RxDB JSON schema derived from a collection definition. Kept free of any rxdb import so
 * that `shared` stays framework-free; the PWA casts the result to RxJsonSchema.
 */
import { z } from 'zod/v4';
import type { CollectionDefinition } from './define-collection.ts';

export interface JsonSchemaNode {
  type?: string | string[];
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  enum?: unknown[];
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  additionalProperties?: boolean;
  format?: string;
  [key: string]: unknown;
}

export interface RxLikeJsonSchema extends JsonSchemaNode {
  version: number;
  primaryKey: string;
  type: 'object';
  properties: Record<string, JsonSchemaNode>;
  required: string[];
  indexes: (string | string[])[];
}

/** Collapses `anyOf: [{type: X}, {type: 'null'}]` into `type: [X, 'null']`, which RxDB prefers. */
function simplifyNullable(node: JsonSchemaNode): JsonSchemaNode {
  const out: JsonSchemaNode = { ...node };
  if (out.properties) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([k, v]) => [k, simplifyNullable(v)]),
    );
  }
  if (out.items) out.items = simplifyNullable(out.items);
  if (out.anyOf && out.anyOf.length === 2) {
    const nonNull = out.anyOf.find((n) => n.type !== 'null');
    const hasNull = out.anyOf.some((n) => n.type === 'null' && Object.keys(n).length === 1);
    if (nonNull && hasNull && typeof nonNull.type === 'string') {
      const { anyOf: _drop, ...rest } = out;
      void _drop;
      const merged: JsonSchemaNode = { ...simplifyNullable(nonNull), ...rest };
      merged.type = [nonNull.type, 'null'];
      if (merged.enum) merged.enum = [...merged.enum, null];
      return merged;
    }
  }
  return out;
}

/**
 * The local (RxDB) schema for a collection, optionally extended with local-only fields
 * (for example the PWA's `pendingAt` marker) that never cross the network.
 */
export function toRxJsonSchema(
  def: CollectionDefinition,
  localFields: Record<string, JsonSchemaNode> = {},
): RxLikeJsonSchema {
  const raw = z.toJSONSchema(def.schema, { target: 'draft-7' }) as JsonSchemaNode;
  const { $schema: _s, ...rest } = raw;
  void _s;
  const simplified = simplifyNullable(rest);
  const properties = { ...(simplified.properties ?? {}), ...localFields };
  // RxDB wants integer index fields to declare a step; ints are whole numbers anyway.
  for (const node of Object.values(properties)) {
    if (node.type === 'integer' && node.multipleOf === undefined) node.multipleOf = 1;
    // RxDB needs maxLength on indexed strings; an enum's longest member is its natural bound.
    if (node.type === 'string' && node.enum && node.maxLength === undefined) {
      node.maxLength = Math.max(...node.enum.map((v) => String(v).length));
    }
  }
  return {
    ...simplified,
    version: def.version,
    primaryKey: 'id',
    type: 'object',
    properties,
    required: [...(simplified.required ?? []), ...Object.keys(localFields)],
    indexes: def.indexes.map((i) => (typeof i === 'string' ? i : [...i])),
  };
}
