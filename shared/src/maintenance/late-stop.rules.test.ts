import { describe, expect, it } from 'vitest';
import { MAX_SESSION_MS, normalizeSession, type SessionState } from './session.rules.ts';
import { planGroups, type MergeMember } from './merge.rules.ts';
import { decideLateStop, isLateStop } from './late-stop.rules.ts';
import { MIN, Store, T0, at, inMinutes, mulberry32, permutations, shuffle, type Known } from './merge.test-kit.ts';

const HOUR = 60 * MIN;
const stopped = (start: number, end: number, autoStopped = false): SessionState => ({ startedAt: start, endedAt: end, autoStopped });
const autoStopped = stopped(T0, T0 + MAX_SESSION_MS, true);

describe(decideLateStop.name, () => {
  const now = T0 + 5 * HOUR;

  it('accepts a stop earlier than the auto-stop: not auto-stopped, whole minutes truncated', () => {
    expect(decideLateStop(autoStopped, stopped(T0, T0 + 114 * MIN + 59_999), now)).toEqual({
      kind: 'accept',
      session: { startedAt: T0, endedAt: T0 + 114 * MIN + 59_999, autoStopped: false, durationMinutes: 114 },
    });
  });

  it('keeps the stored end when the late stop is later or equal (conflict)', () => {
    const byOtherDevice = stopped(T0, T0 + 60 * MIN);
    expect(decideLateStop(byOtherDevice, stopped(T0, T0 + 70 * MIN), now)).toEqual({ kind: 'conflict' });
    expect(decideLateStop(byOtherDevice, stopped(T0, T0 + 60 * MIN), now)).toEqual({ kind: 'conflict' });
  });

  it('judges the end after the 4-hour cap: a stop at +4 h 30 is the auto-stop itself, a conflict', () => {
    expect(decideLateStop(autoStopped, stopped(T0, T0 + 270 * MIN), now)).toEqual({ kind: 'conflict' });
  });

  it('judges the end after the future clamp (an end far ahead becomes now)', () => {
    const stored = stopped(now - HOUR, now + 4 * MIN);
    expect(decideLateStop(stored, stopped(now - HOUR, now + 10 * MIN), now)).toMatchObject({ kind: 'accept', session: { endedAt: now } });
  });

  it('refuses an end before the start, as on time', () => {
    expect(decideLateStop(autoStopped, stopped(T0, T0 - MIN), now)).toEqual({
      kind: 'reject',
      code: 'INVALID_INTERVAL',
      reason: 'La fin de la session précède son début',
    });
  });

  it('keeps the "(auto)" mark of a correction of an auto-stopped session (the correct-end form)', () => {
    expect(decideLateStop(autoStopped, stopped(T0, T0 + 95 * MIN, true), now)).toMatchObject({ kind: 'accept', session: { autoStopped: true, durationMinutes: 95 } });
  });
});

describe(isLateStop.name, () => {
  const live = { ...stopped(T0, T0 + HOUR), deleted: false };
  it('is a stop on both sides of a live session with the same start', () => {
    expect(isLateStop(live, { ...stopped(T0, T0 + 30 * MIN), deleted: false })).toBe(true);
    expect(isLateStop(live, { ...live, endedAt: null })).toBe(false);
    expect(isLateStop({ ...live, endedAt: null }, live)).toBe(false);
    expect(isLateStop(live, { ...live, deleted: true })).toBe(false);
    expect(isLateStop({ ...live, deleted: true }, live)).toBe(false);
    expect(isLateStop(live, { ...live, startedAt: T0 + MIN })).toBe(false);
  });
});

/** A device that saw `id` at its current revision. */
const sees = (store: Store, id: string): Known => ({ rev: store.revs.get(id)!, endedAt: store.get(id).endedAt });
const running = (start: number): SessionState => ({ startedAt: at(start), endedAt: null, autoStopped: false });
const ends = (start: number, end: number): SessionState => ({ startedAt: at(start), endedAt: at(end), autoStopped: false });

