/**
 * The Entretien page's writes: local RxDB writes stamped in server time (the database's clock:
 * device clock + offset measured at each sync), pending until the server acknowledges them.
 * They work offline; the replication pushes them when the network is back. Each applies the
 * shared rules first, so the device shows what the server will store.
 */
import { randomId } from '@itercraft/shared/ids';
import { checkActivityLabel } from '@itercraft/shared/maintenance/activity-code';
import { newPrivateActivity, takenCodes } from '@itercraft/shared/maintenance/activity.rules';
import { autoStopAt, autoStopPatch, normalizeSession } from '@itercraft/shared/maintenance/session.rules';
import type { AppDatabase } from '../../db/collections.ts';
import { clockOf } from '../../db/database-clock.ts';
import { discardIssue } from '../../db/discard.ts';
import { issueKey } from '../../db/sync-issue.schema.ts';
import { patchDocument, removeDocument, writeDocument } from '../../db/write.ts';
import type { ServiceDoc, SessionDoc } from './entretien-model.ts';

export type ActionResult = { ok: true } | { ok: false; message: string };

export const actionMessages = {
  ALREADY_RUNNING: 'Une session est déjà en cours pour ce service',
  NO_USER: 'Connectez-vous pour créer une activité',
  END_BEFORE_START: 'La fin de la session précède son début',
  END_NOT_EARLIER: "La nouvelle fin doit être avant l'arrêt automatique",
} as const;

export function serverNowOf(db: AppDatabase): number {
  return clockOf(db).now();
}

/** Creates a private activity (offline too). The id derives from (user, code): devices converge. */
export async function createActivity(db: AppDatabase, userId: string | null, label: string, services: readonly ServiceDoc[]): Promise<ActionResult> {
  if (!userId) return { ok: false, message: actionMessages.NO_USER };
  const check = checkActivityLabel(label, takenCodes(services));
  if (!check.ok) return { ok: false, message: check.message };
  await writeDocument(db.services, newPrivateActivity(userId, check.label, serverNowOf(db)));
  return { ok: true };
}

export async function startSession(db: AppDatabase, serviceId: string, running: SessionDoc | null): Promise<ActionResult> {
  if (running) return { ok: false, message: actionMessages.ALREADY_RUNNING };
  await writeDocument(db.maintenanceSessions, {
    id: randomId(),
    serviceId,
    startedAt: serverNowOf(db),
    endedAt: null,
    durationMinutes: null,
    autoStopped: false,
    mergedInto: null,
  });
  return { ok: true };
}

export async function stopSession(db: AppDatabase, session: SessionDoc): Promise<ActionResult> {
  const now = serverNowOf(db);
  const r = normalizeSession({ startedAt: session.startedAt, endedAt: Math.max(now, session.startedAt), autoStopped: false }, now);
  if (!r.ok) return { ok: false, message: r.reason };
  const { endedAt, durationMinutes, autoStopped } = r.session;
  await patchDocument(db.maintenanceSessions, session.id, { endedAt, durationMinutes, autoStopped });
  return { ok: true };
}

/** The 4-hour rule applied on the device (same values as the server's job: no conflict). */
export async function autoStopLocally(db: AppDatabase, sessions: readonly SessionDoc[]): Promise<void> {
  for (const s of sessions) await patchDocument(db.maintenanceSessions, s.id, autoStopPatch(s.startedAt));
}

export async function deleteSession(db: AppDatabase, sessionId: string): Promise<void> {
  await removeDocument(db.maintenanceSessions, sessionId);
}

/** Moves the end of an auto-stopped session earlier; it stays marked "(auto)". */
export async function correctEnd(db: AppDatabase, session: SessionDoc, endedAt: number): Promise<ActionResult> {
  if (endedAt < session.startedAt) return { ok: false, message: actionMessages.END_BEFORE_START };
  if (endedAt > (session.endedAt ?? autoStopAt(session.startedAt))) return { ok: false, message: actionMessages.END_NOT_EARLIER };
  const r = normalizeSession({ startedAt: session.startedAt, endedAt, autoStopped: true }, serverNowOf(db), session);
  if (!r.ok) return { ok: false, message: r.reason };
  await patchDocument(db.maintenanceSessions, session.id, {
    endedAt: r.session.endedAt,
    durationMinutes: r.session.durationMinutes,
    autoStopped: r.session.autoStopped,
  });
  return { ok: true };
}

/**
 * A refused activity no longer on this device was recreated, fixed, from "Nouvelle activité":
 * its refusal leaves the sync panel. (Recreated under the same name, it has the same id and the
 * new save already superseded the refusal.)
 */
export async function closeFixedRefusal(db: AppDatabase, activityId: string): Promise<void> {
  const issue = await db.syncIssues.findOne(issueKey('services', activityId)).exec();
  if (issue?.status === 'open') await discardIssue(db, issue.key);
}
