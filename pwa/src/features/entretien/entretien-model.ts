/**
 * What the Entretien page shows, from local documents only (no network): cards sorted by label
 * with their running session seen through the 4-hour rule, "today" per activity and the totals
 * table (computeTotals, the function the server uses for GET /api/maintenance/totals), and
 * each activity's history newest first.
 */
import type { LocalDoc } from '../../db/collections.ts';
import { byLabel, computeTotals, type MaintenanceTotals } from '@itercraft/shared/maintenance/totals';
import { MAX_SESSION_MS, effectiveState, shouldAutoStop } from '@itercraft/shared/maintenance/session.rules';
import { periodsAt } from '@itercraft/shared/maintenance/time-zone';

export type ServiceDoc = LocalDoc<'services'>;
export type SessionDoc = LocalDoc<'maintenanceSessions'>;

export interface ActivityView {
  service: ServiceDoc;
  /** The running session, if any (a session past 4 h is no longer running). */
  running: SessionDoc | null;
  todayMinutes: number;
  /** The activity itself is not synced yet (created on this device). */
  pending: boolean;
  /** Sessions of this activity written here and not yet acknowledged (refused ones excluded). */
  pendingSessions: number;
}

export interface EntretienView {
  activities: ActivityView[];
  /** Null until every session is loaded (the cards only need the recent ones). */
  totals: MaintenanceTotals | null;
}

/** The browser's time zone (the user's), for local days, weeks, months and years. */
export function userTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Paris';
}

/**
 * The earliest start of a session that can count today or still run: the local day's start minus
 * 4 h (no session is longer). The cards need only these, read through the startedAt index, so
 * they show before the whole history is loaded.
 */
export function recentSince(now: number, timeZone: string): number {
  return periodsAt(now, timeZone).day.start - MAX_SESSION_MS;
}

/** Sessions still running at `now`, by activity: the latest start wins if a device had two. */
function runningByActivity(sessions: readonly SessionDoc[], now: number): Map<string, SessionDoc> {
  const running = new Map<string, SessionDoc>();
  for (const s of sessions) {
    if (s.endedAt !== null || shouldAutoStop(s, now)) continue;
    const other = running.get(s.serviceId);
    if (!other || other.startedAt < s.startedAt) running.set(s.serviceId, s);
  }
  return running;
}

/** Unsynced sessions per activity; a refused one is shown as refused, not as waiting. */
function pendingByActivity(sessions: readonly SessionDoc[], refused: ReadonlySet<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sessions) if (s.pendingAt !== null && !refused.has(s.id)) counts.set(s.serviceId, (counts.get(s.serviceId) ?? 0) + 1);
  return counts;
}

/**
 * Cards from the recent sessions (running ones and today's), totals from all of them once
 * loaded. Both go through computeTotals, so a card's "today" equals its row of the table.
 */
export function buildView(
  services: readonly ServiceDoc[],
  recent: readonly SessionDoc[],
  all: readonly SessionDoc[] | null,
  now: number,
  timeZone: string,
  refused: ReadonlySet<string> = new Set(),
): EntretienView {
  const todayTotals = computeTotals({ sessions: recent, activities: services, now, timeZone });
  const today = new Map(todayTotals.byActivity.map((r) => [r.serviceId, r.todayMinutes]));
  const running = runningByActivity(recent, now);
  const pending = pendingByActivity(all ?? recent, refused);
  const activities = [...services].sort(byLabel).map((service) => ({
    service,
    running: running.get(service.id) ?? null,
    todayMinutes: today.get(service.id) ?? 0,
    pending: service.pendingAt !== null,
    pendingSessions: pending.get(service.id) ?? 0,
  }));
  return { activities, totals: all ? computeTotals({ sessions: all, activities: services, now, timeZone }) : null };
}

/** Running sessions the 4-hour rule has closed: the page writes their auto-stop locally. */
export function overdueSessions(sessions: readonly SessionDoc[], now: number): SessionDoc[] {
  return sessions.filter((s) => shouldAutoStop(s, now));
}

/** One activity's sessions, newest first (the running one included), seen at `now`. */
export function historyOf(sessions: readonly SessionDoc[], serviceId: string, now: number): SessionDoc[] {
  return sessions
    .filter((s) => s.serviceId === serviceId)
    .map((s) => effectiveState(s, now))
    .sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1));
}

/** Session counts per activity, for the accordion headers ("3 session(s)"). */
export function sessionCounts(sessions: readonly SessionDoc[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sessions) counts.set(s.serviceId, (counts.get(s.serviceId) ?? 0) + 1);
  return counts;
}
