/**
 * Push: applies a batch of RxDB write rows for one user inside one transaction.
 *
 * Per row, in order: schema validation → ownership → idempotency (same writeId as stored: already
 * applied, nothing to do) → optimistic concurrency on `rev` (stale → conflict with the master
 * state, unless the collection's rules merge it) → domain rules (may reject with a reason) → for a
 * new document of a collection with derived ids, the id must be the one derived from this user.
 * Invalid or refused rows are rejected individually; the others are written. New rows are inserted
 * with ON CONFLICT DO NOTHING so two devices creating the same id concurrently cannot overwrite
 * each other: the loser gets a conflict with the winner's state when the winner is its own, and a
 * rejection (never the document) when it belongs to someone else or is reference data. Updates are
 * also restricted to the pusher's rows in SQL. Change notifications fire from the table trigger at
 * commit.
 *
 * Collections without `prepare`/`sequential` rules first try the one-statement path (push-direct.ts):
 * creations and non-stale updates that SQL alone can prove need no decision are written there; the
 * rest of the batch then goes through the locking path below, in its own transaction.
 */
import { syncErrorCodes, type PushOutcome } from '@itercraft/shared/sync/protocol';
import { errorCodes } from '@itercraft/shared/errors';
import { derivedIdProblem } from '@itercraft/shared/ids';
import { CheckIntegrityConstraintViolationError, IntegrityConstraintViolationError, UniqueIntegrityConstraintViolationError } from 'slonik';
import { sql, type DatabasePool, type DatabaseTransactionConnection } from '../../platform/db.ts';
import type { Logger } from '../../platform/logger.ts';
import { RejectError, type CollectionRules, type PushContext, type WireDoc } from './rules.ts';
import { canWriteDirectly, writeDirectly } from './push-direct.ts';
import { jsonbRecords, toRow, type TableSpec } from './table-spec.ts';

type Outcome = PushOutcome<WireDoc>;

interface ParsedRow {
  index: number;
  id: string;
  doc: WireDoc;
  assumedRev: number | null;
}

interface Decision {
  row: ParsedRow;
  write: WireDoc;
  isNew: boolean;
}

export interface PushDeps {
  db: DatabasePool;
  logger: Logger;
  now: () => number;
}

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  if (!issue) return 'Document invalide';
  const path = issue.path.map(String).join('.');
  return path ? `${path} : ${issue.message}` : issue.message;
}

/** Validates the raw rows; invalid ones become rejections, valid ones keep their position. */
function parseRows(spec: TableSpec, rows: readonly unknown[], outcomes: Outcome[]): ParsedRow[] {
  const parsed: ParsedRow[] = [];
  const seen = new Set<string>();
  rows.forEach((raw, index) => {
    const r = raw as { newDocumentState?: unknown; assumedMasterState?: unknown } | null;
    const rawId = (r?.newDocumentState as { id?: unknown } | undefined)?.id;
    const id = typeof rawId === 'string' ? rawId : '';
    const doc = spec.def.wireSchema.safeParse(r?.newDocumentState);
    if (!doc.success) {
      outcomes[index] = { status: 'rejected', id, code: errorCodes.VALIDATION, reason: firstIssue(doc.error) };
      return;
    }
    const data = doc.data as WireDoc;
    if (seen.has(data.id)) {
      outcomes[index] = { status: 'rejected', id, code: errorCodes.VALIDATION, reason: 'Document présent deux fois dans le lot' };
      return;
    }
    seen.add(data.id);
    const assumed = r?.assumedMasterState as { rev?: unknown } | null | undefined;
    const assumedRev = assumed && typeof assumed.rev === 'number' ? assumed.rev : null;
    parsed.push({ index, id: data.id, doc: data, assumedRev });
  });
  return parsed;
}

interface StoredRow {
  doc: WireDoc;
  ownerId: string | null;
}

async function lockRows(tx: DatabaseTransactionConnection, spec: TableSpec, ids: string[]): Promise<Map<string, StoredRow>> {
  const found = new Map<string, StoredRow>();
  if (ids.length === 0) return found;
  const owner = spec.hasOwner ? sql.fragment`, owner_id` : sql.fragment``;
  const rows = await tx.any(sql.unsafe`
    SELECT ${spec.selectList} ${owner} FROM ${sql.identifier([spec.table])}
    WHERE id = ANY(${sql.array(ids, 'text')}) FOR UPDATE`);
  for (const row of rows as readonly Record<string, unknown>[]) {
    const { ownerId, ...doc } = row;
    found.set(String(doc.id), { doc: spec.def.wireSchema.parse(doc) as WireDoc, ownerId: (ownerId as string | null) ?? null });
  }
  return found;
}

