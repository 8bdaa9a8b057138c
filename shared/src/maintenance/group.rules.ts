/**
 * One session write applied to the stored sessions of one (user, activity), the server's push rule
 * (and the reference model of the merge tests). The groups are recomputed from scratch after every
 * write (planGroups), so the outcome depends only on the member sessions, never on the order in
 * which they arrived. See ./README.md ("Double start").
 */
import { planGroups } from './merge.rules.ts';
import { durationMinutes, effectiveState, type NormalizedSession, type SessionState } from './session.rules.ts';

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
 * still running (their devices may already know they were merged and will never stop them; one
 * that did not know still sends its own stop later, which extends the group again). A correction
 * to an earlier end lowers every member's end to it. Members starting at or after the new end are
 * left alone: they become sessions of their own again.
 */
function closeMembers(rows: Map<string, StoredSession>, find: (id: string) => ChainLink | undefined, before: StoredSession, written: SessionState, now: number): void {
  const t = written.endedAt;
  if (t === null) return;
  const stop = before.endedAt === null;
  const correction = before.endedAt !== null && t < before.endedAt;
  if (!stop && !correction) return;
  for (const r of rows.values()) {
    if (r.id === before.id || !r.deleted || r.own.startedAt >= t || liveEnd(r, find) !== before.id) continue;
    const own = effectiveState(r.own, now);
    const lower = own.endedAt === null || (correction && own.endedAt > t);
    if (!lower) continue;
    const closed = { startedAt: r.own.startedAt, endedAt: t, autoStopped: false };
    rows.set(r.id, { ...r, ...asStored(closed), own: closed });
  }
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
  } else {
    const own = ownOf(write.session);
    if (before) closeMembers(byId, find, before, own, now);
    byId.set(write.id, { ...(before ?? fresh(own)), own });
  }
  return regroup(byId, find, now);
}
