import { describe, expect, it } from 'vitest';
import { MAX_SESSION_MS } from './session.rules.ts';
import { planMerge, unionOf, type MergeMember } from './merge.rules.ts';

const T0 = Date.UTC(2026, 4, 12, 8, 0, 0);
const MIN = 60_000;
const s = (id: string, start: number, end: number | null, autoStopped = false): MergeMember => ({
  id,
  startedAt: T0 + start * MIN,
  endedAt: end === null ? null : T0 + end * MIN,
  autoStopped,
});

/**
 * A tiny in-memory "server": applies writes one by one with the merge rule, as the push rules do
 * (each write sees the effects of the previous ones). Returns the live (non-deleted) sessions.
 */
function applyAll(writes: MergeMember[], now: number): { live: Map<string, MergeMember>; mergedInto: Map<string, string> } {
  const live = new Map<string, MergeMember>();
  const mergedInto = new Map<string, string>();
  for (const w of writes) {
    const plan = planMerge(w, [...live.values()], now);
    if (!plan) {
      live.set(w.id, w);
      continue;
    }
    for (const id of plan.mergedIds) {
      live.delete(id);
      mergedInto.set(id, plan.survivorId);
    }
    live.set(plan.survivorId, { id: plan.survivorId, ...plan.survivor });
  }
  return { live, mergedInto };
}

/** Milliseconds covered by at least one interval (running ones up to `now`). */
function coveredMs(intervals: MergeMember[], now: number): number {
  const spans = intervals.map((i) => [i.startedAt, i.endedAt ?? now] as const).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let cur: [number, number] | null = null;
  for (const [a, b] of spans) {
    if (!cur || a > cur[1]) {
      if (cur) total += cur[1] - cur[0];
      cur = [a, b];
    } else cur[1] = Math.max(cur[1], b);
  }
  if (cur) total += cur[1] - cur[0];
  return total;
}

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(xs: T[], rnd: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe(planMerge.name, () => {
  it('returns null when the written session overlaps nothing (touching is not overlapping)', () => {
    expect(planMerge(s('b', 60, 90), [s('a', 0, 60)], T0 + 200 * MIN)).toBeNull();
  });

  it('merges two offline starts of the same activity into the earliest, running while one runs', () => {
    const plan = planMerge(s('b', 5, null), [s('a', 0, 60)], T0 + 120 * MIN);
    expect(plan).toEqual({ survivorId: 'a', survivor: { startedAt: T0, endedAt: null, autoStopped: false, durationMinutes: null }, mergedIds: ['b'] });
  });

  it('takes the union of two stopped sessions: start = min, end = max', () => {
    const plan = planMerge(s('a', 0, 60), [s('b', 5, 90)], T0 + 120 * MIN);
    expect(plan?.survivorId).toBe('a');
    expect(plan?.survivor).toEqual({ startedAt: T0, endedAt: T0 + 90 * MIN, autoStopped: false, durationMinutes: 90 });
    expect(plan?.mergedIds).toEqual(['b']);
  });

  it('breaks a tie on the start by the smallest id', () => {
    expect(planMerge(s('b', 0, 30), [s('a', 0, 20)], T0 + 60 * MIN)?.survivorId).toBe('a');
    expect(planMerge(s('a', 0, 30), [s('b', 0, 20)], T0 + 60 * MIN)?.survivorId).toBe('a');
  });

  it('groups transitively: a write bridging two sessions merges all three', () => {
    const plan = planMerge(s('w', 50, 130), [s('a', 0, 60), s('b', 120, 180), s('c', 300, 320)], T0 + 400 * MIN);
    expect(plan?.survivorId).toBe('a');
    expect(plan?.survivor).toMatchObject({ startedAt: T0, endedAt: T0 + 180 * MIN, durationMinutes: 180 });
    expect(plan?.mergedIds.sort()).toEqual(['b', 'w']);
  });

  it('applies the 4-hour rule to the union and keeps an auto-stop that ends it', () => {
    const capped = planMerge(s('b', 10, 250), [s('a', 0, 200)], T0 + 600 * MIN);
    expect(capped?.survivor).toEqual({ startedAt: T0, endedAt: T0 + MAX_SESSION_MS, autoStopped: true, durationMinutes: 240 });
    const auto = unionOf([s('a', 0, 240, true), s('b', 30, 60)], T0 + 600 * MIN);
    expect(auto).toMatchObject({ endedAt: T0 + 240 * MIN, autoStopped: true });
  });

  it('treats a running session past 4 h as stopped at start + 4 h', () => {
    expect(planMerge(s('b', 250, 260), [s('a', 0, null)], T0 + 300 * MIN)).toBeNull();
    const plan = planMerge(s('b', 200, null), [s('a', 0, null)], T0 + 300 * MIN);
    expect(plan?.survivor).toMatchObject({ startedAt: T0, endedAt: T0 + MAX_SESSION_MS, autoStopped: true });
  });
});

describe('merge properties (random offline histories of two devices)', () => {
  const runs = 400;
  it(`over ${runs} random histories: no overlap left, no minute lost or counted twice, order-independent`, () => {
    const rnd = mulberry32(20260512);
    for (let run = 0; run < runs; run++) {
      // Each device records a few non-overlapping sessions within 3 h (so the 4-hour cap never applies).
      const writes: MergeMember[] = [];
      for (const device of ['p', 'l']) {
        let t = Math.floor(rnd() * 20);
        const n = 1 + Math.floor(rnd() * 4);
        for (let k = 0; k < n && t < 170; k++) {
          const len = 1 + Math.floor(rnd() * 40);
          const isLastRunning = k === n - 1 && rnd() < 0.3;
          writes.push(s(`${device}${k}-${Math.floor(rnd() * 1e6)}`, t, isLastRunning ? null : Math.min(t + len, 179)));
          t += len + Math.floor(rnd() * 30);
        }
      }
      const now = T0 + 180 * MIN;
      const a = applyAll(shuffle(writes, rnd), now);
      const b = applyAll(shuffle(writes, rnd), now);
      const liveA = [...a.live.values()];
      // 1. Live sessions never overlap.
      for (const x of liveA) for (const y of liveA) if (x !== y) expect(planMerge(x, [y], now)).toBeNull();
      // 2. The time covered is exactly the time covered by all devices' sessions.
      expect(coveredMs(liveA, now)).toBe(coveredMs(writes, now));
      const sum = liveA.reduce((acc, x) => acc + ((x.endedAt ?? now) - x.startedAt), 0);
      expect(sum).toBe(coveredMs(writes, now));
      // 3. Any arrival order converges to the same live sessions.
      const key = (m: Map<string, MergeMember>) => JSON.stringify([...m.values()].sort((x, y) => (x.id < y.id ? -1 : 1)));
      expect(key(a.live)).toBe(key(b.live));
      // 4. Every tombstone points (possibly through a chain) at a live survivor.
      for (const id of a.mergedInto.keys()) {
        let target = a.mergedInto.get(id)!;
        for (let hops = 0; !a.live.has(target) && hops < 20; hops++) target = a.mergedInto.get(target)!;
        expect(a.live.has(target)).toBe(true);
      }
    }
  });
});
