/**
 * The double-start rule as a pure function of the member sessions of one (user, activity), each
 * with its own interval. It mirrors one device: the activity runs while any device runs it, the
 * 4-hour rule stops it, and a start after that stop is a new session. Sorted by (startedAt, id),
 * a group starts with its first member; its effective end is min(max end of its members,
 * group start + 4 h) (a running member ends at +∞ until the cap); the next member joins iff it
 * starts before that end, otherwise it starts the next group. Each group → one survivor (its first
 * member) with the group's interval; every other member is merged into it. See ./README.md.
 */
import { MAX_SESSION_MS, autoStopAt, durationMinutes, effectiveState, type NormalizedSession } from './session.rules.ts';

export interface MergeMember {
  id: string;
  startedAt: number;
  endedAt: number | null;
  autoStopped: boolean;
}

export interface MergeGroup {
  survivorId: string;
  /** The survivor's interval: the group's. */
  session: NormalizedSession;
  /** Every other member of the group, to be tombstones with mergedInto = survivorId. */
  mergedIds: string[];
}

/** End of a member as the 4-hour rule sees it at `now`; a running member extends forever. */
function endOf(m: MergeMember, now: number): number {
  return effectiveState(m, now).endedAt ?? Number.POSITIVE_INFINITY;
}

/** Half-open intervals [start, end) intersect (sessions that only touch do not merge). */
export function overlaps(a: MergeMember, b: MergeMember, now: number): boolean {
  return a.startedAt < endOf(b, now) && b.startedAt < endOf(a, now);
}

/** Earliest start first, then smallest id (plain string order, the same in every runtime). */
export function survivorOrder(a: MergeMember, b: MergeMember): number {
  if (a.startedAt !== b.startedAt) return a.startedAt - b.startedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

interface OpenGroup {
  start: number;
  ids: string[];
  maxEnd: number;
  /** A member whose (effective) end is maxEnd was auto-stopped. */
  autoAtMax: boolean;
}

const effectiveEnd = (g: OpenGroup) => Math.min(g.maxEnd, autoStopAt(g.start));

function closeGroup(g: OpenGroup, now: number): MergeGroup {
  const [survivorId, ...mergedIds] = g.ids as [string, ...string[]];
  const running = g.maxEnd === Number.POSITIVE_INFINITY && now - g.start <= MAX_SESSION_MS;
  if (running) return { survivorId, mergedIds, session: { startedAt: g.start, endedAt: null, autoStopped: false, durationMinutes: null } };
  const capped = g.maxEnd > autoStopAt(g.start);
  const endedAt = effectiveEnd(g);
  return {
    survivorId,
    mergedIds,
    session: { startedAt: g.start, endedAt, autoStopped: capped || g.autoAtMax, durationMinutes: durationMinutes(g.start, endedAt) },
  };
}

/** The groups of a set of member sessions at `now` (the canonical outcome; order of input irrelevant). */
export function planGroups(members: readonly MergeMember[], now: number): MergeGroup[] {
  const groups: OpenGroup[] = [];
  for (const m of [...members].sort(survivorOrder)) {
    const state = effectiveState(m, now);
    const end = state.endedAt ?? Number.POSITIVE_INFINITY;
    const auto = state.endedAt !== null && state.autoStopped;
    const g = groups.at(-1);
    if (g && m.startedAt < effectiveEnd(g)) {
      g.ids.push(m.id);
      if (end > g.maxEnd) {
        g.maxEnd = end;
        g.autoAtMax = auto;
      } else if (end === g.maxEnd) g.autoAtMax ||= auto;
    } else {
      groups.push({ start: m.startedAt, ids: [m.id], maxEnd: end, autoAtMax: auto });
    }
  }
  return groups.map((g) => closeGroup(g, now));
}
