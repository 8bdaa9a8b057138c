import { describe, expect, it } from 'vitest';
import { MAX_SESSION_MS, normalizeSession, type SessionState } from './session.rules.ts';
import { overlaps, planGroups, type MergeMember } from './merge.rules.ts';
import { applySessionWrite } from './group.rules.ts';
import { MIN, Store, T0, at, inMinutes, mulberry32, permutations, s, shuffle, type Known } from './merge.test-kit.ts';

describe('the a, b, c reproduction (one user, one activity, the group passes 4 h)', () => {
  const a = s('a', 0, 200);
  const b = s('b', 190, 300);
  const c = s('c', 290, 400);
  const expected = [
    { id: 'a', from: 0, to: 240, auto: true },
    { id: 'c', from: 290, to: 400, auto: false },
  ];

  it('gives [a 0–240 (auto), c 290–400] in every arrival order; no minute of c is lost', () => {
    for (const order of permutations([a, b, c])) {
      const store = new Store();
      order.forEach((m, i) => store.write(m.id, m, at(500 + i)));
      expect(inMinutes(store.live(at(600))), order.map((m) => m.id).join(',')).toEqual(expected);
      expect(store.get('b')).toMatchObject({ deleted: true, mergedInto: 'a' });
    }
  });

  it('revives a merged session when an earlier start moves the cap before it (order c, b, a)', () => {
    const store = new Store();
    store.write('c', c, at(500));
    store.write('b', b, at(501));
    expect(inMinutes(store.live(at(600)))).toEqual([{ id: 'b', from: 190, to: 400, auto: false }]);
    expect(store.get('c')).toMatchObject({ deleted: true, mergedInto: 'b', startedAt: at(290), endedAt: at(400) });
    store.write('a', a, at(502));
    expect(store.get('c')).toMatchObject({ deleted: false, mergedInto: null, startedAt: at(290), endedAt: at(400), durationMinutes: 110 });
    // b was a survivor storing 190–400; its own 190–300 is what counts now, merged into a.
    expect(store.get('b')).toMatchObject({ deleted: true, mergedInto: 'a', startedAt: at(190), endedAt: at(300) });
    expect(inMinutes(store.live(at(600)))).toEqual(expected);
  });
});

describe(planGroups.name, () => {
  const now = at(1000);

  it('keeps sessions that only touch apart', () => {
    expect(planGroups([s('a', 0, 60), s('b', 60, 90)], now).map((g) => g.survivorId)).toEqual(['a', 'b']);
  });

  it('merges two starts into the earliest, running while one runs', () => {
    expect(planGroups([s('b', 5, null), s('a', 0, 60)], at(120))).toEqual([
      { survivorId: 'a', mergedIds: ['b'], session: { startedAt: T0, endedAt: null, autoStopped: false, durationMinutes: null } },
    ]);
  });

  it('takes the union within 4 h and breaks a tie on the start by the smallest id', () => {
    expect(planGroups([s('a', 0, 60), s('b', 5, 90)], now)[0]?.session).toEqual({ startedAt: T0, endedAt: at(90), autoStopped: false, durationMinutes: 90 });
    expect(planGroups([s('b', 0, 30), s('a', 0, 20)], now)[0]?.survivorId).toBe('a');
  });

  it('groups transitively through a bridging session', () => {
    const [g] = planGroups([s('w', 50, 130), s('a', 0, 60), s('b', 120, 180)], now);
    expect(g).toMatchObject({ survivorId: 'a', session: { startedAt: T0, endedAt: at(180), durationMinutes: 180 } });
    expect(g?.mergedIds.sort()).toEqual(['b', 'w']);
  });

  it('caps a group at its start + 4 h (auto) and keeps an auto-stop that ends it', () => {
    expect(planGroups([s('b', 10, 250), s('a', 0, 200)], now)[0]?.session).toEqual({ startedAt: T0, endedAt: T0 + MAX_SESSION_MS, autoStopped: true, durationMinutes: 240 });
    expect(planGroups([s('a', 0, 240, true), s('b', 30, 60)], now)[0]?.session).toMatchObject({ endedAt: at(240), autoStopped: true });
  });

  it('treats a running group past 4 h as stopped at start + 4 h; a start after that is a new session', () => {
    const groups = planGroups([s('a', 0, null), s('b', 200, null), s('c', 250, 260)], at(300));
    expect(groups.map((g) => [g.survivorId, g.mergedIds, g.session.endedAt, g.session.autoStopped])).toEqual([
      ['a', ['b'], at(240), true],
      ['c', [], at(260), false],
    ]);
  });
});

