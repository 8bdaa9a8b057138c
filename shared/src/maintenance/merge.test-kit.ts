/**
 * The merge tests' in-memory model of the server (shared rules only) and their helpers: times in
 * minutes from T0, permutations, a seeded random generator.
 */
import { autoStopPatch, effectiveState, normalizeSession, shouldAutoStop, type SessionState } from './session.rules.ts';
import type { MergeMember } from './merge.rules.ts';
import { applySessionWrite, type StoredSession } from './group.rules.ts';
import { decideLateStop, isLateStop } from './late-stop.rules.ts';

export const T0 = Date.UTC(2026, 4, 12, 8, 0, 0);
export const MIN = 60_000;
export const at = (m: number) => T0 + m * MIN;
export const s = (id: string, start: number, end: number | null, autoStopped = false): MergeMember => ({
  id,
  startedAt: at(start),
  endedAt: end === null ? null : at(end),
  autoStopped,
});

/**
 * An in-memory "server": every write goes through the shared rule the push rules use
 * (normalizeSession, then applySessionWrite on the stored rows), at the server time of its arrival.
 */
export class Store {
  rows = new Map<string, StoredSession>();
  /** Tombstones made live again by a later write. */
  revived = 0;

  write(id: string, times: { startedAt: number; endedAt: number | null; autoStopped?: boolean }, now: number, deleted = false, late = false): void {
    const before = this.rows.get(id);
    const previous = before && (!before.deleted || before.mergedInto !== null) ? before : null;
    const r = normalizeSession({ ...times, autoStopped: times.autoStopped ?? false }, now, previous);
    if (!r.ok) throw new Error(r.reason);
    const next = applySessionWrite([...this.rows.values()], { id, deleted, session: r.session, late }, now);
    for (const x of next) {
      const old = this.rows.get(x.id);
      if (!x.deleted && old?.deleted && x.id !== id) this.revived++;
      const { own: _o, ...shown } = x;
      const oldShown = old ? (({ own: _p, ...rest }) => rest)(old) : null;
      if (x.id === id || JSON.stringify(shown) !== JSON.stringify(oldShown)) this.revs.set(x.id, (this.revs.get(x.id) ?? 0) + 1);
    }
    this.rows = new Map(next.map((x) => [x.id, x]));
  }

  revs = new Map<string, number>();

  /**
   * A device's write based on what it last knew of its session, resolved as the server and the
   * PWA do. A stale write of a merged session is accepted. A stale stop of a session the server
   * holds as stopped is a late stop (decideLateStop): written if it ends earlier, else a conflict
   * whose master already ends no later (the earliest end stands). Any other stale write of a live
   * session is a conflict: the PWA keeps the server's end if the server changed it (the device's
   * write is dropped), else it writes again on the server's version. Returns what the device
   * knows afterwards and what happened to its write.
   */
  deviceWrite(id: string, times: SessionState, now: number, known: Known | undefined): { known: Known; outcome: 'accepted' | 'late' | 'superseded' | 'dropped' } {
    const row = this.rows.get(id);
    const stale = row !== undefined && known !== undefined && this.revs.get(id) !== known.rev && !(row.deleted && row.mergedInto !== null);
    const master = () => ({ rev: this.revs.get(id)!, endedAt: this.get(id).endedAt });
    if (stale && isLateStop(row, { ...times, deleted: false })) {
      const decision = decideLateStop(row, times, now);
      if (decision.kind === 'reject') throw new Error(decision.reason);
      if (decision.kind === 'conflict') return { known: master(), outcome: 'superseded' };
      this.write(id, times, now, false, true);
      return { known: master(), outcome: 'late' };
    }
    if (stale && row.endedAt !== known.endedAt) return { known: master(), outcome: 'dropped' };
    this.write(id, times, now);
    return { known: master(), outcome: 'accepted' };
  }

  /** Live sessions as clients see them at `now` (a running one past 4 h is auto-stopped). */
  live(now: number): { id: string; startedAt: number; endedAt: number | null; autoStopped: boolean }[] {
    return [...this.rows.values()]
      .filter((r) => !r.deleted)
      .map((r) => effectiveState({ id: r.id, startedAt: r.startedAt, endedAt: r.endedAt, autoStopped: r.autoStopped }, now))
      .sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : 1));
  }

  /**
   * The server's auto-stop job at `now`: closes every live running session open longer than 4 h
   * at startedAt + 4 h (the stored row; an own interval kept aside stays as it is, as in SQL).
   */
  autoStopJob(now: number): void {
    for (const r of [...this.rows.values()]) {
      if (!shouldAutoStop(r, now)) continue;
      const patch = autoStopPatch(r.startedAt);
      const shown = { startedAt: r.startedAt, endedAt: r.endedAt, autoStopped: r.autoStopped };
      const own = JSON.stringify(r.own) === JSON.stringify(shown) ? { startedAt: r.startedAt, endedAt: patch.endedAt, autoStopped: true } : r.own;
      this.rows.set(r.id, { ...r, ...patch, own });
      this.revs.set(r.id, (this.revs.get(r.id) ?? 0) + 1);
    }
  }

  get(id: string): StoredSession {
    return this.rows.get(id)!;
  }
}

export interface Known {
  rev: number;
  endedAt: number | null;
}

/** Minutes of a live list, relative to T0, for readable expectations. */
export const inMinutes = (live: ReturnType<Store['live']>) =>
  live.map((l) => ({ id: l.id, from: (l.startedAt - T0) / MIN, to: l.endedAt === null ? null : (l.endedAt - T0) / MIN, auto: l.autoStopped }));

export function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}


export function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(xs: readonly T[], rnd: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
