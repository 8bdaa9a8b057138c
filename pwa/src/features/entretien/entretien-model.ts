/**
 * What the Entretien page shows, from local documents only (no network): cards sorted by label
 * with their running session seen through the 4-hour rule, "today" per activity and the totals
 * table (computeTotals, the function the server uses for GET /api/maintenance/totals), and
 * each activity's history newest first.
 */
import type { LocalDoc } from '../../db/collections.ts';
import { byLabel, computeTotals, type MaintenanceTotals } from '@itercraft/shared/maintenance/totals';
import { effectiveState, shouldAutoStop } from '@itercraft/shared/maintenance/session.rules';

export type ServiceDoc = LocalDoc<'services'>;
export type SessionDoc = LocalDoc<'maintenanceSessions'>;

export interface ActivityView {
  service: ServiceDoc;
  /** The running session, if any (a session past 4 h is no longer running). */
  running: SessionDoc | null;
  todayMinutes: number;
  pending: boolean;
}

export interface EntretienView {
  activities: ActivityView[];
  totals: MaintenanceTotals;
}

/** The browser's time zone (the user's), for local days, weeks, months and years. */
export function userTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Paris';
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

export function buildView(services: readonly ServiceDoc[], sessions: readonly SessionDoc[], now: number, timeZone: string): EntretienView {
  const totals = computeTotals({ sessions, activities: services, now, timeZone });
  const today = new Map(totals.byActivity.map((r) => [r.serviceId, r.todayMinutes]));
  const running = runningByActivity(sessions, now);
  const activities = [...services].sort(byLabel).map((service) => ({
    service,
    running: running.get(service.id) ?? null,
    todayMinutes: today.get(service.id) ?? 0,
    pending: service.pendingAt !== null,
  }));
  return { activities, totals };
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
