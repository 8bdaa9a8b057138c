/**
 * One session write applied to the stored sessions of one (user, activity), the server's push rule
 * (and the reference model of the merge tests). The groups are recomputed from scratch after every
 * write (planGroups), so the outcome depends only on the member sessions, never on the order in
 * which they arrived. See ./README.md ("Double start").
 */
import { planGroups } from './merge.rules.ts';
import { autoStopAt, durationMinutes, effectiveState, type NormalizedSession, type SessionState } from './session.rules.ts';

/** A stored session, as clients see it (`startedAt` … `mergedInto`), plus its own interval. */
export interface StoredSession extends NormalizedSession {
  id: string;
  deleted: boolean;
  mergedInto: string | null;
  /**
   * What the session's device recorded. Equal to the stored interval except for a survivor,
   * which stores its group's interval (the server keeps the own one aside).
   */
  own: SessionState;
}

export interface SessionWrite {
  id: string;
  deleted: boolean;
  /** The written interval, already normalised (normalizeSession). */
  session: SessionState;
  /**
   * A late stop (late-stop.rules.ts: a stale stop accepted because it ends earlier than the stored
   * end): it is applied as if it had arrived in time (lateStop), not as a correction.
   */
  late?: boolean;
}

/** Identity and tombstone fields of a row, enough to follow mergedInto chains. */
export type ChainLink = Pick<StoredSession, 'id' | 'deleted' | 'mergedInto'>;

/** Longest mergedInto chain followed (older data may hold chains); guards against a cycle. */
const MAX_CHAIN = 32;

/**
 * The live session a row's time belongs to: itself if live, else the end of its mergedInto chain;
 * null for a session the user deleted, or merged into one the user deleted (deletions stay).
 */
export function liveEnd(row: ChainLink, find: (id: string) => ChainLink | undefined): string | null {
  let cur: ChainLink | undefined = row;
  for (let hops = 0; cur && hops <= MAX_CHAIN; hops++) {
    if (!cur.deleted) return cur.id;
    if (cur.mergedInto === null) return null;
    cur = find(cur.mergedInto);
  }
  return null;
}

/** A stored row showing exactly its own interval (a standalone session or a tombstone). */
export function asStored(own: SessionState): NormalizedSession {
  const { startedAt, endedAt, autoStopped } = own;
  return { startedAt, endedAt, autoStopped, durationMinutes: endedAt === null ? null : durationMinutes(startedAt, endedAt) };
}

const ownOf = (s: SessionState): SessionState => ({ startedAt: s.startedAt, endedAt: s.endedAt, autoStopped: s.autoStopped });

/**
 * A write on a live survivor describes the merged session its user saw. A stop closes the members
 * still running when it was made (their devices may already know they were merged and will never
 * stop them; one that did not know still sends its own stop later, which extends the group
 * again). An auto-stop closes none, as the job closes none: the 4-hour cap already bounds the
 * group. A correction to an earlier end lowers every member's end to it. Members starting at or
 * after the new end are left alone: they become sessions of their own again.
 */
function closeMembers(rows: Map<string, StoredSession>, find: (id: string) => ChainLink | undefined, before: StoredSession, written: SessionState, now: number): void {
  const t = written.endedAt;
  if (t === null) return;
  const stop = before.endedAt === null && !(written.autoStopped && t === autoStopAt(written.startedAt));
  const correction = before.endedAt !== null && t < before.endedAt;
  if (!stop && !correction) return;
  for (const r of rows.values()) {
    if (r.id === before.id || !r.deleted || r.own.startedAt >= t || liveEnd(r, find) !== before.id) continue;
    const own = effectiveState(r.own, stop ? t : now);
    const lower = own.endedAt === null || (correction && own.endedAt > t);
    if (!lower) continue;
    const closed = { startedAt: r.own.startedAt, endedAt: t, autoStopped: false };
    rows.set(r.id, { ...r, ...asStored(closed), own: closed });
  }
}

