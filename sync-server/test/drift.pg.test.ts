/**
 * Drift test: every collection's SQL table has exactly the wire schema's fields (snake_case)
 * plus the declared server-only columns, and each column can hold exactly what the schema allows:
 * - strings → text, or varchar whose length is the schema's maxLength;
 * - enums → text/varchar with a single-column CHECK listing exactly the enum's values;
 * - integers → smallint / integer / bigint whose range holds the schema's bounds;
 * - other numbers → double precision or numeric; booleans → boolean; objects/arrays → jsonb;
 * - nullability as in the schema; `owner_id` NOT NULL for per-user collections, nullable for
 *   mixed ones, absent for global ones; `txid` xid8 NOT NULL; `id` the primary key.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { collections } from '@itercraft/shared/collections/index';
import { toSnakeCase } from '@itercraft/shared/schema-kit/define-collection';
import { SERVER_ONLY_COLUMNS } from '../src/features/sync/table-spec.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';

let database: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await database.drop();
});

interface Column {
  column_name: string;
  is_nullable: 'YES' | 'NO';
  udt_name: string;
  character_maximum_length: number | null;
}

interface JsonSchemaNode {
  type?: string;
  enum?: unknown[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  anyOf?: JsonSchemaNode[];
}

/** What a zod field accepts, read from its JSON Schema (the same one RxDB gets). */
function accepted(schema: z.ZodType): { node: JsonSchemaNode; nullable: boolean } {
  const js = z.toJSONSchema(schema) as JsonSchemaNode;
  if (!js.anyOf) return { node: js, nullable: false };
  const nonNull = js.anyOf.filter((n) => n.type !== 'null');
  if (nonNull.length !== 1) throw new Error(`unsupported union in schema: ${JSON.stringify(js)}`);
  return { node: nonNull[0]!, nullable: nonNull.length < js.anyOf.length };
}

const INTEGER_RANGES: Record<string, [number, number]> = {
  int2: [-32_768, 32_767],
  int4: [-2_147_483_648, 2_147_483_647],
  int8: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** The values listed by the single-column CHECK constraints on each column of a table. */
async function checkedValues(table: string): Promise<Map<string, string[][]>> {
  const { rows } = await client.query<{ column_name: string; def: string }>(
    `SELECT a.attname AS column_name, pg_get_constraintdef(c.oid) AS def
     FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     WHERE c.conrelid = $1::regclass AND c.contype = 'c' AND array_length(c.conkey, 1) = 1`,
    [table],
  );
  const byColumn = new Map<string, string[][]>();
  for (const r of rows) {
    const values = [...r.def.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replaceAll("''", "'"));
    byColumn.set(r.column_name, [...(byColumn.get(r.column_name) ?? []), values]);
  }
  return byColumn;
}

/** Problems of one column against its field schema; empty when they agree. */
function columnProblems(column: Column, field: z.ZodType, checks: string[][] | undefined): string[] {
  const { node, nullable } = accepted(field);
  const problems: string[] = [];
  if ((column.is_nullable === 'YES') !== nullable) problems.push(`nullable ${column.is_nullable}, schema ${nullable ? 'nullable' : 'required'}`);
  const type = column.udt_name;
  if (node.enum) {
    const values = node.enum.map(String);
    if (type !== 'text' && type !== 'varchar') problems.push(`enum stored as ${type}`);
    if (type === 'varchar' && (column.character_maximum_length ?? 0) < Math.max(...values.map((v) => v.length))) problems.push(`varchar(${column.character_maximum_length}) too short for the enum`);
    const matching = (checks ?? []).filter((c) => c.length > 0);
    if (matching.length !== 1 || [...matching[0]!].sort().join('|') !== [...values].sort().join('|')) {
      problems.push(`CHECK ${JSON.stringify(matching)} does not list exactly ${JSON.stringify(values)}`);
    }
    return problems;
  }
  switch (node.type) {
    case 'string':
      if (type === 'varchar') {
        if (node.maxLength === undefined) problems.push('varchar for a string without maxLength (use text)');
        else if (column.character_maximum_length !== node.maxLength) problems.push(`varchar(${column.character_maximum_length}) but maxLength ${node.maxLength}`);
      } else if (type !== 'text') problems.push(`string stored as ${type}`);
      break;
    case 'integer': {
      const range = INTEGER_RANGES[type];
      if (!range) problems.push(`integer stored as ${type}`);
      else if ((node.minimum ?? Number.MIN_SAFE_INTEGER) < range[0] || (node.maximum ?? Number.MAX_SAFE_INTEGER) > range[1]) {
        problems.push(`${type} cannot hold [${node.minimum}, ${node.maximum}]`);
      }
      break;
    }
    case 'number':
      if (type !== 'float8' && type !== 'numeric') problems.push(`number stored as ${type}`);
      break;
    case 'boolean':
      if (type !== 'bool') problems.push(`boolean stored as ${type}`);
      break;
    case 'object':
    case 'array':
      if (type !== 'jsonb') problems.push(`${node.type} stored as ${type}`);
      break;
    default:
      problems.push(`no SQL mapping known for ${JSON.stringify(node)}`);
  }
  return problems;
}

describe.each(Object.values(collections))('table of $name', (def) => {
  let columns: Column[];
  beforeAll(async () => {
    ({ rows: columns } = await client.query<Column>(
      `SELECT column_name, is_nullable, udt_name, character_maximum_length FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = $1`,
      [def.table],
    ));
  });
  const column = (name: string) => columns.find((c) => c.column_name === name);

  it('has exactly the schema’s columns plus the server-only ones', () => {
    const expected = Object.keys(def.wireSchema.shape).map(toSnakeCase);
    const serverOnly = SERVER_ONLY_COLUMNS.filter((c) => c !== 'owner_id' || def.owner !== 'global');
    expect(columns.map((c) => c.column_name).sort()).toEqual([...expected, ...serverOnly].sort());
  });

  it('gives every field a column of a matching type, bounds and nullability', async () => {
    const checks = await checkedValues(def.table);
    const problems: Record<string, string[]> = {};
    for (const [field, schema] of Object.entries(def.wireSchema.shape as Record<string, z.ZodType>)) {
      const name = toSnakeCase(field);
      const found = column(name);
      if (!found) continue; // reported by the column-list test
      const p = columnProblems(found, schema, checks.get(name));
      if (p.length > 0) problems[`${def.table}.${name}`] = p;
    }
    expect(problems).toEqual({});
  });

  it('has server-only columns of the right type: owner_id per owner model, txid xid8, id the primary key', async () => {
    const owner = column('owner_id');
    if (def.owner === 'global') expect(owner).toBeUndefined();
    else {
      expect(['varchar', 'text']).toContain(owner?.udt_name);
      expect(owner?.is_nullable, `${def.table}.owner_id nullability for owner model ${def.owner}`).toBe(def.owner === 'mixed' ? 'YES' : 'NO');
    }
    expect(column('txid')).toMatchObject({ udt_name: 'xid8', is_nullable: 'NO' });
    const { rows } = await client.query<{ column_name: string }>(
      `SELECT a.attname AS column_name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
       WHERE i.indrelid = $1::regclass AND i.indisprimary`,
      [def.table],
    );
    expect(rows.map((r) => r.column_name)).toEqual(['id']);
  });
});
