/**
 * A device whose clock is 10 minutes off still records sessions at the right server times: the
 * actions stamp with the database's ServerClock (offset measured NTP-style on a sync response),
 * and the shared rules then agree with the server. Virtual time throughout (a fake clock).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeSession } from '@itercraft/shared/maintenance/session.rules';
import { createTestDatabase, type TestDatabase } from '../../../test/rx-test-db.ts';
import { attachClock } from '../../db/database-clock.ts';
import { memoryKeyValueStore } from '../../lib/kv-store.ts';
import { ServerClock } from '../../lib/server-clock.ts';
import { startSession, stopSession } from './entretien-actions.ts';
import { TONDEUSE } from './entretien-test-kit.tsx';

/** True (server) time, moved by the test. */
class FakeClock {
  constructor(public t: number) {}
  advance(ms: number) {
    this.t += ms;
  }
}

const T0 = Date.UTC(2026, 4, 12, 8, 0, 0);
const TEN_MIN = 10 * 60_000;
let t: TestDatabase;

beforeEach(async () => {
  t = await createTestDatabase('entretien-clock');
});
afterEach(async () => {
  await t.destroy();
});

/** A device clock `skew` ms off, synced once with a 300 ms round trip (server stamps mid-way). */
function skewedDevice(truth: FakeClock, skew: number): ServerClock {
  const clock = new ServerClock(memoryKeyValueStore(), 'offset', () => truth.t + skew);
  const sentAt = truth.t + skew;
  truth.advance(150);
  const serverTime = truth.t;
  truth.advance(150);
  clock.record({ sentAt, receivedAt: truth.t + skew, serverTime });
  return clock;
}

describe('sessions stamped by a device whose clock is off', () => {
  for (const skew of [TEN_MIN, -TEN_MIN]) {
    it(`records start, stop and duration within ±1 s of the truth (device ${skew > 0 ? 'ahead' : 'behind'} by 10 min)`, async () => {
      const truth = new FakeClock(T0);
      attachClock(t.db, skewedDevice(truth, skew));
      truth.advance(42_000);
      const trueStart = truth.t;
      await startSession(t.db, TONDEUSE, null);
      const running = (await t.db.maintenanceSessions.find().exec())[0]!.toJSON();
      expect(Math.abs(running.startedAt - trueStart)).toBeLessThanOrEqual(1000);

      truth.advance(83 * 60_000 + 17_000);
      const trueEnd = truth.t;
      await stopSession(t.db, running);
      const stopped = (await t.db.maintenanceSessions.findOne(running.id).exec())!.toJSON();
      expect(Math.abs(stopped.endedAt! - trueEnd)).toBeLessThanOrEqual(1000);
      expect(Math.abs(stopped.endedAt! - stopped.startedAt - (trueEnd - trueStart))).toBeLessThanOrEqual(1000);
      expect(stopped.durationMinutes).toBe(83);
      // The server's normalisation leaves these times alone (nothing in its future, nothing to cap).
      const atServer = normalizeSession(stopped, truth.t);
      expect(atServer).toMatchObject({ ok: true, clamped: false, capped: false, session: { durationMinutes: 83 } });
    });
  }

  it('without a measured offset the same device would be 10 min off (and clamped by the server)', async () => {
    const truth = new FakeClock(T0);
    attachClock(t.db, new ServerClock(memoryKeyValueStore(), 'offset', () => truth.t + TEN_MIN));
    await startSession(t.db, TONDEUSE, null);
    const running = (await t.db.maintenanceSessions.find().exec())[0]!.toJSON();
    expect(running.startedAt - truth.t).toBe(TEN_MIN);
    expect(normalizeSession(running, truth.t)).toMatchObject({ ok: true, clamped: true, session: { startedAt: truth.t } });
  });
});
