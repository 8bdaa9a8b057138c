/**
 * SQL of the maintenance feature (sessions and activities). Rows come back camelCased (db.ts);
 * every write goes through the tables' trigger, which stamps rev/txid and notifies after commit.
 */
import { MAX_SESSION_MS, durationMinutes, type SessionState } from '@itercraft/shared/maintenance/session.rules';
import type { ChainLink, StoredSession } from '@itercraft/shared/maintenance/group.rules';
import type { MaintenanceSession } from '@itercraft/shared/collections/maintenance-sessions.schema';
import { sql, type Queryable } from '../../platform/db.ts';

/** A session as the rules see it: the shared document's fields plus the tombstone flag. */
export type SessionRow = Omit<MaintenanceSession, 'rev' | 'updatedAt' | 'writeId'> & { deleted: boolean };

export interface ServiceRow {
  id: string;
  code: string;
  label: string;
  scope: 'global' | 'private';
  createdAt: number;
}

const sessionColumns = sql.fragment`id, service_id, started_at, ended_at, duration_minutes, auto_stopped, merged_into, deleted`;
const AUTO_STOP_MINUTES = durationMinutes(0, MAX_SESSION_MS);

/**
 * Serialises every write to one user's sessions of one activity until the transaction ends, so
 * two concurrent pushes (two devices) cannot both decide "no overlap" and race on the
 * one-running-session index.
 */
export async function lockActivity(tx: Queryable, userId: string, serviceId: string): Promise<void> {
  await tx.query(sql.unsafe`SELECT pg_advisory_xact_lock(hashtextextended(${`maintenance:${userId}:${serviceId}`}, 0))`);
}

/** A stored session with its own interval (maintenance_session_own, else the stored one). */
export interface GroupRow extends StoredSession {
  /** A maintenance_session_own row exists for it. */
  hasOwn: boolean;
}

interface GroupRowSql extends SessionRow {
  ownStartedAt: number | null;
  ownEndedAt: number | null;
  ownAutoStopped: boolean | null;
}

/** The end a stored row can reach: its end, or start + 4 h while running. */
const reachSql = sql.fragment`COALESCE(s.ended_at, s.started_at + ${MAX_SESSION_MS})`;

async function rowsTouching(tx: Queryable, userId: string, serviceId: string, lo: number, hi: number): Promise<GroupRow[]> {
  const rows = (await tx.any(sql.unsafe`
    SELECT s.id, s.service_id, s.started_at, s.ended_at, s.duration_minutes, s.auto_stopped, s.merged_into, s.deleted,
           o.started_at AS own_started_at, o.ended_at AS own_ended_at, o.auto_stopped AS own_auto_stopped
    FROM maintenance_sessions s
    LEFT JOIN maintenance_session_own o ON o.owner_id = s.owner_id AND o.id = s.id
    WHERE s.owner_id = ${userId} AND s.service_id = ${serviceId} AND s.started_at < ${hi} AND ${reachSql} > ${lo}
    ORDER BY s.started_at, s.id
    FOR UPDATE OF s`)) as unknown as GroupRowSql[];
  return rows.map((r) => {
    const hasOwn = r.ownStartedAt !== null;
    const own = hasOwn
      ? { startedAt: r.ownStartedAt!, endedAt: r.ownEndedAt, autoStopped: r.ownAutoStopped === true }
      : { startedAt: r.startedAt, endedAt: r.endedAt, autoStopped: r.autoStopped };
    const { ownStartedAt: _s, ownEndedAt: _e, ownAutoStopped: _a, serviceId: _svc, ...stored } = r;
    return { ...stored, own, hasOwn };
  });
}

/**
 * Every session of (user, activity), tombstones included, connected to [lo, hi) through
 * overlapping intervals: the window grows until no stored row crosses its edges. Groups never
 * span a gap that no session covers, so these rows hold every group the write can change.
 */
export async function loadGroupRows(tx: Queryable, userId: string, serviceId: string, lo: number, hi: number): Promise<GroupRow[]> {
  for (;;) {
    const rows = await rowsTouching(tx, userId, serviceId, lo, hi);
    const newLo = Math.min(lo, ...rows.map((r) => r.startedAt));
    const newHi = Math.max(hi, ...rows.map((r) => r.endedAt ?? r.startedAt + MAX_SESSION_MS));
    if (newLo === lo && newHi === hi) return rows;
    lo = newLo;
    hi = newHi;
  }
}

/** Tombstone fields of sessions by id (chain targets outside the loaded window). */
export async function chainLinks(tx: Queryable, userId: string, ids: readonly string[]): Promise<ChainLink[]> {
  if (ids.length === 0) return [];
  const rows = await tx.any(sql.unsafe`
    SELECT id, deleted, merged_into FROM maintenance_sessions
    WHERE owner_id = ${userId} AND id = ANY(${sql.array([...ids], 'text')})`);
  return rows as unknown as ChainLink[];
}

export async function findSession(db: Queryable, userId: string, id: string): Promise<SessionRow | null> {
  return (await db.maybeOne(sql.unsafe`
    SELECT ${sessionColumns} FROM maintenance_sessions WHERE id = ${id} AND owner_id = ${userId}`)) as SessionRow | null;
}

