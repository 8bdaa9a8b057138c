/**
 * A late stop: a stop written on an out-of-date copy of a session that the server has meanwhile
 * stopped (the 4-hour job, or another device). The earliest end wins: a stop is a real user
 * action stamped in server time, while the auto-stop is only a cap, so the 4-hour job must not
 * count the 2 h 06 between a stop made offline at 1 h 54 and the cap. A later (or equal) end never
 * overwrites the stored stop. The server's push rules and the merge tests' model both decide
 * through this function; group.rules.ts applies an accepted one (`late: true`). See ./README.md.
 */
import { normalizeSession, type NormalizedSession, type SessionState, type sessionErrorCodes } from './session.rules.ts';

export type LateStopDecision =
  /** Write it (normalised): its end is earlier than the stored one. */
  | { kind: 'accept'; session: NormalizedSession }
  /** The stored (earlier or equal) end stands; the device gets the stored session. */
  | { kind: 'conflict' }
  /** The write itself is invalid (end before start), as it would be on time. */
  | { kind: 'reject'; code: keyof typeof sessionErrorCodes; reason: string };

interface Versioned extends SessionState {
  deleted: boolean;
}

/**
 * True when a stale write is a stop (or an end correction) of a live session the server holds as
 * stopped: same start, an end on both sides. Anything else keeps the other stale-write rules.
 */
export function isLateStop(stored: Versioned, incoming: Versioned): boolean {
  return !stored.deleted && !incoming.deleted && stored.endedAt !== null && incoming.endedAt !== null && incoming.startedAt === stored.startedAt;
}

/**
 * Normalises the late stop at the server's `now` as any write (clamps, 4-hour cap, end before
 * start refused), then keeps it only if it ends strictly before the stored end. `stored` is the
 * session as the device would pull it (for a merged session, the group's end).
 */
export function decideLateStop(stored: SessionState, incoming: SessionState, now: number): LateStopDecision {
  const r = normalizeSession(incoming, now, stored);
  if (!r.ok) return { kind: 'reject', code: r.code, reason: r.reason };
  const end = r.session.endedAt;
  if (stored.endedAt === null || end === null || end >= stored.endedAt) return { kind: 'conflict' };
  return { kind: 'accept', session: r.session };
}
