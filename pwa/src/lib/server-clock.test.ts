import { describe, expect, it } from 'vitest';
import { memoryKeyValueStore } from './kv-store.ts';
import { computeClockOffset, parseServerTimeHeader, ServerClock } from './server-clock.ts';

describe('clock offset', () => {
  it('compares the server time with the midpoint of the round trip', () => {
    // Sent at 1000, answered at 1200 (device clock); the server said 6100 → 6100 − 1100.
    expect(computeClockOffset({ sentAt: 1000, receivedAt: 1200, serverTime: 6100 })).toBe(5000);
    expect(computeClockOffset({ sentAt: 1000, receivedAt: 1000, serverTime: 400 })).toBe(-600);
  });

  it('parses only plausible epoch-ms headers', () => {
    expect(parseServerTimeHeader('1700000000000')).toBe(1_700_000_000_000);
    expect(parseServerTimeHeader(null)).toBeNull();
    expect(parseServerTimeHeader('soon')).toBeNull();
    expect(parseServerTimeHeader('12')).toBeNull();
  });

  it('prefers the sample with the shortest round trip and stamps server time', () => {
    let local = 10_000;
    const clock = new ServerClock(memoryKeyValueStore(), 'k', () => local);
    clock.record({ sentAt: 9_000, receivedAt: 9_100, serverTime: 12_050 }); // rtt 100 → +3000
    expect(clock.offsetMs).toBe(3000);
    clock.record({ sentAt: 9_200, receivedAt: 9_800, serverTime: 20_000 }); // rtt 600: less precise, ignored
    expect(clock.offsetMs).toBe(3000);
    clock.record({ sentAt: 9_900, receivedAt: 9_910, serverTime: 12_400 }); // rtt 10 → +2495
    expect(clock.offsetMs).toBe(2495);
    expect(clock.now()).toBe(12_495);
    local = 10_000 + 6 * 60_000; // the best sample is now stale: a slower one may replace it
    clock.record({ sentAt: local - 500, receivedAt: local, serverTime: local - 250 + 1000 });
    expect(clock.offsetMs).toBe(1000);
  });

  it('persists the offset for the next start (offline after a reload)', () => {
    const store = memoryKeyValueStore();
    new ServerClock(store, 'offset').adopt(-4321);
    expect(new ServerClock(store, 'offset').offsetMs).toBe(-4321);
  });
});