describe('late stops on the in-memory server (the shared rules of the push)', () => {
  it('a stop made offline at 1 h 54 wins over the auto-stop job at 4 h 00', () => {
    const store = new Store();
    store.write('mow', running(0), at(1));
    const phone = sees(store, 'mow');
    store.autoStopJob(at(241));
    expect(inMinutes(store.live(at(242)))).toEqual([{ id: 'mow', from: 0, to: 240, auto: true }]);
    expect(store.deviceWrite('mow', ends(0, 114), at(300), phone).outcome).toBe('late');
    expect(store.get('mow')).toMatchObject({ endedAt: at(114), autoStopped: false, durationMinutes: 114, deleted: false });
  });

  it('a stop later than the auto-stop leaves the auto-stop', () => {
    const store = new Store();
    store.write('mow', running(0), at(1));
    const phone = sees(store, 'mow');
    store.autoStopJob(at(241));
    expect(store.deviceWrite('mow', ends(0, 270), at(300), phone).outcome).toBe('superseded');
    expect(store.get('mow')).toMatchObject({ endedAt: at(240), autoStopped: true, durationMinutes: 240 });
  });

  it('two devices stopping one session: the earliest stop, in both arrival orders', () => {
    for (const [b, expected] of [
      [50, 50],
      [70, 60],
    ] as const) {
      const results = permutations(['a', 'b']).map((order) => {
        const store = new Store();
        store.write('s', running(0), at(1));
        const known = { a: sees(store, 's'), b: sees(store, 's') };
        const stops = { a: ends(0, 60), b: ends(0, b) };
        order.forEach((d, i) => store.deviceWrite('s', stops[d as 'a' | 'b'], at(80 + i), known[d as 'a' | 'b']));
        return store.live(at(100));
      });
      expect(inMinutes(results[0]!)).toEqual([{ id: 's', from: 0, to: expected, auto: false }]);
      expect(results[1]).toEqual(results[0]);
    }
  });

  describe('on a merged session (double start)', () => {
    /** Laptop and phone started the activity offline; both devices then saw the merged session. */
    function merged(): { store: Store; viewer: Known; phone: Known } {
      const store = new Store();
      store.write('laptop', running(0), at(10));
      store.write('phone', running(5), at(11));
      return { store, viewer: sees(store, 'laptop'), phone: sees(store, 'phone') };
    }

    it('two stops of the merged session from two devices: the earliest, closing the member, in both orders', () => {
      const results = permutations(['a', 'b']).map((order) => {
        const { store, viewer } = merged();
        const stops = { a: ends(0, 60), b: ends(0, 50) };
        order.forEach((d, i) => store.deviceWrite('laptop', stops[d as 'a' | 'b'], at(70 + i), viewer));
        expect(store.get('phone')).toMatchObject({ deleted: true, mergedInto: 'laptop', endedAt: at(50) });
        return store.live(at(100));
      });
      expect(inMinutes(results[0]!)).toEqual([{ id: 'laptop', from: 0, to: 50, auto: false }]);
      expect(results[1]).toEqual(results[0]);
    });

    it("a member's own stop is kept: a late earlier stop of the survivor lowers only its own interval", () => {
      const { store, viewer, phone } = merged();
      store.deviceWrite('laptop', ends(0, 60), at(60), viewer);
      store.deviceWrite('phone', ends(5, 90), at(91), phone);
      expect(store.deviceWrite('laptop', ends(0, 30), at(95), viewer).outcome).toBe('late');
      expect(store.get('laptop').own).toEqual(ends(0, 30));
      expect(inMinutes(store.live(at(100)))).toEqual([{ id: 'laptop', from: 0, to: 90, auto: false }]);
    });

    it('a group capped at 4 h by the job: a late stop of the merged session closes the member still running', () => {
      const { store, viewer } = merged();
      store.autoStopJob(at(250));
      expect(inMinutes(store.live(at(250)))).toEqual([{ id: 'laptop', from: 0, to: 240, auto: true }]);
      expect(store.deviceWrite('laptop', ends(0, 100), at(260), viewer).outcome).toBe('late');
      expect(inMinutes(store.live(at(261)))).toEqual([{ id: 'laptop', from: 0, to: 100, auto: false }]);
      expect(store.get('phone')).toMatchObject({ endedAt: at(100), durationMinutes: 95 });
    });

    it('a correction on the current version still lowers every member (not a late stop)', () => {
      const { store, phone } = merged();
      store.deviceWrite('phone', ends(5, 200), at(201), phone);
      store.autoStopJob(at(250));
      store.write('laptop', { ...ends(0, 45), autoStopped: true }, at(251));
      expect(inMinutes(store.live(at(252)))).toEqual([{ id: 'laptop', from: 0, to: 45, auto: true }]);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Property: several devices stop the same sessions, the job runs in between, in every order.

interface Stop {
  /** The session document written. */
  id: string;
  /** When the device stopped it (server time), and what it knew of it. */
  at: number;
  known: Known;
}

type Event = { kind: 'stop'; stop: Stop } | { kind: 'job'; at: number };

/**
 * 2 to 4 devices start the activity offline (starts spread over less than 4 h, so all merge); all
 * starts are pushed (the merge is then canonical); then each device's own stop (sometimes none:
 * the device knew of the merge), 0 to 2 stops of the merged session by devices that saw it, and 0
 * to 2 runs of the job, arrive in random order. Times carry milliseconds: two stops never fall on
 * the same millisecond (see README, "Stale writes").
 */
function scenario(rnd: () => number): { base: Store; events: Event[]; lastAt: number } {
  const base = new Store();
  const n = 2 + Math.floor(rnd() * 3);
  const starts = Array.from({ length: n }, (_, i) => ({ id: `d${i}`, start: at(Math.floor(rnd() * 200)) + Math.floor(rnd() * MIN) }));
  let now = Math.max(...starts.map((x) => x.start));
  const known = new Map<string, Known>();
  for (const x of shuffle(starts, rnd)) {
    base.write(x.id, { startedAt: x.start, endedAt: null, autoStopped: false }, ++now);
    known.set(x.id, sees(base, x.id));
  }
  const survivor = [...base.rows.values()].find((r) => !r.deleted)!;
  const later = (from: number) => from + 1 + Math.floor(rnd() * 300 * MIN);
  const events: Event[] = [];
  for (const x of starts) {
    const isSurvivor = x.id === survivor.id;
    if (isSurvivor || rnd() < 0.75) events.push({ kind: 'stop', stop: { id: x.id, at: later(now), known: known.get(x.id)! } });
  }
  const viewerKnows = sees(base, survivor.id);
  for (let v = Math.floor(rnd() * 3); v > 0; v--) events.push({ kind: 'stop', stop: { id: survivor.id, at: later(now), known: viewerKnows } });
  for (let j = Math.floor(rnd() * 3); j > 0; j--) events.push({ kind: 'job', at: later(now) });
  return { base, events, lastAt: Math.max(now, ...events.map((e) => (e.kind === 'job' ? e.at : e.stop.at))) };
}

function replay(base: Store, order: readonly Event[]): Store {
  const store = new Store();
  store.rows = new Map(base.rows);
  store.revs = new Map(base.revs);
  let now = -Infinity;
  for (const e of order) {
    now = Math.max(now + 1, e.kind === 'job' ? e.at : e.stop.at);
    if (e.kind === 'job') {
      store.autoStopJob(now);
      continue;
    }
    const row = store.get(e.stop.id);
    const times = { startedAt: row.own.startedAt, endedAt: e.stop.at, autoStopped: false };
    store.deviceWrite(e.stop.id, times, now, e.stop.known);
  }
  return store;
}

describe('late-stop property (random merged sessions, several stopping devices, the job in between)', () => {
  it('over 300 histories: every arrival order gives the same live sessions and the same stored rows', () => {
    const rnd = mulberry32(20261202);
    let lateSeen = 0;
    for (let run = 0; run < 300; run++) {
      const { base, events, lastAt } = scenario(rnd);
      const orders = events.length <= 5 ? permutations(events) : Array.from({ length: 60 }, () => shuffle(events, rnd));
      const evalAt = lastAt + 2 * events.length + 1;
      const shown = (st: Store) =>
        JSON.stringify({
          live: st.live(evalAt),
          rows: [...st.rows.values()].map(({ own: _own, ...r }) => r).sort((x, y) => (x.id < y.id ? -1 : 1)),
        });
      const first = replay(base, orders[0]!);
      for (const order of orders.slice(1)) expect(shown(replay(base, order))).toBe(shown(first));
      // Reference, written from the rule: the merged session ends at its earliest stop; a member
      // keeps its device's stop, else is closed at that earliest stop if it ran then; then the
      // canonical groups of those intervals.
      const survivor = [...base.rows.values()].find((r) => !r.deleted)!;
      const stopsOf = (id: string) => events.flatMap((e) => (e.kind === 'stop' && e.stop.id === id ? [e.stop.at] : []));
      const earliest = Math.min(...stopsOf(survivor.id));
      const members = [...base.rows.values()].map((r): MergeMember => {
        const start = r.own.startedAt;
        const own = stopsOf(r.id);
        const ranAtEarliest = start < earliest && earliest - start <= MAX_SESSION_MS;
        const end = own.length > 0 ? Math.min(...own) : ranAtEarliest ? earliest : null;
        const n = normalizeSession({ startedAt: start, endedAt: end, autoStopped: false }, evalAt);
        if (!n.ok) throw new Error(n.reason);
        return { id: r.id, ...n.session };
      });
      const expected = planGroups(members, evalAt).map((g) => ({ id: g.survivorId, startedAt: g.session.startedAt, endedAt: g.session.endedAt, autoStopped: g.session.autoStopped }));
      expect(first.live(evalAt)).toEqual(expected.sort((x, y) => x.startedAt - y.startedAt));
      const survivorStops = stopsOf(survivor.id);
      if (survivorStops.length > 1) lateSeen++;
    }
    expect(lateSeen).toBeGreaterThan(50);
  });
});
