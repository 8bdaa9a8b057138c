import { describe, expect, it } from 'vitest';
import { isValidTimeZone, offsetAt, periodsAt, startOfLocalDay, zonedParts } from './time-zone.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe(startOfLocalDay.name, () => {
  it('is local midnight in Paris, winter and summer', () => {
    expect(iso(startOfLocalDay({ year: 2026, month: 1, day: 15 }, 'Europe/Paris'))).toBe('2026-01-14T23:00:00.000Z');
    expect(iso(startOfLocalDay({ year: 2026, month: 7, day: 15 }, 'Europe/Paris'))).toBe('2026-07-14T22:00:00.000Z');
  });

  it('handles the days of the DST changes', () => {
    // Paris switches at 02:00/03:00 local: the day still starts at 00:00 with the old offset.
    expect(iso(startOfLocalDay({ year: 2026, month: 3, day: 29 }, 'Europe/Paris'))).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(startOfLocalDay({ year: 2026, month: 10, day: 25 }, 'Europe/Paris'))).toBe('2026-10-24T22:00:00.000Z');
    expect(iso(startOfLocalDay({ year: 2026, month: 3, day: 8 }, 'America/New_York'))).toBe('2026-03-08T05:00:00.000Z');
  });

  it('starts at 01:00 when midnight does not exist (Sao Paulo, 4 Nov 2018)', () => {
    const t = startOfLocalDay({ year: 2018, month: 11, day: 4 }, 'America/Sao_Paulo');
    expect(iso(t)).toBe('2018-11-04T03:00:00.000Z');
    expect(zonedParts(t, 'America/Sao_Paulo')).toMatchObject({ day: 4, hour: 1, minute: 0 });
  });
});

describe(periodsAt.name, () => {
  it('gives the local day, the ISO week from Monday, the month and the year', () => {
    // Sunday 2026-05-17 23:30 in Paris (21:30 UTC): still Sunday, still the week of Monday 11 May.
    const now = Date.UTC(2026, 4, 17, 21, 30);
    const p = periodsAt(now, 'Europe/Paris');
    expect(iso(p.day.start)).toBe('2026-05-16T22:00:00.000Z');
    expect(iso(p.day.end)).toBe('2026-05-17T22:00:00.000Z');
    expect(iso(p.week.start)).toBe('2026-05-10T22:00:00.000Z');
    expect(iso(p.week.end)).toBe('2026-05-17T22:00:00.000Z');
    expect(iso(p.month.start)).toBe('2026-04-30T22:00:00.000Z');
    expect(iso(p.month.end)).toBe('2026-05-31T22:00:00.000Z');
    expect(iso(p.year.start)).toBe('2025-12-31T23:00:00.000Z');
    expect(iso(p.year.end)).toBe('2026-12-31T23:00:00.000Z');
    // The same instant in UTC is already… the same Sunday, but in Tokyo it is Monday 18.
    expect(iso(periodsAt(now, 'Asia/Tokyo').week.start)).toBe('2026-05-17T15:00:00.000Z');
  });

  it('a week may start in the previous year (Thursday 1 January 2026)', () => {
    const p = periodsAt(Date.UTC(2026, 0, 1, 12), 'UTC');
    expect(iso(p.week.start)).toBe('2025-12-29T00:00:00.000Z');
    expect(iso(p.year.start)).toBe('2026-01-01T00:00:00.000Z');
  });

  it('December rolls over to the next year', () => {
    const p = periodsAt(Date.UTC(2026, 11, 31, 12), 'UTC');
    expect(iso(p.month.end)).toBe('2027-01-01T00:00:00.000Z');
    expect(iso(p.day.end)).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe(isValidTimeZone.name, () => {
  it('accepts IANA zones and refuses anything else', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('measures the offset of a zone', () => {
    expect(offsetAt(Date.UTC(2026, 0, 1), 'Europe/Paris')).toBe(3600_000);
    expect(offsetAt(Date.UTC(2026, 6, 1), 'Europe/Paris')).toBe(7200_000);
  });
});
