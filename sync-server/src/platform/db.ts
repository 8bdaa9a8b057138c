/**
 * PostgreSQL access: a slonik pool whose rows come back with camelCase keys and int8 as
 * JavaScript numbers (our epoch-ms columns fit in 2^53), plus a zod row parser.
 */
import {
  createPool,
  createTypeParserPreset,
  sql,
  type DatabasePool,
  type DatabaseTransactionConnection,
  type Interceptor,
  type QueryResultRow,
} from 'slonik';
import type { z } from 'zod/v4';
import { toCamelCase } from '@itercraft/shared/schema-kit/define-collection';

export { sql };
export type { DatabasePool, DatabaseTransactionConnection };
export type Queryable = Pick<DatabasePool, 'any' | 'one' | 'maybeOne' | 'query' | 'oneFirst' | 'maybeOneFirst' | 'anyFirst' | 'many' | 'exists'>;

const camelCaseRows: Interceptor = {
  name: 'camel-case-rows',
  transformRow: (_ctx, _query, row) => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(row)) out[toCamelCase(key)] = row[key];
    return out as QueryResultRow;
  },
};

export async function createDatabase(url: string, maximumPoolSize = 10): Promise<DatabasePool> {
  const typeParsers = createTypeParserPreset().filter((p) => p.name !== 'int8');
  typeParsers.push({ name: 'int8', parse: (v: string) => Number(v) });
  return createPool(url, {
    maximumPoolSize,
    interceptors: [camelCaseRows],
    typeParsers,
    connectionTimeout: 10_000,
    idleTimeout: 30_000,
    // Pulls hold no transaction open; a long idle transaction would stall every pull (see txid watermark).
    idleInTransactionSessionTimeout: 60_000,
    statementTimeout: 60_000,
    // slonik runs DISCARD ALL on every release by default: one extra round trip per query and lost
    // plan caches. Our code never changes session state (LISTEN uses its own pg client).
    resetConnection: () => Promise.resolve(),
  });
}

/** Parses raw rows with a zod schema; a mismatch is a server bug and throws. */
export function parseRows<S extends z.ZodType>(schema: S, rows: readonly unknown[]): z.infer<S>[] {
  return rows.map((r) => schema.parse(r));
}
