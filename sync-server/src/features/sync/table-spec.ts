/**
 * How a collection maps onto its table: the wire columns (snake_case of the wire schema's
 * keys, in order) plus the server-only `owner_id` and `txid`. Derived once from the shared
 * definition, so the SQL and the schema cannot silently disagree (the drift test checks the table).
 */
import type { CollectionDefinition } from '@itercraft/shared/schema-kit/define-collection';
import { toSnakeCase } from '@itercraft/shared/schema-kit/define-collection';
import { derivedIds, type DerivedId } from '@itercraft/shared/ids';
import { sql } from '../../platform/db.ts';

/** Columns every collection's table has besides the wire document's fields. */
export const SERVER_ONLY_COLUMNS = ['owner_id', 'txid'] as const;
/** Stamped by the database trigger; never taken from a client. */
export const SERVER_STAMPED_COLUMNS = ['rev', 'updated_at', 'txid'] as const;

export interface TableSpec {
  def: CollectionDefinition;
  table: string;
  /** Wire fields (camelCase) in schema order. */
  fields: string[];
  /** Matching column names. */
  columns: string[];
  /** Columns a push may set (wire columns minus id and server-stamped ones). */
  writableColumns: string[];
  /** Columns a push inserts: the owner (if any) and the wire columns minus the stamped ones. */
  insertColumns: string[];
  selectList: ReturnType<typeof sql.join>;
  hasOwner: boolean;
  /** For collections whose ids derive from (user, key): the id a new document must have (ids.ts). */
  idFor: DerivedId | undefined;
}

export function tableSpec(def: CollectionDefinition): TableSpec {
  const fields = Object.keys(def.wireSchema.shape);
  const columns = fields.map(toSnakeCase);
  const stamped = new Set<string>(SERVER_STAMPED_COLUMNS);
  return {
    def,
    table: def.table,
    fields,
    columns,
    writableColumns: columns.filter((c) => c !== 'id' && !stamped.has(c)),
    insertColumns: [...(def.owner !== 'global' ? ['owner_id'] : []), ...columns.filter((c) => !stamped.has(c))],
    selectList: sql.join(
      columns.map((c) => sql.identifier([c])),
      sql.fragment`, `,
    ),
    hasOwner: def.owner !== 'global',
    idFor: derivedIds[def.name],
  };
}

/** Turns a camelCase wire document into a snake_case row object (plus the owner). */
export function toRow(spec: TableSpec, doc: Record<string, unknown>, ownerId: string | null): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  spec.fields.forEach((f, i) => {
    row[spec.columns[i]!] = doc[f];
  });
  if (spec.hasOwner) row.owner_id = ownerId;
  return row;
}

/**
 * Rows as one jsonb parameter (for jsonb_populate_recordset). Plain JSON.stringify: sql.jsonb's
 * stable stringifier sorts keys, which jsonb does not need, at several times the cost.
 */
export function jsonbRecords(rows: readonly Record<string, unknown>[]) {
  return sql.fragment`${JSON.stringify(rows)}::jsonb`;
}

/** The WHERE fragment restricting rows to what a user may see. */
export function scopeFragment(spec: TableSpec, userId: string) {
  switch (spec.def.owner) {
    case 'user':
      return sql.fragment`owner_id = ${userId}`;
    case 'mixed':
      return sql.fragment`(owner_id = ${userId} OR owner_id IS NULL)`;
    case 'global':
      return sql.fragment`TRUE`;
  }
}