/**
 * The rejection for a stored row the pusher may not touch: another user's (FORBIDDEN, without
 * a word of its content) or an ownerless reference row (READ_ONLY); null when it is the pusher's.
 */
function foreignRowRejection(spec: TableSpec, stored: StoredRow, userId: string, id: string): Outcome | null {
  if (!spec.hasOwner || stored.ownerId === userId) return null;
  if (stored.ownerId === null) {
    return { status: 'rejected', id, code: errorCodes.READ_ONLY, reason: 'Les données de référence sont en lecture seule' };
  }
  return { status: 'rejected', id, code: errorCodes.FORBIDDEN, reason: "Cet identifiant est celui d'un document auquel vous n'avez pas accès" };
}

/** Outcome of a row whose write did not happen because another transaction got there first. */
function lostRaceOutcome(spec: TableSpec, userId: string, id: string, winner: StoredRow | undefined): Outcome {
  if (!winner) return { status: 'rejected', id, code: errorCodes.CONFLICT, reason: 'Écriture concurrente, réessayez' };
  return foreignRowRejection(spec, winner, userId, id) ?? { status: 'conflict', id, master: winner.doc };
}

/** Decides one row: returns the outcome, or the document to write. */
async function decide(
  spec: TableSpec,
  rules: CollectionRules | undefined,
  row: ParsedRow,
  stored: StoredRow | undefined,
  base: Omit<PushContext, 'current'>,
): Promise<Outcome | Decision> {
  const current = stored?.doc ?? null;
  const foreign = stored ? foreignRowRejection(spec, stored, base.userId, row.id) : null;
  if (foreign) return foreign;
  if (current && row.doc.writeId !== null && current.writeId === row.doc.writeId) {
    return { status: 'accepted', id: row.id };
  }
  const ctx: PushContext = { ...base, current };
  let write = row.doc;
  if (current && row.assumedRev !== current.rev) {
    const merged = rules?.resolveConflict ? await rules.resolveConflict(row.doc, { ...ctx, current, assumedRev: row.assumedRev }) : null;
    if (!merged) return { status: 'conflict', id: row.id, master: current };
    write = merged;
  }
  if (rules?.prepare) write = await rules.prepare(write, ctx);
  if (current === null && spec.idFor) {
    const problem = derivedIdProblem(spec.idFor, write, base.userId);
    if (problem) return { status: 'rejected', id: row.id, code: syncErrorCodes.ID_MISMATCH, reason: problem };
  }
  return { row, write, isNew: current === null };
}