describe(applySessionWrite.name, () => {
  it('a late stop of a merged session updates its own interval and extends the group', () => {
    const store = new Store();
    store.write('laptop', { startedAt: at(0), endedAt: null }, at(10));
    store.write('phone', { startedAt: at(5), endedAt: null }, at(11));
    store.write('phone', { startedAt: at(5), endedAt: at(90) }, at(95));
    expect(store.get('phone')).toMatchObject({ deleted: true, mergedInto: 'laptop', endedAt: at(90), durationMinutes: 85 });
    expect(inMinutes(store.live(at(95)))).toEqual([{ id: 'laptop', from: 0, to: null, auto: false }]);
    store.write('laptop', { startedAt: at(0), endedAt: at(60) }, at(96));
    expect(inMinutes(store.live(at(96)))).toEqual([{ id: 'laptop', from: 0, to: 90, auto: false }]);
  });

  it('stopping the merged session closes members still running; their own later stop extends it', () => {
    const store = new Store();
    store.write('laptop', { startedAt: at(0), endedAt: null }, at(10));
    store.write('phone', { startedAt: at(5), endedAt: null }, at(11));
    store.write('laptop', { startedAt: at(0), endedAt: at(60) }, at(60));
    expect(inMinutes(store.live(at(61)))).toEqual([{ id: 'laptop', from: 0, to: 60, auto: false }]);
    expect(store.get('phone')).toMatchObject({ endedAt: at(60), deleted: true });
    store.write('phone', { startedAt: at(5), endedAt: at(90) }, at(95));
    expect(inMinutes(store.live(at(96)))).toEqual([{ id: 'laptop', from: 0, to: 90, auto: false }]);
  });

  it("keeps a survivor's own stop aside: a member running past it and stopping later does not keep it running", () => {
    const store = new Store();
    store.write('s', { startedAt: at(0), endedAt: at(30) }, at(31));
    store.write('x', { startedAt: at(10), endedAt: null }, at(32));
    expect(inMinutes(store.live(at(33)))).toEqual([{ id: 's', from: 0, to: null, auto: false }]);
    expect(store.get('s').own).toEqual({ startedAt: at(0), endedAt: at(30), autoStopped: false });
    store.write('x', { startedAt: at(10), endedAt: at(60) }, at(61));
    expect(inMinutes(store.live(at(62)))).toEqual([{ id: 's', from: 0, to: 60, auto: false }]);
  });

  it('a correction of the merged session lowers every member; a member starting after it stands alone', () => {
    const store = new Store();
    store.write('a', { startedAt: at(0), endedAt: null }, at(1));
    store.write('b', { startedAt: at(20), endedAt: at(100) }, at(101));
    store.write('c', { startedAt: at(150), endedAt: at(170) }, at(171));
    store.write('a', { startedAt: at(0), endedAt: null }, at(300));
    // Auto-stopped at 240 (the device's local auto-stop), then corrected to 60.
    store.write('a', { startedAt: at(0), endedAt: at(240), autoStopped: true }, at(301));
    expect(inMinutes(store.live(at(302)))).toEqual([{ id: 'a', from: 0, to: 240, auto: true }]);
    store.write('a', { startedAt: at(0), endedAt: at(60) }, at(302));
    expect(inMinutes(store.live(at(303)))).toEqual([
      { id: 'a', from: 0, to: 60, auto: false },
      { id: 'c', from: 150, to: 170, auto: false },
    ]);
  });

  it("deleting the merged session deletes the group; a later write of one of its members changes nothing", () => {
    const store = new Store();
    store.write('a', { startedAt: at(0), endedAt: at(30) }, at(40));
    store.write('b', { startedAt: at(10), endedAt: at(50) }, at(51));
    store.write('a', { startedAt: at(0), endedAt: at(50) }, at(52), true);
    expect(store.live(at(60))).toEqual([]);
    store.write('b', { startedAt: at(10), endedAt: at(55) }, at(60));
    store.write('z', { startedAt: at(-30), endedAt: at(20) }, at(61));
    expect(inMinutes(store.live(at(62)))).toEqual([{ id: 'z', from: -30, to: 20, auto: false }]);
    expect(store.get('b')).toMatchObject({ deleted: true, mergedInto: 'a' });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random histories of 2 to 4 devices, groups longer than 4 h included.

interface Recorded {
  id: string;
  /** Minutes from T0; end null = still running. */
  start: number;
  end: number | null;
}

/** Each device records non-overlapping sessions (up to 5 h long: the 4-hour rule will cut them). */
function history(rnd: () => number, allowRunning: boolean): Recorded[] {
  const out: Recorded[] = [];
  const devices = 2 + Math.floor(rnd() * 3);
  for (let d = 0; d < devices; d++) {
    let t = Math.floor(rnd() * 200);
    const n = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < n; k++) {
      const len = 1 + Math.floor(rnd() * (rnd() < 0.3 ? 300 : 120));
      const running = allowRunning && k === n - 1 && rnd() < 0.3;
      out.push({ id: `d${d}s${k}-${Math.floor(rnd() * 1e6)}`, start: t, end: running ? null : t + len });
      t += len + Math.floor(rnd() * 120);
    }
  }
  return out;
}

/** What a session of one device looks like once the 4-hour rule saw it at `nowMin`. */
function asMember(r: Recorded, nowMin: number): MergeMember {
  const n = normalizeSession({ startedAt: at(r.start), endedAt: r.end === null ? null : at(r.end), autoStopped: false }, at(nowMin));
  if (!n.ok) throw new Error(n.reason);
  return { id: r.id, ...n.session };
}

/**
 * One device, minute by minute: the activity starts when a device starts it while it is idle,
 * goes on while a device that started it during this run still runs it, and the 4-hour rule stops
 * it; a device start after a stop is a new run. Written independently of planGroups.
 */
function singleDevice(members: readonly MergeMember[], nowMin: number): { from: number; to: number | null }[] {
  const m = members.map((x) => ({ id: x.id, start: (x.startedAt - T0) / MIN, end: x.endedAt === null ? Infinity : (x.endedAt - T0) / MIN }));
  const runs: { from: number; to: number | null }[] = [];
  let run: { from: number; joined: typeof m } | null = null;
  const last = Math.max(nowMin, ...m.map((x) => (x.end === Infinity ? x.start : x.end))) + 300;
  for (let t = Math.min(...m.map((x) => x.start)); t <= last; t++) {
    if (run && (t >= run.from + 240 || !run.joined.some((x) => x.start <= t && t < x.end))) {
      const stillRunning = run.joined.some((x) => x.end === Infinity) && t === run.from + 240 && nowMin - run.from <= 240;
      runs.push({ from: run.from, to: stillRunning ? null : t });
      run = null;
    }
    const starting = m.filter((x) => x.start === t);
    if (starting.length === 0) continue;
    if (run) run.joined.push(...starting);
    else run = { from: t, joined: starting };
  }
  return runs;
}

/** Minutes covered by at least one interval (running ones up to `nowMin`). */
function coveredMinutes(intervals: readonly { from: number; to: number | null }[], nowMin: number): number {
  const spans = intervals.map((i) => [i.from, i.to ?? nowMin] as const).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let cur: [number, number] | null = null;
  for (const [a, b] of spans) {
    if (!cur || a > cur[1]) {
      if (cur) total += cur[1] - cur[0];
      cur = [a, b];
    } else cur[1] = Math.max(cur[1], b);
  }
  return total + (cur ? cur[1] - cur[0] : 0);
}

const liveKey = (store: Store, nowMin: number) => JSON.stringify(store.live(at(nowMin)));
const nowAfter = (recorded: readonly Recorded[]) => Math.max(...recorded.map((r) => r.end ?? r.start));

/** Each device pushes each session once, in `order`, as soon as it can (server time increasing). */
function replayFinal(order: readonly Recorded[], evalMin: number): Store {
  const store = new Store();
  let now = -Infinity;
  for (const r of order) {
    now = Math.max(now + 1, r.end ?? r.start);
    const m = asMember(r, Math.min(now, evalMin));
    store.write(r.id, m, at(now));
  }
  return store;
}

function checkAgainstSingleDevice(store: Store, recorded: readonly Recorded[], evalMin: number): void {
  const live = store.live(at(evalMin));
  for (const x of live) for (const y of live) if (x !== y) expect(overlaps(x, y, at(evalMin))).toBe(false);
  const members = recorded.map((r) => asMember(r, evalMin));
  const expected = singleDevice(members, evalMin);
  const got = live.map((l) => ({ from: (l.startedAt - T0) / MIN, to: l.endedAt === null ? null : (l.endedAt - T0) / MIN }));
  expect(got).toEqual(expected);
  expect(coveredMinutes(got, evalMin)).toBe(coveredMinutes(expected, evalMin));
  // Within 4 h per group, that is exactly the union of what the devices recorded.
  if (expected.every((e) => (e.to ?? evalMin) - e.from < 240)) {
    const own = members.map((x) => ({ from: (x.startedAt - T0) / MIN, to: x.endedAt === null ? null : (x.endedAt - T0) / MIN }));
    expect(coveredMinutes(got, evalMin)).toBe(coveredMinutes(own, evalMin));
  }
}

describe('merge properties (random offline histories, 2 to 4 devices, groups past 4 h)', () => {
  it('over 300 histories: every arrival order gives the same live sessions, as one device would have recorded', () => {
    const rnd = mulberry32(20260512);
    let longGroups = 0;
    let revivals = 0;
    for (let run = 0; run < 300; run++) {
      const recorded = history(rnd, true);
      const evalMin = nowAfter(recorded) + recorded.length + Math.floor(rnd() * 90);
      const orders = recorded.length <= 5 ? permutations(recorded) : Array.from({ length: 40 }, () => shuffle(recorded, rnd));
      const first = replayFinal(orders[0]!, evalMin);
      checkAgainstSingleDevice(first, recorded, evalMin);
      const key = liveKey(first, evalMin);
      for (const order of orders.slice(1)) expect(liveKey(replayFinal(order, evalMin), evalMin)).toBe(key);
      if (first.live(at(evalMin)).some((l) => l.autoStopped)) longGroups++;
      // Every tombstone points at a live survivor.
      for (const r of first.rows.values()) if (r.deleted) expect(first.get(r.mergedInto!).deleted).toBe(false);
      for (const order of orders.slice(0, 6)) revivals += replayFinal(order, evalMin).revived > 0 ? 1 : 0;
    }
    // The generator does reach the interesting cases.
    expect(longGroups).toBeGreaterThan(30);
    expect(revivals).toBeGreaterThan(20);
  });

  it('over 300 histories where devices push a start then, later, a stop: the same outcome as pushing once, late stops included', () => {
    const rnd = mulberry32(7);
    const outcomes = { accepted: 0, late: 0, superseded: 0, dropped: 0 };
    for (let run = 0; run < 300; run++) {
      const recorded = history(rnd, false);
      const evalMin = nowAfter(recorded) + 2 * recorded.length + 1;
      // A random interleaving in which each session's start comes before its stop.
      type Event = { r: Recorded; kind: 'start' | 'stop' };
      const lanes = recorded.map((r): Event[] => (rnd() < 0.6 ? [{ r, kind: 'start' }, { r, kind: 'stop' }] : [{ r, kind: 'stop' }]));
      const events: Event[] = [];
      while (lanes.some((l) => l.length > 0)) {
        const open = lanes.filter((l) => l.length > 0);
        events.push(open[Math.floor(rnd() * open.length)]!.shift()!);
      }
      const store = new Store();
      const known = new Map<string, Known>();
      let now = -Infinity;
      for (const { r, kind } of events) {
        // A start can only be pushed while the session runs (before its stop and its 4 h).
        const latestStart = Math.min(r.end!, r.start + 240) - 1;
        if (kind === 'start' && Math.max(now + 1, r.start) > latestStart) continue;
        now = Math.max(now + 1, kind === 'start' ? r.start : r.end!);
        const times: SessionState = kind === 'start' ? { startedAt: at(r.start), endedAt: null, autoStopped: false } : asMember(r, now);
        const result = store.deviceWrite(r.id, times, at(now), known.get(r.id));
        known.set(r.id, result.known);
        outcomes[result.outcome]++;
      }
      expect(liveKey(store, evalMin)).toBe(liveKey(replayFinal(recorded, evalMin), evalMin));
      checkAgainstSingleDevice(store, recorded, evalMin);
    }
    // No write is ever lost: a stop arriving after the server capped its session is either
    // earlier (written) or no earlier (the stored end already is the earliest). Both happen here.
    expect(outcomes.dropped).toBe(0);
    expect(outcomes.late).toBeGreaterThan(20);
    expect(outcomes.superseded).toBeGreaterThan(0);
  });
});
