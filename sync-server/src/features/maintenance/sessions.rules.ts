/**
 * Push rules of `maintenanceSessions` (see shared/src/maintenance/README.md for the rules):
 * normalisation (clamps, 4-hour cap, duration), then the double-start groups of the written
 * session's (user, activity) recomputed from every member's own interval (shared applySessionWrite),
 * and which stale writes win over the server's state (a late stop that ends earlier wins).
 * `sequential`: each row runs in its own savepoint and sees the previous rows' effects.
 */
import { normalizeSession, MAX_SESSION_MS, type NormalizedSession, type SessionState } from '@itercraft/shared/maintenance/session.rules';
import { applySessionWrite, type ChainLink, type StoredSession } from '@itercraft/shared/maintenance/group.rules';
import { decideLateStop, isLateStop } from '@itercraft/shared/maintenance/late-stop.rules';
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

/** Longest mergedInto chain followed when looking up chain targets outside the loaded rows. */
const MAX_CHAIN = 32;

/**
 * Stale stops that resolveConflict accepted (earlier than the stored end): the push engine hands
 * the same object to prepare, which must apply it as a late stop rather than as a correction.
 */
const lateStops = new WeakSet<WireDoc>();

function normalized(doc: SessionState, now: number, previous: SessionState | null): NormalizedSession {
  const r = normalizeSession(doc, now, previous);
  if (!r.ok) throw new RejectError(r.code, r.reason);
  return r.session;
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

/** Chain targets the window did not load (a survivor the user deleted), followed to their end. */
async function outsideLinks(ctx: PushContext, rows: readonly StoredSession[]): Promise<Map<string, ChainLink>> {
  const known = new Map<string, ChainLink>(rows.map((r) => [r.id, r]));
  const found = new Map<string, ChainLink>();
  let wanted = rows.map((r) => r.mergedInto).filter((id): id is string => id !== null && !known.has(id));
  for (let hops = 0; wanted.length > 0 && hops < MAX_CHAIN; hops++) {
    const links = await repo.chainLinks(ctx.tx, ctx.userId, wanted);
    for (const l of links) found.set(l.id, l);
    wanted = links.map((l) => l.mergedInto).filter((id): id is string => id !== null && !known.has(id) && !found.has(id));
  }
  return found;
}

const sameState = (a: StoredSession, b: StoredSession) =>
  a.startedAt === b.startedAt &&
  a.endedAt === b.endedAt &&
  a.autoStopped === b.autoStopped &&
  a.durationMinutes === b.durationMinutes &&
  a.deleted === b.deleted &&
  a.mergedInto === b.mergedInto;
const sameOwn = (a: SessionState, b: SessionState) => a.startedAt === b.startedAt && a.endedAt === b.endedAt && a.autoStopped === b.autoStopped;
const runningLive = (s: StoredSession) => !s.deleted && s.endedAt === null;

/**
 * Writes the rows the recomputation changed, other than the pushed one (the push engine writes
 * that). Rows that stop running go first and those that start running last, so the
 * one-running-session index never sees two; if the pushed row itself stops running while another
 * starts, it is written here first too. Own intervals are kept aside only where they differ.
 */
async function persist(ctx: PushContext, loaded: readonly repo.GroupRow[], next: readonly StoredSession[], pushed: StoredSession): Promise<void> {
  const before = new Map(loaded.map((r) => [r.id, r]));
  const changed = next.filter((r) => r.id !== pushed.id && (!before.has(r.id) || !sameState(before.get(r.id)!, r)));
  const starting = changed.filter(runningLive);
  const stored = before.get(pushed.id);
  if (stored && runningLive(stored) && !runningLive(pushed) && starting.length > 0) await repo.writeSessionState(ctx.tx, ctx.userId, pushed);
  for (const r of [...changed.filter((r) => !runningLive(r)), ...starting]) await repo.writeSessionState(ctx.tx, ctx.userId, r);
  for (const r of next) {
    const keep = !r.deleted && !sameOwn(r.own, r) ? r.own : null;
    const had = before.get(r.id);
    if (keep === null ? had?.hasOwn : !had?.hasOwn || !sameOwn(had.own, keep)) await repo.saveOwn(ctx.tx, ctx.userId, r.id, keep);
  }
}

/** Applies the write to every session connected to it and returns the pushed row's final state. */
async function regroup(ctx: PushContext, doc: SessionWire, serviceId: string, session: SessionState, late = false): Promise<WireDoc> {
  const current = ctx.current as SessionWire | null;
  await repo.lockActivity(ctx.tx, ctx.userId, serviceId);
  // A session of this activity left running past 4 h is closed first (the job may not have run).
  await repo.autoStopOverdue(ctx.tx, ctx.now, { userId: ctx.userId, serviceId });
  const reach = (s: SessionState) => s.endedAt ?? s.startedAt + MAX_SESSION_MS;
  const spans = current ? [session, current] : [session];
  const loaded = await repo.loadGroupRows(ctx.tx, ctx.userId, serviceId, Math.min(...spans.map((s) => s.startedAt)), Math.max(...spans.map(reach)));
  const outside = await outsideLinks(ctx, loaded);
  const next = applySessionWrite(loaded, { id: doc.id, deleted: doc.deleted, session, late }, ctx.now, (id) => outside.get(id));
  const pushed = next.find((r) => r.id === doc.id)!;
  await persist(ctx, loaded, next, pushed);
  const { startedAt, endedAt, autoStopped, durationMinutes, deleted, mergedInto } = pushed;
  return { ...doc, serviceId, startedAt, endedAt, autoStopped, durationMinutes, deleted, mergedInto };
}

async function prepareSession(raw: WireDoc, ctx: PushContext): Promise<WireDoc> {
  const doc = raw as SessionWire;
  const current = ctx.current as SessionWire | null;
  const merged = current?.deleted === true && current.mergedInto !== null;
  if (current?.deleted && !merged) {
    // The user deleted it: a deletion again is a no-op, anything else is refused.
    if (doc.deleted) return { ...current, writeId: doc.writeId };
    throw new RejectError('SESSION_DELETED', sessionRejections.SESSION_DELETED);
  }
  if (merged) {
    // A late write from a device that did not know its session was merged: it updates the
    // session's own interval (a merge never crosses activities, so the stored activity stands).
    const session = doc.deleted ? current : normalized(doc, ctx.now, current);
    return regroup(ctx, { ...doc }, current.serviceId, session);
  }
  if (doc.deleted && !current) {
    // A session never seen before, deleted: stored as the user's deletion, it counts nowhere.
    return { ...doc, ...normalized(doc, ctx.now, null), mergedInto: null };
  }
  if (doc.deleted) return regroup(ctx, doc, current!.serviceId, current!);
  await checkActivity(ctx, doc);
  const session = normalized(doc, ctx.now, current);
  if (current && current.endedAt !== null && session.endedAt === null) {
    throw new RejectError('ALREADY_STOPPED', sessionRejections.ALREADY_STOPPED);
  }
  return regroup(ctx, doc, doc.serviceId, session, lateStops.has(raw));
}

/**
 * Stale writes (the client's assumed revision is not the stored one):
 * - a write of a session merged away updates its own interval (never a conflict);
 * - a deletion wins over any server-side change (the user wanted the session gone);
 * - a stop of a session the server already stopped (auto-stop or another device): the earliest
 *   end wins. Normalised as any write (an end before the start is refused), it is accepted if it
 *   ends before the stored end, and applied as a late stop; otherwise the stored stop stands and
 *   the client gets the master (conflict);
 * - anything else (typically reopening a stopped session) is a conflict.
 */
function resolveSessionConflict(incoming: WireDoc, ctx: PushContext & { current: WireDoc }): WireDoc | null {
  const current = ctx.current as SessionWire;
  const doc = incoming as SessionWire;
  if (current.deleted && current.mergedInto) return incoming;
  if (incoming.deleted && !current.deleted) return incoming;
  if (doc.serviceId !== current.serviceId || !isLateStop(current, doc)) return null;
  const decision = decideLateStop(current, doc, ctx.now);
  if (decision.kind === 'reject') throw new RejectError(decision.code, decision.reason);
  if (decision.kind === 'conflict') return null;
  lateStops.add(incoming);
  return incoming;
}

export const sessionRules: CollectionRules = {
  sequential: true,
  prepare: prepareSession,
  resolveConflict: resolveSessionConflict,
};