/** A server-side write of a session's replicated state (the trigger gives it a new rev; writeId untouched). */
export async function writeSessionState(tx: Queryable, userId: string, s: StoredSession): Promise<void> {
  await tx.query(sql.unsafe`
    UPDATE maintenance_sessions
    SET started_at = ${s.startedAt}, ended_at = ${s.endedAt}, duration_minutes = ${s.durationMinutes},
        auto_stopped = ${s.autoStopped}, merged_into = ${s.mergedInto}, deleted = ${s.deleted}
    WHERE owner_id = ${userId} AND id = ${s.id}`);
}

/** Records a session's own interval, or forgets it (null) once the stored row shows it again. */
export async function saveOwn(tx: Queryable, userId: string, id: string, own: SessionState | null): Promise<void> {
  if (own === null) {
    await tx.query(sql.unsafe`DELETE FROM maintenance_session_own WHERE owner_id = ${userId} AND id = ${id}`);
    return;
  }
  await tx.query(sql.unsafe`
    INSERT INTO maintenance_session_own (owner_id, id, started_at, ended_at, auto_stopped)
    VALUES (${userId}, ${id}, ${own.startedAt}, ${own.endedAt}, ${own.autoStopped})
    ON CONFLICT (owner_id, id) DO UPDATE
      SET started_at = EXCLUDED.started_at, ended_at = EXCLUDED.ended_at, auto_stopped = EXCLUDED.auto_stopped`);
}

/**
 * The 4-hour rule in SQL: closes every running session open longer than 4 h at exactly
 * started_at + 4 h. Same condition as shared `shouldAutoStop` (a test runs both on one fixture).
 * Optionally scoped to one (user, activity), for pushes and REST starts.
 */
export async function autoStopOverdue(
  db: Queryable,
  now: number,
  scope?: { userId: string; serviceId: string },
): Promise<{ id: string; ownerId: string }[]> {
  const only = scope ? sql.fragment`AND owner_id = ${scope.userId} AND service_id = ${scope.serviceId}` : sql.fragment``;
  const rows = await db.any(sql.unsafe`
    UPDATE maintenance_sessions
    SET ended_at = started_at + ${MAX_SESSION_MS}, duration_minutes = ${AUTO_STOP_MINUTES}, auto_stopped = true
    WHERE ended_at IS NULL AND NOT deleted AND started_at < ${now - MAX_SESSION_MS} ${only}
    RETURNING id, owner_id`);
  return rows as unknown as { id: string; ownerId: string }[];
}

/** Who owns a service: undefined when unknown, null for a global one. */
export async function serviceOwner(db: Queryable, serviceId: string): Promise<string | null | undefined> {
  const row = (await db.maybeOne(sql.unsafe`SELECT owner_id FROM services WHERE id = ${serviceId}`)) as { ownerId: string | null } | null;
  return row ? row.ownerId : undefined;
}

/** Code and label of the activities a user sees (global ones and their own), except one document. */
export async function otherActivities(db: Queryable, userId: string, exceptId: string): Promise<{ code: string; label: string }[]> {
  const rows = await db.any(sql.unsafe`
    SELECT code, label FROM services WHERE (owner_id = ${userId} OR owner_id IS NULL) AND NOT deleted AND id <> ${exceptId}`);
  return rows as unknown as { code: string; label: string }[];
}

export async function visibleServices(db: Queryable, userId: string): Promise<ServiceRow[]> {
  const rows = await db.any(sql.unsafe`
    SELECT id, code, label, scope, created_at FROM services
    WHERE (owner_id = ${userId} OR owner_id IS NULL) AND NOT deleted`);
  return rows as unknown as ServiceRow[];
}

export async function findServiceByCode(db: Queryable, userId: string, code: string): Promise<ServiceRow | null> {
  return (await db.maybeOne(sql.unsafe`
    SELECT id, code, label, scope, created_at FROM services
    WHERE (owner_id = ${userId} OR owner_id IS NULL) AND NOT deleted AND code = ${code}
    ORDER BY owner_id NULLS FIRST LIMIT 1`)) as ServiceRow | null;
}

export async function findRunning(db: Queryable, userId: string, serviceId: string): Promise<SessionRow | null> {
  return (await db.maybeOne(sql.unsafe`
    SELECT ${sessionColumns} FROM maintenance_sessions
    WHERE owner_id = ${userId} AND service_id = ${serviceId} AND ended_at IS NULL AND NOT deleted`)) as SessionRow | null;
}

/** The user's live sessions that may count in periods starting at `since` (running ones included). */
export async function sessionsSince(db: Queryable, userId: string, since: number): Promise<SessionRow[]> {
  const rows = await db.any(sql.unsafe`
    SELECT ${sessionColumns} FROM maintenance_sessions
    WHERE owner_id = ${userId} AND NOT deleted AND (ended_at IS NULL OR ended_at > ${since})`);
  return rows as unknown as SessionRow[];
}

export async function runningSessions(db: Queryable, userId: string): Promise<SessionRow[]> {
  const rows = await db.any(sql.unsafe`
    SELECT ${sessionColumns} FROM maintenance_sessions WHERE owner_id = ${userId} AND ended_at IS NULL AND NOT deleted`);
  return rows as unknown as SessionRow[];
}

/** History of one activity, newest first, the running session included. */
export async function history(db: Queryable, userId: string, serviceId: string): Promise<SessionRow[]> {
  const rows = await db.any(sql.unsafe`
    SELECT ${sessionColumns} FROM maintenance_sessions
    WHERE owner_id = ${userId} AND service_id = ${serviceId} AND NOT deleted
    ORDER BY started_at DESC, id DESC`);
  return rows as unknown as SessionRow[];
}
