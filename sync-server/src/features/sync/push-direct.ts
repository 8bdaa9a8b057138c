/**
 * The one-statement push path: rows whose outcome needs no decision in code are written by a single
 * autocommit statement, instead of BEGIN, a locking read, the writes and COMMIT (four round trips,
 * each waking a backend). Only collections without `prepare` or `sequential` rules qualify, since a
 * write of theirs depends on code run against the stored row.
 *
 * A row is written here only when the SQL itself proves the general path would write it unchanged:
 * - a creation (no assumed master) is inserted with ON CONFLICT DO NOTHING, so an id that exists,
 *   whoever owns it, is left alone; a collection with derived ids must pass that check first;
 * - an update is matched on the pusher's own row, its assumed `rev` and a different `writeId`
 *   (same writeId: a retransmit, acknowledged by the general path without a new revision).
 * Every other row (existing id, stale revision, foreign row, retransmit) is left to the general path,
 * which locks and decides it as before. A constraint violation aborts the statement, nothing is
 * written, and the whole batch takes the general path (which isolates the offending row).
 */
import { derivedIdProblem } from '@itercraft/shared/ids';
import { IntegrityConstraintViolationError } from 'slonik';
import { sql, type DatabasePool } from '../../platform/db.ts';
import type { CollectionRules, WireDoc } from './rules.ts';
import { jsonbRecords, toRow, type TableSpec } from './table-spec.ts';

export interface DirectRow {
  id: string;
  doc: WireDoc;
  assumedRev: number | null;
}

export function canWriteDirectly(rules: CollectionRules | undefined): boolean {
  return !rules?.prepare && !rules?.sequential;
}

function insertFragment(spec: TableSpec, rows: Record<string, unknown>[]) {
  const list = sql.join(spec.insertColumns.map((c) => sql.identifier([c])), sql.fragment`, `);
  const table = sql.identifier([spec.table]);
  return sql.fragment`
    INSERT INTO ${table} (${list})
    SELECT ${list} FROM jsonb_populate_recordset(NULL::${table}, ${jsonbRecords(rows)})
    ON CONFLICT (id) DO NOTHING
    RETURNING id`;
}

/** `rows[].rev` carries the revision the client assumed (rev is server-stamped, never copied from a row). */
function updateFragment(spec: TableSpec, rows: Record<string, unknown>[]) {
  const sets = sql.join(
    spec.writableColumns.map((c) => sql.fragment`${sql.identifier([c])} = x.${sql.identifier([c])}`),
    sql.fragment`, `,
  );
  const table = sql.identifier([spec.table]);
  const sameOwner = spec.hasOwner ? sql.fragment`AND t.owner_id = x.owner_id` : sql.fragment``;
  return sql.fragment`
    UPDATE ${table} AS t SET ${sets}
    FROM jsonb_populate_recordset(NULL::${table}, ${jsonbRecords(rows)}) AS x
    WHERE t.id = x.id ${sameOwner} AND t.rev = x.rev AND t.write_id IS DISTINCT FROM x.write_id
    RETURNING t.id`;
}

/**
 * Writes what it can in one statement; returns the ids written (accepted), or null when the
 * database refused the statement (nothing written).
 */
export async function writeDirectly(db: DatabasePool, spec: TableSpec, userId: string, rows: readonly DirectRow[]): Promise<Set<string> | null> {
  const owner = spec.hasOwner ? userId : null;
  const inserts: Record<string, unknown>[] = [];
  const updates: Record<string, unknown>[] = [];
  for (const r of rows) {
    if (r.assumedRev !== null) updates.push({ ...toRow(spec, r.doc, owner), rev: r.assumedRev });
    else if (!spec.idFor || !derivedIdProblem(spec.idFor, r.doc, userId)) inserts.push(toRow(spec, r.doc, owner));
  }
  if (inserts.length === 0 && updates.length === 0) return new Set();
  const statement =
    updates.length === 0
      ? insertFragment(spec, inserts)
      : inserts.length === 0
        ? updateFragment(spec, updates)
        : sql.fragment`WITH ins AS (${insertFragment(spec, inserts)}), upd AS (${updateFragment(spec, updates)})
            SELECT id FROM ins UNION ALL SELECT id FROM upd`;
  try {
    const written = await db.anyFirst(sql.unsafe`${statement}`);
    return new Set(written.map(String));
  } catch (err) {
    if (err instanceof IntegrityConstraintViolationError) return null;
    throw err;
  }
}
