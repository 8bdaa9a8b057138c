/**
 * Push rules of `maintenanceSessions` (see shared/src/maintenance/README.md for the rules):
 * normalisation (clamps, 4-hour cap, duration), the double-start merge, folding a late write
 * of a merged session into its survivor, and which stale writes win over the server's state.
 * `sequential`: each row runs in its own savepoint and sees the previous rows' merges.
 */
import { normalizeSession, type NormalizedSession } from '@itercraft/shared/maintenance/session.rules';
import { planMerge, unionOf, type MergeMember } from '@itercraft/shared/maintenance/merge.rules';
import { errorCodes } from '@itercraft/shared/errors';
import { RejectError, type CollectionRules, type PushContext, type WireDoc } from '../sync/rules.ts';
import * as repo from './maintenance.repo.ts';
import type { MaintenanceSession } from '@itercraft/shared/collections/maintenance-sessions.schema';

export const sessionRejections = {
  SESSION_DELETED: 'Cette session a été supprimée',
  ALREADY_STOPPED: 'Cette session est déjà terminée',
  ACTIVITY_CHANGED: "L'activité d'une session ne peut pas changer",
  UNKNOWN_ACTIVITY: 'Activité inconnue',
} as const;

type SessionWire = WireDoc & MaintenanceSession;

/** Longest mergedInto chain followed (a survivor merged again later); guards against a cycle. */
const MAX_CHAIN = 32;

function normalized(doc: SessionWire, now: number, previous: SessionWire | null): NormalizedSession {
  const r = normalizeSession(doc, now, previous && !previous.deleted ? previous : null);
  if (!r.ok) throw new RejectError(r.code, r.reason);
  return r.session;
}

/**
 * Merges `written` with the live sessions it overlaps. Writes the other rows (tombstones first,
 * so the one-running-session index never sees two running rows) and returns the final state of
 * `written`'s own row, which the push engine (or the caller) writes.
 */
async function mergeInto(ctx: PushContext, serviceId: string, written: MergeMember): Promise<{ own: NormalizedSession; mergedInto: string | null }> {
  const { tx, userId, now } = ctx;
  const others = await repo.overlapCandidates(tx, userId, serviceId, [written.id], written.startedAt, written.endedAt);
  const plan = planMerge(written, others, now);
  if (!plan) return { own: unionOf([written], now), mergedInto: null };
  const othersMerged = plan.mergedIds.filter((id) => id !== written.id);
  if (plan.survivorId === written.id) {
    await repo.markMerged(tx, userId, othersMerged, written.id);
    return { own: plan.survivor, mergedInto: null };
  }
  // `written` is absorbed: tombstone it (if stored) and the others before the survivor grows.
  await repo.markMerged(tx, userId, [...othersMerged, written.id], plan.survivorId);
  await repo.updateInterval(tx, userId, plan.survivorId, plan.survivor);
  return { own: unionOf([written], now), mergedInto: plan.survivorId };
}

/** The live session a merged tombstone's time now belongs to (null if the user deleted it). */
async function liveSurvivor(ctx: PushContext, firstId: string): Promise<repo.SessionRow | null> {
  let id: string | null = firstId;
  for (let hops = 0; id && hops < MAX_CHAIN; hops++) {
    const row: repo.SessionRow | null = await repo.findSession(ctx.tx, ctx.userId, id);
    if (!row) return null;
    if (!row.deleted) return row;
    id = row.mergedInto;
  }
  return null;
}

/**
 * A later write of a session that was merged away (typically its stop, from the device that
 * started it): its interval joins the survivor by the same union rule; the tombstone stays.
 * If the user has since deleted the survivor, the write has nothing left to extend.
 */
async function foldIntoSurvivor(doc: SessionWire, ctx: PushContext & { current: SessionWire }): Promise<WireDoc> {
  const tombstone = { ...ctx.current, writeId: doc.writeId };
  if (doc.deleted) return tombstone;
  const incoming = normalized(doc, ctx.now, null);
  // A merge never crosses activities, so the tombstone's activity is the survivor's.
  await repo.lockActivity(ctx.tx, ctx.userId, ctx.current.serviceId);
  await repo.autoStopOverdue(ctx.tx, ctx.now, { userId: ctx.userId, serviceId: ctx.current.serviceId });
  const survivor = await liveSurvivor(ctx, ctx.current.mergedInto as string);
  if (!survivor) return tombstone;
  const grown = unionOf([survivor, { id: doc.id, ...incoming }], ctx.now);
  const result = await mergeInto(ctx, survivor.serviceId, { id: survivor.id, ...grown });
  if (result.mergedInto === null) await repo.updateInterval(ctx.tx, ctx.userId, survivor.id, result.own);
  return tombstone;
}

async function checkActivity(ctx: PushContext, doc: SessionWire): Promise<void> {
  const current = ctx.current as SessionWire | null;
  if (current && current.serviceId !== doc.serviceId) throw new RejectError(errorCodes.VALIDATION, sessionRejections.ACTIVITY_CHANGED);
  // An unknown id is accepted: the activity may have been created offline and not pushed yet.
  const owner = await repo.serviceOwner(ctx.tx, doc.serviceId);
  if (owner !== undefined && owner !== null && owner !== ctx.userId) {
    throw new RejectError(errorCodes.FORBIDDEN, sessionRejections.UNKNOWN_ACTIVITY);
  }
}

async function prepareSession(raw: WireDoc, ctx: PushContext): Promise<WireDoc> {
  const doc = raw as SessionWire;
  const current = ctx.current as SessionWire | null;
  if (current?.deleted && current.mergedInto) return foldIntoSurvivor(doc, { ...ctx, current });
  if (doc.deleted) {
    // A deletion keeps the stored interval; a session never seen before is stored as a tombstone.
    if (current) return { ...current, deleted: true, writeId: doc.writeId };
    return { ...doc, ...normalized(doc, ctx.now, null), mergedInto: null };
  }
  if (current?.deleted) throw new RejectError('SESSION_DELETED', sessionRejections.SESSION_DELETED);
  await checkActivity(ctx, doc);
  const session = normalized(doc, ctx.now, current);
  if (current && current.endedAt !== null && session.endedAt === null) {
    throw new RejectError('ALREADY_STOPPED', sessionRejections.ALREADY_STOPPED);
  }
  await repo.lockActivity(ctx.tx, ctx.userId, doc.serviceId);
  // A session of this activity left running past 4 h is closed first (the job may not have run).
  await repo.autoStopOverdue(ctx.tx, ctx.now, { userId: ctx.userId, serviceId: doc.serviceId });
  const result = await mergeInto(ctx, doc.serviceId, { id: doc.id, ...session });
  const own = result.mergedInto ? session : result.own;
  return { ...doc, ...own, mergedInto: result.mergedInto, deleted: result.mergedInto !== null };
}

/**
 * Stale writes (the client's assumed revision is not the stored one):
 * - a write of a session merged away is folded into its survivor (never a conflict);
 * - a deletion wins over any server-side change (the user wanted the session gone);
 * - anything else, typically a second stop of a session the server already stopped (auto-stop
 *   or another device), is a conflict: the client gets the master, the earlier stop stands.
 */
function resolveSessionConflict(incoming: WireDoc, ctx: PushContext & { current: WireDoc }): WireDoc | null {
  const current = ctx.current as SessionWire;
  if (current.deleted && current.mergedInto) return incoming;
  if (incoming.deleted && !current.deleted) return incoming;
  return null;
}

export const sessionRules: CollectionRules = {
  sequential: true,
  prepare: prepareSession,
  resolveConflict: resolveSessionConflict,
};
