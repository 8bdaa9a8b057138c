/**
 * SQL of the maintenance feature (sessions and activities). Rows come back camelCased (db.ts);
 * every write goes through the tables' trigger, which stamps rev/txid and notifies after commit.
 */
import { MAX_SESSION_MS, durationMinutes, type NormalizedSession } from '@itercraft/shared/maintenance/session.rules';
import type { MergeMember } from '@itercraft/shared/maintenance/merge.rules';
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

/** Live sessions of (user, activity) that may overlap [start, end) (running ones included). */
export async function overlapCandidates(
  tx: Queryable,
  userId: string,
  serviceId: string,
  excludeIds: readonly string[],
  startedAt: number,
  endedAt: number | null,
): Promise<MergeMember[]> {
  const before = endedAt === null ? sql.fragment`TRUE` : sql.fragment`started_at < ${endedAt}`;
  const rows = await tx.any(sql.unsafe`
    SELECT id, started_at, ended_at, auto_stopped FROM maintenance_sessions
    WHERE owner_id = ${userId} AND service_id = ${serviceId} AND NOT deleted
      AND NOT (id = ANY(${sql.array([...excludeIds], 'text')}))
      AND ${before} AND (ended_at IS NULL OR ended_at > ${startedAt})
    ORDER BY started_at, id
    FOR UPDATE`);
  return rows as unknown as MergeMember[];
}

export async function findSession(db: Queryable, userId: string, id: string): Promise<SessionRow | null> {
  return (await db.maybeOne(sql.unsafe`
    SELECT ${sessionColumns} FROM maintenance_sessions WHERE id = ${id} AND owner_id = ${userId}`)) as SessionRow | null;
}

/** Tombstones sessions absorbed by a merge, pointing them at the survivor. */
export async function markMerged(tx: Queryable, userId: string, ids: readonly string[], survivorId: string): Promise<void> {
  if (ids.length === 0) return;
  await tx.query(sql.unsafe`
    UPDATE maintenance_sessions SET deleted = true, merged_into = ${survivorId}
    WHERE owner_id = ${userId} AND id = ANY(${sql.array([...ids], 'text')})`);
}

/** Writes a survivor's merged interval (a server-side write: the client's writeId is not touched). */
export async function updateInterval(tx: Queryable, userId: string, id: string, s: NormalizedSession): Promise<void> {
  await tx.query(sql.unsafe`
    UPDATE maintenance_sessions
    SET started_at = ${s.startedAt}, ended_at = ${s.endedAt}, duration_minutes = ${s.durationMinutes},
        auto_stopped = ${s.autoStopped}, merged_into = NULL, deleted = false
    WHERE owner_id = ${userId} AND id = ${id}`);
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
