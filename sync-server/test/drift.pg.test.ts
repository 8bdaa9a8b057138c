/**
 * Drift test: every collection's SQL table has exactly the wire schema's fields (snake_case)
 * plus the declared server-only columns, with nullability matching the schema.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe.each(Object.values(collections))('table of $name', (def) => {
  it('has exactly the schema’s columns plus the server-only ones, with matching nullability', async () => {
    const { rows } = await client.query<{ column_name: string; is_nullable: 'YES' | 'NO' }>(
      `SELECT column_name, is_nullable FROM information_schema.columns WHERE table_name = $1`,
      [def.table],
    );
    const expected = Object.keys(def.wireSchema.shape).map(toSnakeCase);
    const serverOnly = SERVER_ONLY_COLUMNS.filter((c) => c !== 'owner_id' || def.owner !== 'global');
    expect(rows.map((r) => r.column_name).sort()).toEqual([...expected, ...serverOnly].sort());
    const shape = def.wireSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
    for (const [field, schema] of Object.entries(shape)) {
      const column = rows.find((r) => r.column_name === toSnakeCase(field))!;
      expect(column.is_nullable === 'YES', `${def.table}.${column.column_name} nullability`).toBe(schema.safeParse(null).success);
    }
  });
});
