import { describe, expect, it } from 'vitest';
import {
  FUTURE_TOLERANCE_MS,
  MAX_SESSION_MS,
  autoStopPatch,
  durationMinutes,
  effectiveState,
  elapsedMs,
  isNearAutoStop,
  normalizeSession,
  remainingBeforeAutoStopMs,
  shouldAutoStop,
} from './session.rules.ts';

/** A fake clock: tests move time explicitly. */
class FakeClock {
  constructor(public t: number) {}
  now = () => this.t;
  advance(ms: number) {
    this.t += ms;
  }
}

const T0 = Date.UTC(2026, 4, 12, 8, 0, 0);
const MIN = 60_000;
const running = (startedAt: number) => ({ startedAt, endedAt: null, autoStopped: false });

describe(durationMinutes.name, () => {
  it('truncates to whole minutes (59 s → 0, 60 s → 1, 119.999 s → 1)', () => {
    expect(durationMinutes(T0, T0 + 59_999)).toBe(0);
    expect(durationMinutes(T0, T0 + 60_000)).toBe(1);
    expect(durationMinutes(T0, T0 + 119_999)).toBe(1);
    expect(durationMinutes(T0, T0 + 4 * 3600_000)).toBe(240);
  });
});

describe(shouldAutoStop.name, () => {
  it('is true only for a running, non-deleted session open strictly longer than 4 h', () => {
    const clock = new FakeClock(T0 + MAX_SESSION_MS);
    expect(shouldAutoStop(running(T0), clock.now())).toBe(false);
    clock.advance(1);
    expect(shouldAutoStop(running(T0), clock.now())).toBe(true);
    expect(shouldAutoStop({ ...running(T0), deleted: true }, clock.now())).toBe(false);
    expect(shouldAutoStop({ startedAt: T0, endedAt: T0 + MIN }, clock.now())).toBe(false);
  });

  it('closes at exactly start + 4 h with 240 minutes, however late it runs', () => {
    expect(autoStopPatch(T0)).toEqual({ endedAt: T0 + MAX_SESSION_MS, durationMinutes: 240, autoStopped: true });
    const late = effectiveState(running(T0), T0 + 3 * 24 * 3600_000);
    expect(late).toMatchObject({ endedAt: T0 + MAX_SESSION_MS, autoStopped: true });
    // A stored session (with its duration) is shown with its 240 minutes; a stopped one is untouched.
    expect(effectiveState({ ...running(T0), durationMinutes: null }, T0 + 5 * 3600_000)).toEqual({
      startedAt: T0,
      endedAt: T0 + MAX_SESSION_MS,
      autoStopped: true,
      durationMinutes: 240,
    });
    const stopped = { startedAt: T0, endedAt: T0 + MIN, autoStopped: false, durationMinutes: 1 };
    expect(effectiveState(stopped, T0 + 5 * 3600_000)).toBe(stopped);
  });
});

describe('timer helpers', () => {
  it('elapsed time ticks with the clock and stops at 4 h', () => {
    const clock = new FakeClock(T0);
    const s = running(T0);
    clock.advance(90_500);
    expect(elapsedMs(s, clock.now())).toBe(90_500);
    clock.advance(10 * 3600_000);
    expect(elapsedMs(s, clock.now())).toBe(MAX_SESSION_MS);
  });

  it('warns from 3 h 30 and counts down to the auto-stop', () => {
    const s = running(T0);
    expect(isNearAutoStop(s, T0 + 209 * MIN + 59_999)).toBe(false);
    expect(isNearAutoStop(s, T0 + 210 * MIN)).toBe(true);
    expect(remainingBeforeAutoStopMs(s, T0 + 210 * MIN)).toBe(30 * MIN);
    expect(remainingBeforeAutoStopMs({ startedAt: T0, endedAt: T0 + MIN }, T0 + 2 * MIN)).toBe(0);
  });
});

describe(normalizeSession.name, () => {
  const now = T0 + 3600_000;

  it('rejects an end before the start, in French', () => {
    expect(normalizeSession({ startedAt: now, endedAt: now - 1, autoStopped: false }, now)).toEqual({
      ok: false,
      code: 'INVALID_INTERVAL',
      reason: 'La fin de la session précède son début',
    });
  });

  it('keeps times up to 5 minutes in the future and clamps later ones to now', () => {
    const near = normalizeSession(running(now + FUTURE_TOLERANCE_MS), now);
    expect(near).toMatchObject({ ok: true, clamped: false, session: { startedAt: now + FUTURE_TOLERANCE_MS } });
    const far = normalizeSession(running(now + FUTURE_TOLERANCE_MS + 1), now);
    expect(far).toMatchObject({ ok: true, clamped: true, session: { startedAt: now, endedAt: null } });
    const end = normalizeSession({ startedAt: now - 10 * MIN, endedAt: now + 3600_000, autoStopped: false }, now);
    expect(end).toMatchObject({ ok: true, session: { startedAt: now - 10 * MIN, endedAt: now, durationMinutes: 10 } });
  });

  it('never clamps an end below a start that is itself slightly in the future', () => {
    const r = normalizeSession({ startedAt: now + 3 * MIN, endedAt: now + 30 * MIN, autoStopped: false }, now);
    expect(r).toMatchObject({ ok: true, session: { startedAt: now + 3 * MIN, endedAt: now + 3 * MIN, durationMinutes: 0 } });
  });

  it('caps a stopped session longer than 4 h at start + 4 h and marks it auto-stopped', () => {
    const r = normalizeSession({ startedAt: T0, endedAt: T0 + 5 * 3600_000, autoStopped: false }, T0 + 6 * 3600_000);
    expect(r).toMatchObject({ ok: true, capped: true, session: { endedAt: T0 + MAX_SESSION_MS, durationMinutes: 240, autoStopped: true } });
  });

  it('closes a session that ran offline past 4 h and is pushed still running', () => {
    const r = normalizeSession(running(T0), T0 + MAX_SESSION_MS + 1);
    expect(r).toMatchObject({ ok: true, capped: true, session: { endedAt: T0 + MAX_SESSION_MS, autoStopped: true } });
    expect(normalizeSession(running(T0), T0 + MAX_SESSION_MS)).toMatchObject({ ok: true, capped: false, session: { endedAt: null } });
  });

  it('does not let a client mark an ordinary stop as auto-stopped', () => {
    const r = normalizeSession({ startedAt: T0, endedAt: T0 + 30 * MIN, autoStopped: true }, now);
    expect(r).toMatchObject({ ok: true, session: { autoStopped: false } });
  });

  it('keeps the auto-stop mark on a local auto-stop and on a correction to an earlier end', () => {
    const local = normalizeSession({ startedAt: T0, endedAt: T0 + MAX_SESSION_MS, autoStopped: true }, T0 + 5 * 3600_000);
    expect(local).toMatchObject({ ok: true, session: { autoStopped: true, durationMinutes: 240 } });
    const previous = { startedAt: T0, endedAt: T0 + MAX_SESSION_MS, autoStopped: true };
    const corrected = normalizeSession({ startedAt: T0, endedAt: T0 + 95 * MIN, autoStopped: true }, T0 + 5 * 3600_000, previous);
    expect(corrected).toMatchObject({ ok: true, session: { endedAt: T0 + 95 * MIN, durationMinutes: 95, autoStopped: true } });
  });
});
