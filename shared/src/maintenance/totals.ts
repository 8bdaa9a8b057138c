/**
 * Maintenance totals (today, ISO week from Monday, month, year; per activity and overall) in the
 * user's time zone. One pure function: the PWA runs it over local RxDB data offline, the server
 * runs it for GET /api/maintenance/totals, so both always agree.
 *
 * Counting rule: a session counts its whole minutes, durationMinutes = floor((end − start) / 1 min),
 * and minute k (k = 0 … D−1) is the minute that begins at start + k min; each minute belongs to the
 * period that contains its beginning. So a session across midnight is split at midnight (23:50 →
 * 00:20 gives 10 min to the first day and 20 to the second), and the split parts always add up to
 * the session's duration. A running session counts its elapsed whole minutes up to `now` (capped
 * at 4 h, as the server will close it), unless `includeRunning` is false. Deleted sessions and
 * sessions of activities not in `activities` are not counted; the overall figures are the sums of
 * the per-activity rows.
 */
import { MINUTE_MS, autoStopAt } from './session.rules.ts';
import { periodsAt, type Period } from './time-zone.ts';

export interface TotalsSession {
  serviceId: string;
  startedAt: number;
  endedAt: number | null;
  deleted?: boolean;
}

export interface TotalsActivity {
  id: string;
  code: string;
  label: string;
}

export interface PeriodMinutes {
  todayMinutes: number;
  weekMinutes: number;
  monthMinutes: number;
  yearMinutes: number;
}

export interface ActivityTotals extends PeriodMinutes {
  serviceId: string;
  serviceCode: string;
  serviceLabel: string;
}

export interface MaintenanceTotals extends PeriodMinutes {
  byActivity: ActivityTotals[];
}

export interface TotalsInput {
  sessions: Iterable<TotalsSession>;
  activities: readonly TotalsActivity[];
  now: number;
  timeZone: string;
  /** Count running sessions' elapsed minutes (default true). */
  includeRunning?: boolean;
}

const collator = new Intl.Collator('fr');

/** Activities in the order the page shows them: by label, French collation, then by code. */
export function byLabel<T extends { label: string; code: string }>(a: T, b: T): number {
  return collator.compare(a.label, b.label) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** Minutes k (0 ≤ k < minutes) whose beginning start + k min is before `t`. */
function beginningBefore(t: number, start: number, minutes: number): number {
  return Math.min(minutes, Math.max(0, Math.ceil((t - start) / MINUTE_MS)));
}

/** How many of the session's minutes [start + k min, k < minutes) begin inside `p`. */
function minutesIn(start: number, minutes: number, p: Period): number {
  const end = start + minutes * MINUTE_MS;
  // Fast paths (most sessions lie wholly inside or outside a period).
  if (start >= p.start && end <= p.end) return minutes;
  if (end <= p.start || start >= p.end) return 0;
  return beginningBefore(p.end, start, minutes) - beginningBefore(p.start, start, minutes);
}

function zero(): PeriodMinutes {
  return { todayMinutes: 0, weekMinutes: 0, monthMinutes: 0, yearMinutes: 0 };
}

export function computeTotals(input: TotalsInput): MaintenanceTotals {
  const periods = periodsAt(input.now, input.timeZone);
  const earliest = Math.min(periods.week.start, periods.year.start);
  const includeRunning = input.includeRunning ?? true;
  const rows = new Map<string, PeriodMinutes>(input.activities.map((a) => [a.id, zero()]));
  for (const s of input.sessions) {
    if (s.deleted) continue;
    const row = rows.get(s.serviceId);
    if (!row) continue;
    let end = s.endedAt;
    if (end === null) {
      if (!includeRunning) continue;
      end = Math.min(input.now, autoStopAt(s.startedAt));
    }
    if (end <= earliest) continue;
    const minutes = Math.floor((end - s.startedAt) / MINUTE_MS);
    if (minutes <= 0) continue;
    row.todayMinutes += minutesIn(s.startedAt, minutes, periods.day);
    row.weekMinutes += minutesIn(s.startedAt, minutes, periods.week);
    row.monthMinutes += minutesIn(s.startedAt, minutes, periods.month);
    row.yearMinutes += minutesIn(s.startedAt, minutes, periods.year);
  }
  const byActivity = [...input.activities].sort(byLabel).map((a) => ({
    serviceId: a.id,
    serviceCode: a.code,
    serviceLabel: a.label,
    ...rows.get(a.id)!,
  }));
  const total = zero();
  for (const r of byActivity) {
    total.todayMinutes += r.todayMinutes;
    total.weekMinutes += r.weekMinutes;
    total.monthMinutes += r.monthMinutes;
    total.yearMinutes += r.yearMinutes;
  }
  return { ...total, byActivity };
}
