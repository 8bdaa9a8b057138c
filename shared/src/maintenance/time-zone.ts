/**
 * Calendar periods in an IANA time zone with Intl only (no date library): the start instant of
 * a local day, and the day / ISO week (Monday) / month / year containing an instant.
 */

export interface CivilDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

interface ZonedParts extends CivilDate {
  hour: number;
  minute: number;
  second: number;
}

export const DEFAULT_TIME_ZONE = 'Europe/Paris';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a time zone this runtime knows (`Europe/Paris`, `UTC`…). */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    // RangeError: unknown time zone.
    return false;
  }
}

export function zonedParts(ms: number, timeZone: string): ZonedParts {
  const out: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(ms)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year!,
    month: out.month!,
    day: out.day!,
    hour: out.hour! % 24,
    minute: out.minute!,
    second: out.second!,
  };
}

/** Local wall clock minus UTC at instant `ms`, in ms (e.g. +3 600 000 in Paris in winter). */
export function offsetAt(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The civil date `days` after `d` (negative allowed; months and years roll over). */
export function addDays(d: CivilDate, days: number): CivilDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function key(d: CivilDate): number {
  return d.year * 10_000 + d.month * 100 + d.day;
}

/**
 * The first instant of local day `d`. Usually local 00:00; where a DST change skips midnight
 * (e.g. America/Sao_Paulo until 2019) the day starts at the first instant that exists.
 */
export function startOfLocalDay(d: CivilDate, timeZone: string): number {
  const wall = Date.UTC(d.year, d.month - 1, d.day);
  const guess = wall - offsetAt(wall, timeZone);
  const t = wall - offsetAt(guess, timeZone);
  const p = zonedParts(t, timeZone);
  if (key(p) === key(d) && p.hour === 0 && p.minute === 0 && p.second === 0) return t;
  // Midnight does not exist (or the guess fell on the other side of a change): search the first
  // instant whose local date is `d`, to the minute, within a day around the wall time.
  let lo = wall - 26 * 3600_000;
  let hi = wall + 26 * 3600_000;
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (key(zonedParts(mid, timeZone)) >= key(d)) hi = mid;
    else lo = mid;
  }
  return hi;
}

export interface Period {
  start: number;
  /** Exclusive. */
  end: number;
}

export interface CalendarPeriods {
  day: Period;
  /** ISO week: Monday 00:00 to the next Monday. */
  week: Period;
  month: Period;
  year: Period;
}

/** The local day, ISO week, month and year containing `now` in `timeZone`. */
export function periodsAt(now: number, timeZone: string): CalendarPeriods {
  const p = zonedParts(now, timeZone);
  const today: CivilDate = { year: p.year, month: p.month, day: p.day };
  const weekday = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
  const monday = addDays(today, -((weekday + 6) % 7));
  const firstOfMonth: CivilDate = { year: p.year, month: p.month, day: 1 };
  const at = (d: CivilDate) => startOfLocalDay(d, timeZone);
  return {
    day: { start: at(today), end: at(addDays(today, 1)) },
    week: { start: at(monday), end: at(addDays(monday, 7)) },
    month: { start: at(firstOfMonth), end: at(nextMonth(firstOfMonth)) },
    year: { start: at({ year: p.year, month: 1, day: 1 }), end: at({ year: p.year + 1, month: 1, day: 1 }) },
  };
}

function nextMonth(d: CivilDate): CivilDate {
  return d.month === 12 ? { year: d.year + 1, month: 1, day: 1 } : { year: d.year, month: d.month + 1, day: 1 };
}
