/**
 * Pure rules of one maintenance session, shared by the server (push rules, auto-stop job, REST)
 * and the PWA (timer display, local auto-stop). Times are epoch ms in server time.
 * The rules are written down in ./README.md; keep both in step.
 */

/** A session is closed at exactly startedAt + 4 h (never at the moment the job happens to run). */
export const MAX_SESSION_MS = 4 * 3600_000;
/** The page warns from 3 h 30. */
export const WARNING_MS = 210 * 60_000;
/** Client times further than this in the server's future are clamped to the server's now. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** How often the server's auto-stop job runs. */
export const AUTO_STOP_INTERVAL_MS = 60_000;
export const MINUTE_MS = 60_000;

export const sessionErrorCodes = {
  INVALID_INTERVAL: 'INVALID_INTERVAL',
} as const;

export const sessionMessages = {
  INVALID_INTERVAL: 'La fin de la session précède son début',
} as const;

export interface SessionTimes {
  startedAt: number;
  endedAt: number | null;
}

export interface SessionState extends SessionTimes {
  autoStopped: boolean;
}

/** Whole minutes between start and end, truncated (59 s → 0). */
export function durationMinutes(startedAt: number, endedAt: number): number {
  return Math.max(0, Math.floor((endedAt - startedAt) / MINUTE_MS));
}

/** The instant the 4-hour rule closes a session that started at `startedAt`. */
export function autoStopAt(startedAt: number): number {
  return startedAt + MAX_SESSION_MS;
}

/**
 * True for a running session open longer than 4 h (strictly, as the original's
 * `started_at < now − 4 h`). The SQL of the auto-stop job states the same condition.
 */
export function shouldAutoStop(s: SessionTimes & { deleted?: boolean }, now: number): boolean {
  return s.deleted !== true && s.endedAt === null && now - s.startedAt > MAX_SESSION_MS;
}

/** What the 4-hour rule writes on a session it closes. */
export function autoStopPatch(startedAt: number): { endedAt: number; durationMinutes: number; autoStopped: true } {
  const endedAt = autoStopAt(startedAt);
  return { endedAt, durationMinutes: durationMinutes(startedAt, endedAt), autoStopped: true };
}

/**
 * The session as the 4-hour rule sees it at `now`: a running session past the limit is
 * already over at startedAt + 4 h (the job may not have run yet), with its 240 minutes when the
 * object carries `durationMinutes`. Never changes a stopped one. Every reader (PWA history, REST)
 * shows sessions through it.
 */
export function effectiveState<S extends SessionState>(s: S, now: number): S {
  if (!shouldAutoStop(s, now)) return s;
  const patch = autoStopPatch(s.startedAt);
  return 'durationMinutes' in s ? { ...s, ...patch } : { ...s, endedAt: patch.endedAt, autoStopped: true };
}

/** Milliseconds the session has run (up to now if running, capped at 4 h). */
export function elapsedMs(s: SessionTimes, now: number): number {
  const end = s.endedAt ?? Math.min(now, autoStopAt(s.startedAt));
  return Math.max(0, end - s.startedAt);
}

/** Milliseconds left before the 4-hour rule stops a running session (0 when due). */
export function remainingBeforeAutoStopMs(s: SessionTimes, now: number): number {
  if (s.endedAt !== null) return 0;
  return Math.max(0, autoStopAt(s.startedAt) - now);
}

/** True from 3 h 30 of running time until the session stops. */
export function isNearAutoStop(s: SessionTimes, now: number): boolean {
  return s.endedAt === null && now - s.startedAt >= WARNING_MS;
}

export interface NormalizedSession extends SessionState {
  durationMinutes: number | null;
}

export type NormalizeResult =
  | { ok: true; session: NormalizedSession; clamped: boolean; capped: boolean }
  | { ok: false; code: keyof typeof sessionErrorCodes; reason: string };

/**
 * Normalises a session write at the server's `now` (the push rule; the PWA applies it to its
 * own writes too so it shows what the server will store):
 * 1. end before start → rejected (INVALID_INTERVAL), judged on the values as written;
 * 2. start more than 5 min in the future → start = now;
 *    end more than 5 min in the future → end = max(now, start);
 * 3. a session (running or not) longer than 4 h → end = start + 4 h, autoStopped = true;
 * 4. autoStopped otherwise stays true only for an end written by the 4-hour rule (start + 4 h)
 *    or for a correction of a session that was already auto-stopped (`previous`); it is
 *    never taken from a client for any other end;
 * 5. durationMinutes = floor((end − start) / 60 000), null while running.
 */
export function normalizeSession(input: SessionState, now: number, previous?: SessionState | null): NormalizeResult {
  if (input.endedAt !== null && input.endedAt < input.startedAt) {
    return { ok: false, code: 'INVALID_INTERVAL', reason: sessionMessages.INVALID_INTERVAL };
  }
  const horizon = now + FUTURE_TOLERANCE_MS;
  const startedAt = input.startedAt > horizon ? now : input.startedAt;
  let endedAt = input.endedAt !== null && input.endedAt > horizon ? Math.max(now, startedAt) : input.endedAt;
  const clamped = startedAt !== input.startedAt || endedAt !== input.endedAt;
  const limit = autoStopAt(startedAt);
  const capped = endedAt === null ? now > limit : endedAt > limit;
  if (capped) endedAt = limit;
  const claimsAuto = input.autoStopped && endedAt !== null && (endedAt === limit || previous?.autoStopped === true);
  return {
    ok: true,
    clamped,
    capped,
    session: {
      startedAt,
      endedAt,
      autoStopped: capped || claimsAuto,
      durationMinutes: endedAt === null ? null : durationMinutes(startedAt, endedAt),
    },
  };
}
