import { describe, expect, it } from 'vitest';
import { computeTotals, type TotalsActivity, type TotalsSession } from './totals.ts';
import { formatMinutes, formatTimer } from './format.ts';

const MIN = 60_000;
const activities: TotalsActivity[] = [
  { id: 'svc-t', code: 'tondeuse', label: 'Passer la tondeuse' },
  { id: 'svc-p', code: 'piscine', label: 'Nettoyer la piscine' },
  { id: 'svc-j', code: 'jardinage', label: 'Jardinage' },
];
/** Paris local wall time → epoch ms (CEST, UTC+2, in May 2026). */
const paris = (d: number, h: number, m = 0, s = 0) => Date.UTC(2026, 4, d, h - 2, m, s);
const session = (serviceId: string, startedAt: number, endedAt: number | null, extra: Partial<TotalsSession> = {}) => ({
  serviceId,
  startedAt,
  endedAt,
  ...extra,
});

describe(computeTotals.name, () => {
  it('splits a session across midnight at local midnight', () => {
    // Wednesday 13 May 23:50 → Thursday 14 May 00:20 (Paris); now = Thursday 10:00.
    const t = computeTotals({ sessions: [session('svc-t', paris(13, 23, 50), paris(14, 0, 20))], activities, now: paris(14, 10), timeZone: 'Europe/Paris' });
    expect(t.todayMinutes).toBe(20);
    expect(t.weekMinutes).toBe(30);
    // In UTC both halves fall on 13 May (21:50 → 22:20 UTC): "today" (14 May UTC) is empty.
    const utc = computeTotals({ sessions: [session('svc-t', paris(13, 23, 50), paris(14, 0, 20))], activities, now: paris(14, 10), timeZone: 'UTC' });
    expect(utc.todayMinutes).toBe(0);
    expect(utc.weekMinutes).toBe(30);
  });

  it('keeps the whole-minute duration when the split falls inside a minute', () => {
    // 23:59:30 → 00:01:30: 2 whole minutes; minute 0 starts 23:59:30 (day 1), minute 1 at 00:00:30 (day 2).
    const t = computeTotals({ sessions: [session('svc-t', paris(13, 23, 59, 30), paris(14, 0, 1, 30))], activities, now: paris(14, 10), timeZone: 'Europe/Paris' });
    expect(t.todayMinutes).toBe(1);
    expect(t.weekMinutes).toBe(2);
  });

  it('counts a running session by its elapsed whole minutes up to now, or not at all if asked', () => {
    const sessions = [session('svc-p', paris(14, 9, 0, 0), null)];
    expect(computeTotals({ sessions, activities, now: paris(14, 9, 42, 59), timeZone: 'Europe/Paris' }).todayMinutes).toBe(42);
    expect(computeTotals({ sessions, activities, now: paris(14, 9, 42, 59), timeZone: 'Europe/Paris', includeRunning: false }).todayMinutes).toBe(0);
    // A running session is never counted past the 4-hour rule.
    expect(computeTotals({ sessions, activities, now: paris(14, 20), timeZone: 'Europe/Paris' }).todayMinutes).toBe(240);
  });

  it('uses the ISO week (Monday), the calendar month and year, per activity and overall', () => {
    const sessions = [
      session('svc-t', paris(11, 10), paris(11, 11)), // Monday 11 May: this week
      session('svc-t', paris(10, 10), paris(10, 10, 30)), // Sunday 10 May: last week, this month
      session('svc-p', Date.UTC(2026, 0, 5, 9), Date.UTC(2026, 0, 5, 10, 15)), // January: this year only
      session('svc-j', Date.UTC(2025, 11, 31, 9), Date.UTC(2025, 11, 31, 10)), // last year
      session('svc-t', paris(14, 8), paris(14, 8, 5), { deleted: true }), // deleted: never counted
      session('unknown', paris(14, 8), paris(14, 9)), // activity not visible: not counted
    ];
    const t = computeTotals({ sessions, activities, now: paris(14, 12), timeZone: 'Europe/Paris' });
    expect(t).toMatchObject({ todayMinutes: 0, weekMinutes: 60, monthMinutes: 90, yearMinutes: 165 });
    expect(t.byActivity.map((a) => a.serviceCode)).toEqual(['jardinage', 'piscine', 'tondeuse']);
    expect(t.byActivity.find((a) => a.serviceCode === 'tondeuse')).toMatchObject({ weekMinutes: 60, monthMinutes: 90, yearMinutes: 90 });
    expect(t.byActivity.find((a) => a.serviceCode === 'piscine')).toMatchObject({ weekMinutes: 0, monthMinutes: 0, yearMinutes: 75 });
    expect(t.byActivity.find((a) => a.serviceCode === 'jardinage')).toMatchObject({ yearMinutes: 0 });
  });

  it('sums the same figures whatever the order of the sessions', () => {
    const sessions = Array.from({ length: 200 }, (_, i) => session(activities[i % 3]!.id, paris(1, 0) + i * 97 * MIN, paris(1, 0) + i * 97 * MIN + (i % 50) * MIN));
    const a = computeTotals({ sessions, activities, now: paris(14, 12), timeZone: 'Europe/Paris' });
    const b = computeTotals({ sessions: [...sessions].reverse(), activities, now: paris(14, 12), timeZone: 'Europe/Paris' });
    expect(b).toEqual(a);
    const plain = sessions.reduce((acc, s) => acc + Math.floor(((s.endedAt as number) - s.startedAt) / MIN), 0);
    expect(a.monthMinutes).toBe(plain);
  });
});

describe('formats', () => {
  it.each([
    [0, '0min'],
    [45, '45min'],
    [60, '1h00'],
    [65, '1h05'],
    [240, '4h00'],
  ])('%i minutes → %s', (m, text) => expect(formatMinutes(m)).toBe(text));

  it('shows the timer as HH:MM:SS', () => {
    expect(formatTimer(0)).toBe('00:00:00');
    expect(formatTimer(3 * 3600_000 + 7 * 60_000 + 9_999)).toBe('03:07:09');
  });
});