async function insertRows(tx: DatabaseTransactionConnection, spec: TableSpec, rows: Record<string, unknown>[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const list = sql.join(spec.insertColumns.map((c) => sql.identifier([c])), sql.fragment`, `);
  const inserted = await tx.anyFirst(sql.unsafe`
    INSERT INTO ${sql.identifier([spec.table])} (${list})
    SELECT ${list} FROM jsonb_populate_recordset(NULL::${sql.identifier([spec.table])}, ${jsonbRecords(rows)})
    ON CONFLICT (id) DO NOTHING
    RETURNING id`);
  return new Set(inserted.map(String));
}

/** Updates the pusher's own rows only (the owner is part of the match); returns the updated ids. */
async function updateRows(tx: DatabaseTransactionConnection, spec: TableSpec, rows: Record<string, unknown>[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const sets = sql.join(
    spec.writableColumns.map((c) => sql.fragment`${sql.identifier([c])} = x.${sql.identifier([c])}`),
    sql.fragment`, `,
  );
  const sameOwner = spec.hasOwner ? sql.fragment`AND t.owner_id = x.owner_id` : sql.fragment``;
  const updated = await tx.anyFirst(sql.unsafe`
    UPDATE ${sql.identifier([spec.table])} AS t SET ${sets}
    FROM jsonb_populate_recordset(NULL::${sql.identifier([spec.table])}, ${jsonbRecords(rows)}) AS x
    WHERE t.id = x.id ${sameOwner}
    RETURNING t.id`);
  return new Set(updated.map(String));
}

/**
 * Writes decisions; returns the ids that were not written: an insert that lost a race (the id
 * exists now) or an update that found no row of this user (it must be re-read, never trusted).
 */
async function writeDecisions(tx: DatabaseTransactionConnection, spec: TableSpec, userId: string, decisions: Decision[]): Promise<Set<string>> {
  const toRowFor = (d: Decision) => toRow(spec, d.write, spec.hasOwner ? userId : null);
  const fresh = decisions.filter((d) => d.isNew);
  const stale = decisions.filter((d) => !d.isNew);
  const inserted = await insertRows(tx, spec, fresh.map(toRowFor));
  const updated = await updateRows(tx, spec, stale.map(toRowFor));
  return new Set([
    ...fresh.filter((d) => !inserted.has(d.row.id)).map((d) => d.row.id),
    ...stale.filter((d) => !updated.has(d.row.id)).map((d) => d.row.id),
  ]);
}

function dbReason(err: unknown): string {
  if (err instanceof UniqueIntegrityConstraintViolationError) return 'Ce document entre en conflit avec un autre (doublon)';
  if (err instanceof CheckIntegrityConstraintViolationError) return 'Ce document viole une règle de cohérence';
  return 'Ce document ne peut pas être enregistré';
}

/** Applies decisions one by one, each in a savepoint, so one bad row only rejects itself. */
async function applyOneByOne(
  tx: DatabaseTransactionConnection,
  spec: TableSpec,
  rules: CollectionRules | undefined,
  parsed: ParsedRow[],
  base: Omit<PushContext, 'current'>,
  outcomes: Outcome[],
  logger: Logger,
): Promise<void> {
  for (const row of parsed) {
    try {
      await tx.transaction(async (sp) => {
        const stored = (await lockRows(sp, spec, [row.id])).get(row.id);
        const decision = await decide(spec, rules, row, stored, { ...base, tx: sp });
        if (!('write' in decision)) {
          outcomes[row.index] = decision;
          return;
        }
        const lost = await writeDecisions(sp, spec, base.userId, [decision]);
        if (lost.size > 0) {
          outcomes[row.index] = lostRaceOutcome(spec, base.userId, row.id, (await lockRows(sp, spec, [row.id])).get(row.id));
          return;
        }
        outcomes[row.index] = { status: 'accepted', id: row.id };
      });
    } catch (err) {
      if (err instanceof RejectError) {
        outcomes[row.index] = { status: 'rejected', id: row.id, code: err.code, reason: err.reason };
      } else if (err instanceof IntegrityConstraintViolationError) {
        outcomes[row.index] = { status: 'rejected', id: row.id, code: errorCodes.CONFLICT, reason: dbReason(err) };
      } else {
        logger.error({ err, collection: spec.def.name, id: row.id }, 'push row failed');
        throw err;
      }
    }
  }
}

/** Decides every row against one locked snapshot and writes the accepted ones in two statements. */
async function applyInBulk(
  tx: DatabaseTransactionConnection,
  spec: TableSpec,
  rules: CollectionRules | undefined,
  parsed: ParsedRow[],
  base: Omit<PushContext, 'current'>,
): Promise<Outcome[]> {
  const stored = await lockRows(tx, spec, parsed.map((p) => p.id));
  const decisions: Decision[] = [];
  const local: Outcome[] = [];
  for (const row of parsed) {
    try {
      const d = await decide(spec, rules, row, stored.get(row.id), base);
      if ('write' in d) decisions.push(d);
      else local[row.index] = d;
    } catch (err) {
      if (!(err instanceof RejectError)) throw err;
      local[row.index] = { status: 'rejected', id: row.id, code: err.code, reason: err.reason };
    }
  }
  const lost = await writeDecisions(tx, spec, base.userId, decisions);
  const winners = lost.size > 0 ? await lockRows(tx, spec, [...lost]) : new Map<string, StoredRow>();
  for (const d of decisions) {
    local[d.row.index] = lost.has(d.row.id) ? lostRaceOutcome(spec, base.userId, d.row.id, winners.get(d.row.id)) : { status: 'accepted', id: d.row.id };
  }
  return local;
}

export async function pushChanges(
  deps: PushDeps,
  spec: TableSpec,
  rules: CollectionRules | undefined,
  userId: string,
  rows: readonly unknown[],
): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array<Outcome>(rows.length);
  let parsed = parseRows(spec, rows, outcomes);
  if (parsed.length > 0 && canWriteDirectly(rules)) {
    const written = await writeDirectly(deps.db, spec, userId, parsed);
    if (written) {
      for (const row of parsed) if (written.has(row.id)) outcomes[row.index] = { status: 'accepted', id: row.id };
      parsed = parsed.filter((row) => !written.has(row.id));
    }
  }
  if (parsed.length === 0) return outcomes;
  const now = deps.now();
  if (!rules?.sequential) {
    // Common path: one transaction, set-based. A constraint violation (a race the checks could not
    // see) aborts it; the batch is then replayed row by row so only the offending row is refused.
    const bulk = await deps.db
      .transaction((tx) => applyInBulk(tx, spec, rules, parsed, { tx, userId, now }))
      .catch((err: unknown) => {
        if (err instanceof IntegrityConstraintViolationError) return null;
        throw err;
      });
    if (bulk) {
      bulk.forEach((o, i) => {
        outcomes[i] = o;
      });
      return outcomes;
    }
  }
  await deps.db.transaction((tx) => applyOneByOne(tx, spec, rules, parsed, { tx, userId, now }, outcomes, deps.logger));
  return outcomes;
}