/**
 * A stop that arrives after the server stopped the session, applied as if it had arrived in time
 * (whatever the arrival order, the same members end up closed): the session's own end becomes the
 * earlier of its own end and the stop (earliest end wins); the members merged into it that were
 * running when the stop was made are closed at it: those still running (and not past their own
 * 4 h at that time), and those the session's previous stop closed (recognised by their end, that
 * stop's, not auto-stopped). Among the latter, one starting at or after the new stop runs again,
 * as its device left it, which is what the stop would have left it. A member whose own device
 * stopped it keeps its own end.
 */
function lateStop(rows: Map<string, StoredSession>, find: (id: string) => ChainLink | undefined, before: StoredSession, written: SessionState): SessionState {
  const t = written.endedAt;
  if (t === null) return before.own;
  const previous = before.own.endedAt;
  for (const r of rows.values()) {
    if (r.id === before.id || !r.deleted || liveEnd(r, find) !== before.id) continue;
    const closedByPrevious = previous !== null && previous > t && r.own.endedAt === previous && !r.own.autoStopped;
    const own = effectiveState(r.own, t);
    let next: SessionState | null = null;
    if (r.own.startedAt >= t) next = closedByPrevious ? { startedAt: r.own.startedAt, endedAt: null, autoStopped: false } : null;
    else if (own.endedAt === null || closedByPrevious) next = { startedAt: r.own.startedAt, endedAt: t, autoStopped: false };
    if (next) rows.set(r.id, { ...r, ...asStored(next), own: next });
  }
  return previous !== null && previous <= t ? before.own : written;
}

/** Recomputes every group of the member rows; tombstones keep their own interval as stored. */
function regroup(rows: Map<string, StoredSession>, find: (id: string) => ChainLink | undefined, now: number): StoredSession[] {
  const members = [...rows.values()].filter((r) => liveEnd(r, find) !== null);
  const out = new Map(rows);
  for (const g of planGroups(members.map((r) => ({ id: r.id, ...r.own })), now)) {
    const survivor = out.get(g.survivorId)!;
    out.set(g.survivorId, { ...survivor, ...g.session, deleted: false, mergedInto: null });
    for (const id of g.mergedIds) {
      const m = out.get(id)!;
      out.set(id, { ...m, ...asStored(m.own), deleted: true, mergedInto: g.survivorId });
    }
  }
  return [...out.values()];
}

/**
 * Applies `write` to `rows` (every stored session of the (user, activity) whose interval is
 * connected to the written one, tombstones included) and returns the new state of each, the written
 * row included. `outside` finds chain targets that are not in `rows` (a deleted survivor).
 * - a deletion is a user deletion: the row and every tombstone merged into it stop counting;
 * - a write on a session the user deleted changes nothing;
 * - a late write of a merged session (its device did not know) updates its own interval, which
 *   never reopens: its time joins the groups again at the recomputation;
 * - a late stop (`write.late`) lowers the row's own end to it if earlier (see lateStop);
 * - any other write sets the row's own interval (see closeMembers for a survivor).
 */
export function applySessionWrite(
  rows: readonly StoredSession[],
  write: SessionWrite,
  now: number,
  outside: (id: string) => ChainLink | undefined = () => undefined,
): StoredSession[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const find = (id: string) => byId.get(id) ?? outside(id);
  const before = byId.get(write.id);
  const fresh = (own: SessionState): StoredSession => ({ id: write.id, ...asStored(own), deleted: false, mergedInto: null, own });
  if (write.deleted) {
    byId.set(write.id, { ...(before ?? fresh(ownOf(write.session))), deleted: true, mergedInto: null });
  } else if (before?.deleted && before.mergedInto === null) {
    return [...rows];
  } else if (before?.deleted) {
    const reopens = write.session.endedAt === null && before.own.endedAt !== null;
    const own = reopens ? before.own : ownOf(write.session);
    byId.set(write.id, { ...before, ...asStored(own), own });
  } else if (write.late && before) {
    byId.set(write.id, { ...before, own: lateStop(byId, find, before, ownOf(write.session)) });
  } else {
    const own = ownOf(write.session);
    if (before) closeMembers(byId, find, before, own, now);
    byId.set(write.id, { ...(before ?? fresh(own)), own });
  }
  return regroup(byId, find, now);
}
