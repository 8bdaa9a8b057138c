/**
 * The double-start rule: per user and activity, non-deleted sessions never overlap. When a
 * written session overlaps others of the same activity (two devices started it while offline),
 * they merge into ONE survivor:
 * - survivor = the earliest-starting session of the overlapping group (tie: smallest id);
 * - its interval = the union: start = min start; end = max end, or running if any is running;
 * - then the 4-hour rule applies to the union (the only thing that may shorten it);
 * - every other member becomes a tombstone with `mergedInto = survivor id`.
 * A minute covered by any device is therefore counted once, and no minute is lost (up to the
 * 4-hour cap, as for a single device). The outcome does not depend on the order of arrival.
 */
import { MAX_SESSION_MS, autoStopAt, durationMinutes, effectiveState, type NormalizedSession } from './session.rules.ts';

export interface MergeMember {
  id: string;
  startedAt: number;
  endedAt: number | null;
  autoStopped: boolean;
}

export interface MergePlan {
  survivorId: string;
  /** The survivor's new interval. */
  survivor: NormalizedSession;
  /** Every other member of the group: to become tombstones with mergedInto = survivorId. */
  mergedIds: string[];
}

/** End of a member as the 4-hour rule sees it at `now`; a running member extends forever. */
function endOf(m: MergeMember, now: number): number {
  const e = effectiveState(m, now).endedAt;
  return e ?? Number.POSITIVE_INFINITY;
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

/** The union interval of a group, with the 4-hour rule applied at `now`. */
export function unionOf(members: readonly MergeMember[], now: number): NormalizedSession {
  if (members.length === 0) throw new Error('unionOf: empty group');
  const states = members.map((m) => effectiveState(m, now));
  const startedAt = Math.min(...states.map((s) => s.startedAt));
  const running = states.some((s) => s.endedAt === null);
  const lastEnd = running ? null : Math.max(...states.map((s) => s.endedAt as number));
  const endedByAuto = !running && states.some((s) => s.endedAt === lastEnd && s.autoStopped);
  const limit = autoStopAt(startedAt);
  const capped = lastEnd === null ? now - startedAt > MAX_SESSION_MS : lastEnd > limit;
  const endedAt = capped ? limit : lastEnd;
  return {
    startedAt,
    endedAt,
    autoStopped: capped || endedByAuto,
    durationMinutes: endedAt === null ? null : durationMinutes(startedAt, endedAt),
  };
}

/**
 * Groups `written` with every session of `others` it overlaps, transitively (the union may reach
 * further than the written session). Returns null when nothing overlaps: the write stands alone.
 */
export function planMerge(written: MergeMember, others: readonly MergeMember[], now: number): MergePlan | null {
  const group: MergeMember[] = [written];
  let rest = others.filter((o) => o.id !== written.id);
  for (;;) {
    // The group's span before the 4-hour cap (the overlap graph's connected component).
    const spanStart = Math.min(...group.map((m) => m.startedAt));
    const spanEnd = Math.max(...group.map((m) => endOf(m, now)));
    const joining = rest.filter((o) => o.startedAt < spanEnd && spanStart < endOf(o, now));
    if (joining.length === 0) break;
    group.push(...joining);
    rest = rest.filter((o) => !joining.includes(o));
  }
  if (group.length === 1) return null;
  const survivorId = [...group].sort(survivorOrder)[0]!.id;
  return {
    survivorId,
    survivor: unionOf(group, now),
    mergedIds: group.map((m) => m.id).filter((id) => id !== survivorId),
  };
}
