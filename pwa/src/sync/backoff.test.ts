import { describe, expect, it } from 'vitest';
import { BackoffGate, backoffDelay } from './backoff.ts';

describe('backoff', () => {
  const options = { baseMs: 1000, maxMs: 30_000, jitter: 0.5, random: () => 1 };

  it('doubles per failure up to the cap, with jitter below the nominal delay', () => {
    expect([1, 2, 3, 5, 6, 20].map((n) => backoffDelay(n, options))).toEqual([1000, 2000, 4000, 16_000, 30_000, 30_000]);
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(2000);
    expect(backoffDelay(0, options)).toBe(0);
  });

  it('lets requests through at once after a success, and kick() ends a wait', async () => {
    const gate = new BackoffGate({ baseMs: 60_000, maxMs: 60_000, jitter: 0 });
    await gate.wait();
    gate.failed();
    let passed = false;
    const waiting = gate.wait().then(() => (passed = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(passed).toBe(false);
    gate.kick();
    await waiting;
    expect(passed).toBe(true);
    expect(gate.consecutiveFailures).toBe(0);
  });
});
