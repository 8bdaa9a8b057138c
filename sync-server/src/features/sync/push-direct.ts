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

type Shape = 'insert' | 'update' | 'both';

/** `rev` is an int4 column. */
const MAX_REV = 2_147_483_647;

/**
 * A collection's statements, built once per shape: `$1` holds the candidate rows, `rev` null for a
 * creation, else the revision the client assumed (rev is server-stamped, never copied from a row).
 * Each answers with the candidates it did NOT write, usually none, so a full batch costs one empty
 * result instead of a hundred parsed rows.
 */
function directStatements(spec: TableSpec) {
  const table = sql.identifier([spec.table]);
  const list = sql.join(spec.insertColumns.map((c) => sql.identifier([c])), sql.fragment`, `);
  const sets = sql.join(
    spec.writableColumns.map((c) => sql.fragment`${sql.identifier([c])} = x.${sql.identifier([c])}`),
    sql.fragment`, `,
  );
  const sameOwner = spec.hasOwner ? sql.fragment`AND t.owner_id = x.owner_id` : sql.fragment``;
  const ins = sql.fragment`ins AS (
      INSERT INTO ${table} (${list}) SELECT ${list} FROM x WHERE x.rev IS NULL
      ON CONFLICT (id) DO NOTHING
      RETURNING id)`;
  const upd = sql.fragment`upd AS (
      UPDATE ${table} AS t SET ${sets} FROM x
      WHERE x.rev IS NOT NULL AND t.id = x.id ${sameOwner} AND t.rev = x.rev AND t.write_id IS DISTINCT FROM x.write_id
      RETURNING t.id)`;
  const parts: Record<Shape, { ctes: ReturnType<typeof sql.fragment>; written: ReturnType<typeof sql.fragment> }> = {
    insert: { ctes: ins, written: sql.fragment`SELECT id FROM ins` },
    update: { ctes: upd, written: sql.fragment`SELECT id FROM upd` },
    both: { ctes: sql.fragment`${ins}, ${upd}`, written: sql.fragment`SELECT id FROM ins UNION ALL SELECT id FROM upd` },
  };
  return (shape: Shape, rows: readonly Record<string, unknown>[]) => sql.unsafe`
    WITH x AS (SELECT * FROM jsonb_populate_recordset(NULL::${table}, ${jsonbRecords(rows)})),
    ${parts[shape].ctes}
    SELECT id FROM x WHERE id NOT IN (${parts[shape].written})`;
}

const statements = new WeakMap<TableSpec, ReturnType<typeof directStatements>>();

/**
 * Writes what it can in one statement; returns the ids written (accepted), or null when the
 * database refused the statement (nothing written).
 */
export async function writeDirectly(db: DatabasePool, spec: TableSpec, userId: string, rows: readonly DirectRow[]): Promise<Set<string> | null> {
  const owner = spec.hasOwner ? userId : null;
  const candidates: Record<string, unknown>[] = [];
  const ids: string[] = [];
  let creations = 0;
  for (const r of rows) {
    // A revision the column cannot hold (fractional, negative, beyond int4) matches no row anyway:
    // the general path reports the conflict instead of the cast failing the whole statement.
    if (r.assumedRev !== null && !(Number.isInteger(r.assumedRev) && r.assumedRev >= 0 && r.assumedRev <= MAX_REV)) continue;
    if (r.assumedRev === null) {
      if (spec.idFor && derivedIdProblem(spec.idFor, r.doc, userId)) continue;
      creations++;
    }
    const row = toRow(spec, r.doc, owner);
    row.rev = r.assumedRev;
    candidates.push(row);
    ids.push(r.id);
  }
  if (candidates.length === 0) return new Set();
  let statement = statements.get(spec);
  if (!statement) statements.set(spec, (statement = directStatements(spec)));
  const shape: Shape = creations === candidates.length ? 'insert' : creations === 0 ? 'update' : 'both';
  try {
    const left = new Set((await db.anyFirst(statement(shape, candidates))).map(String));
    return new Set(ids.filter((id) => !left.has(id)));
  } catch (err) {
    if (err instanceof IntegrityConstraintViolationError) return null;
    throw err;
  }
}

