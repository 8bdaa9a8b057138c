import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicesCollection } from '@itercraft/shared/collections/services.schema';
import { newPrivateActivity } from '@itercraft/shared/maintenance/activity.rules';
import { FakeClock } from '../../platform/clock.ts';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { push, type Doc } from '../../../test/sync-client.ts';
import { autoStopJob } from './auto-stop.job.ts';
import { HOUR, MIN, PISCINE, TONDEUSE, edit, liveSessions, newUser, pushSessions, session, sessionsById } from './maintenance.test-kit.ts';

const T0 = Date.UTC(2026, 4, 12, 8, 0, 0);
const clock = new FakeClock(T0);
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ clock });
});
afterAll(() => server.close());

const runAutoStop = () => autoStopJob({ db: server.db, clock, logger: server.deps.logger }).run();
const minutesOf = (docs: Record<string, unknown>[]) => docs.reduce((a, d) => a + Number(d.durationMinutes ?? 0), 0);

describe('offline double start (two devices, same activity)', () => {
  it('converges to one running session, the earliest start, the other a tombstone pointing at it', async () => {
    const { token } = await newUser(server);
    clock.set(T0 + 60 * MIN);
    const phone = session('ds-phone', T0 + 5 * MIN);
    const laptop = session('ds-laptop', T0);
    expect(await pushSessions(server, token, [{ newDocumentState: phone }])).toEqual([{ status: 'accepted', id: 'ds-phone' }]);
    expect(await pushSessions(server, token, [{ newDocumentState: laptop }])).toEqual([{ status: 'accepted', id: 'ds-laptop' }]);
    const all = await sessionsById(server, token);
    expect(all.get('ds-laptop')).toMatchObject({ deleted: false, startedAt: T0, endedAt: null, mergedInto: null });
    expect(all.get('ds-phone')).toMatchObject({ deleted: true, mergedInto: 'ds-laptop' });
  });

  it('folds the late stop of the merged session into the survivor: no minute lost, none counted twice', async () => {
    const { token } = await newUser(server);
    clock.set(T0 + 30 * MIN);
    const phone = session('fold-phone', T0 + 5 * MIN);
    const laptop = session('fold-laptop', T0);
    await pushSessions(server, token, [{ newDocumentState: laptop }]);
    await pushSessions(server, token, [{ newDocumentState: phone }]);
    // The laptop stops at +60 (it knows the master); the phone, offline, stopped at +90.
    clock.set(T0 + 95 * MIN);
    const master = (await sessionsById(server, token)).get('fold-laptop')!;
    expect((await pushSessions(server, token, [edit(master, { endedAt: T0 + 60 * MIN })]))[0]?.status).toBe('accepted');
    const phoneStop = { assumedMasterState: phone, newDocumentState: { ...phone, endedAt: T0 + 90 * MIN, writeId: 'w-phone-stop' } };
    expect(await pushSessions(server, token, [phoneStop])).toEqual([{ status: 'accepted', id: 'fold-phone' }]);
    const live = await liveSessions(server, token);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ id: 'fold-laptop', startedAt: T0, endedAt: T0 + 90 * MIN, durationMinutes: 90 });
    // Retransmitting the phone's stop changes nothing.
    await pushSessions(server, token, [phoneStop]);
    expect(minutesOf(await liveSessions(server, token))).toBe(90);
  });

  it('keeps the survivor running while the device that started it has not stopped', async () => {
    const { token } = await newUser(server);
    clock.set(T0 + 10 * MIN);
    const laptop = session('run-laptop', T0);
    const phone = session('run-phone', T0 + 2 * MIN);
    await pushSessions(server, token, [{ newDocumentState: laptop }, { newDocumentState: phone }]);
    clock.set(T0 + 40 * MIN);
    await pushSessions(server, token, [{ assumedMasterState: phone, newDocumentState: { ...phone, endedAt: T0 + 40 * MIN, writeId: 'w-p' } }]);
    expect(await liveSessions(server, token)).toEqual([expect.objectContaining({ id: 'run-laptop', endedAt: null })]);
  });

  it('gives the same live sessions whichever device syncs first', async () => {
    const shapes: unknown[] = [];
    for (const order of [0, 1]) {
      const { token } = await newUser(server);
      clock.set(T0 + 3 * HOUR);
      const a = session(`ord${order}-a`, T0 + 10 * MIN, { endedAt: T0 + 70 * MIN });
      const b = session(`ord${order}-b`, T0 + 20 * MIN, { endedAt: T0 + 100 * MIN });
      const c = session(`ord${order}-c`, T0 + 95 * MIN, { endedAt: T0 + 130 * MIN });
      const writes = order === 0 ? [a, b, c] : [c, b, a];
      for (const w of writes) await pushSessions(server, token, [{ newDocumentState: w }]);
      const live = await liveSessions(server, token);
      shapes.push(live.map((d) => ({ id: String(d.id).slice(5), startedAt: d.startedAt, endedAt: d.endedAt, durationMinutes: d.durationMinutes })));
    }
    expect(shapes[0]).toEqual([{ id: 'a', startedAt: T0 + 10 * MIN, endedAt: T0 + 130 * MIN, durationMinutes: 120 }]);
    expect(shapes[1]).toEqual(shapes[0]);
  });

  it('a, b, c past 4 h: both arrival orders from two devices pull the same state, c revived with a new revision', async () => {
    const states: unknown[] = [];
    for (const order of ['abc', 'cba']) {
      const { token } = await newUser(server);
      clock.set(T0 + 8 * HOUR);
      const docs = {
        a: session(`abc-${order}-a`, T0, { endedAt: T0 + 200 * MIN }),
        b: session(`abc-${order}-b`, T0 + 190 * MIN, { endedAt: T0 + 300 * MIN }),
        c: session(`abc-${order}-c`, T0 + 290 * MIN, { endedAt: T0 + 400 * MIN }),
      };
      // The phone recorded a and c, the laptop b; each device pushes its own sessions one by one.
      for (const key of [...order] as ('a' | 'b' | 'c')[]) {
        expect(await pushSessions(server, token, [{ newDocumentState: docs[key] }])).toEqual([{ status: 'accepted', id: docs[key].id }]);
      }
      const pulled = [...(await sessionsById(server, token)).values()].sort((x, y) => Number(x.startedAt) - Number(y.startedAt));
      if (order === 'cba') {
        // c was merged into b (190–400), then revived when a moved the cap to 240: a new revision.
        expect(pulled.find((d) => d.id === docs.c.id)).toMatchObject({ deleted: false, mergedInto: null, rev: 3 });
      }
      states.push(pulled.map((d) => ({ id: String(d.id).slice(8), startedAt: d.startedAt, endedAt: d.endedAt, durationMinutes: d.durationMinutes, autoStopped: d.autoStopped, deleted: d.deleted, mergedInto: typeof d.mergedInto === 'string' ? d.mergedInto.slice(8) : null })));
    }
    expect(states[0]).toEqual([
      { id: 'a', startedAt: T0, endedAt: T0 + 240 * MIN, durationMinutes: 240, autoStopped: true, deleted: false, mergedInto: null },
      { id: 'b', startedAt: T0 + 190 * MIN, endedAt: T0 + 300 * MIN, durationMinutes: 110, autoStopped: false, deleted: true, mergedInto: 'a' },
      { id: 'c', startedAt: T0 + 290 * MIN, endedAt: T0 + 400 * MIN, durationMinutes: 110, autoStopped: false, deleted: false, mergedInto: null },
    ]);
    expect(states[1]).toEqual(states[0]);
  });

  it("keeps the survivor's own stop aside: a merged device running past it and stopping later closes the group", async () => {
    const { token } = await newUser(server);
    clock.set(T0 + 31 * MIN);
    await pushSessions(server, token, [{ newDocumentState: session('own-s', T0, { endedAt: T0 + 30 * MIN }) }]);
    clock.set(T0 + 32 * MIN);
    const x = session('own-x', T0 + 10 * MIN);
    await pushSessions(server, token, [{ newDocumentState: x }]);
    expect(await liveSessions(server, token)).toEqual([expect.objectContaining({ id: 'own-s', endedAt: null })]);
    clock.set(T0 + 61 * MIN);
    const stop = { assumedMasterState: x, newDocumentState: { ...x, endedAt: T0 + 60 * MIN, writeId: 'w-own-x' } };
    expect(await pushSessions(server, token, [stop])).toEqual([{ status: 'accepted', id: 'own-x' }]);
    expect(await liveSessions(server, token)).toEqual([expect.objectContaining({ id: 'own-s', startedAt: T0, endedAt: T0 + 60 * MIN, durationMinutes: 60 })]);
  });

  it('stopping the merged session stops the members still running on devices that know of the merge', async () => {
    const { token } = await newUser(server);
    clock.set(T0 + 10 * MIN);
    await pushSessions(server, token, [{ newDocumentState: session('stopall-a', T0) }, { newDocumentState: session('stopall-b', T0 + 5 * MIN) }]);
    clock.set(T0 + 50 * MIN);
    const master = (await sessionsById(server, token)).get('stopall-a')!;
    expect((await pushSessions(server, token, [edit(master, { endedAt: T0 + 50 * MIN })]))[0]?.status).toBe('accepted');
    const all = await sessionsById(server, token);
    expect(all.get('stopall-a')).toMatchObject({ endedAt: T0 + 50 * MIN, deleted: false, durationMinutes: 50 });
    expect(all.get('stopall-b')).toMatchObject({ endedAt: T0 + 50 * MIN, deleted: true, mergedInto: 'stopall-a' });
    // Nothing runs any more: the activity can be started again.
    expect(await pushSessions(server, token, [{ newDocumentState: session('stopall-c', T0 + 60 * MIN) }])).toEqual([{ status: 'accepted', id: 'stopall-c' }]);
  });

  it('does not merge sessions of different activities: several activities may run at once', async () => {
    const { token } = await newUser(server);
    clock.set(T0 + 10 * MIN);
    await pushSessions(server, token, [{ newDocumentState: session('multi-t', T0) }, { newDocumentState: session('multi-p', T0, { serviceId: PISCINE }) }]);
    expect((await liveSessions(server, token)).map((d) => d.id).sort()).toEqual(['multi-p', 'multi-t']);
  });
});

describe('stopping twice: the earliest end wins', () => {
  /** A session started at T0 and pulled by every device (they all hold revision 1, running). */
  async function startedEverywhere(token: string, id: string): Promise<Doc> {
    clock.set(T0 + MIN);
    await pushSessions(server, token, [{ newDocumentState: session(id, T0) }]);
    return (await sessionsById(server, token)).get(id)!;
  }

  it('a stop made offline at +1 h 54, pushed after the job auto-stopped the session at +4 h, replaces the auto-stop', async () => {
    const { token } = await newUser(server);
    const seen = await startedEverywhere(token, 'late-114');
    clock.set(T0 + 4 * HOUR + 30_000);
    expect((await runAutoStop()).map((r) => r.id)).toContain('late-114');
    const auto = (await sessionsById(server, token)).get('late-114')!;
    expect(auto).toMatchObject({ endedAt: T0 + 4 * HOUR, autoStopped: true, durationMinutes: 240 });
    // The phone reconnects at +5 h with its stop of +1 h 54 (30 s into the minute: truncated).
    clock.set(T0 + 5 * HOUR);
    const [outcome] = await pushSessions(server, token, [edit(seen, { endedAt: T0 + 114 * MIN + 30_000, durationMinutes: 114 })]);
    expect(outcome).toEqual({ status: 'accepted', id: 'late-114' });
    const stored = (await sessionsById(server, token)).get('late-114')!;
    expect(stored).toMatchObject({ endedAt: T0 + 114 * MIN + 30_000, autoStopped: false, durationMinutes: 114, deleted: false });
    expect(Number(stored.rev)).toBeGreaterThan(Number(auto.rev));
  });

  it('a stop at +4 h 30 arriving after the auto-stop never overwrites it: conflict, the master is returned', async () => {
    const { token } = await newUser(server);
    const seen = await startedEverywhere(token, 'late-270');
    clock.set(T0 + 4 * HOUR + 31 * MIN);
    await runAutoStop();
    const [outcome] = await pushSessions(server, token, [edit(seen, { endedAt: T0 + 4 * HOUR + 30 * MIN })]);
    expect(outcome).toMatchObject({ status: 'conflict', master: { endedAt: T0 + 4 * HOUR, autoStopped: true, durationMinutes: 240 } });
    expect((await sessionsById(server, token)).get('late-270')).toMatchObject({ endedAt: T0 + 4 * HOUR, autoStopped: true, durationMinutes: 240 });
  });

  it('an end before the start in a late stop is refused with its reason, as on time', async () => {
    const { token } = await newUser(server);
    const seen = await startedEverywhere(token, 'late-bad');
    clock.set(T0 + 5 * HOUR);
    await runAutoStop();
    const [outcome] = await pushSessions(server, token, [edit(seen, { endedAt: T0 - MIN })]);
    expect(outcome).toEqual({ status: 'rejected', id: 'late-bad', code: 'INVALID_INTERVAL', reason: 'La fin de la session précède son début' });
    expect((await sessionsById(server, token)).get('late-bad')).toMatchObject({ endedAt: T0 + 4 * HOUR, autoStopped: true });
  });

  /**
   * Devices A and B both hold revision 1 (running); A stops at +60 min, B at `bStop`; `first`
   * pushes first (on time), the other one is stale. Returns each outcome and the pulled state.
   */
  async function twoStops(tag: string, bStop: number, first: 'A' | 'B') {
    const { token } = await newUser(server);
    const id = `two-${tag}`;
    const seen = await startedEverywhere(token, id);
    const stops = { A: edit(seen, { endedAt: T0 + 60 * MIN }), B: edit(seen, { endedAt: T0 + bStop * MIN }) };
    clock.set(T0 + 90 * MIN);
    const second = first === 'A' ? 'B' : 'A';
    const [onTime] = await pushSessions(server, token, [stops[first]]);
    const [stale] = await pushSessions(server, token, [stops[second]]);
    const { endedAt, durationMinutes, autoStopped, deleted, mergedInto } = (await sessionsById(server, token)).get(id)!;
    return { onTime, stale, pulled: { endedAt, durationMinutes, autoStopped, deleted, mergedInto } };
  }

  it('device A stops at +60, a stale device B at +50: 50 wins (accepted)', async () => {
    const r = await twoStops('50-ab', 50, 'A');
    expect(r.onTime?.status).toBe('accepted');
    expect(r.stale?.status).toBe('accepted');
    expect(r.pulled).toEqual({ endedAt: T0 + 50 * MIN, durationMinutes: 50, autoStopped: false, deleted: false, mergedInto: null });
  });

  it('device A stops at +60, a stale device B at +70: 60 stays (conflict with the master)', async () => {
    const r = await twoStops('70-ab', 70, 'A');
    expect(r.stale).toMatchObject({ status: 'conflict', master: { endedAt: T0 + 60 * MIN, durationMinutes: 60 } });
    expect(r.pulled).toEqual({ endedAt: T0 + 60 * MIN, durationMinutes: 60, autoStopped: false, deleted: false, mergedInto: null });
  });

  it('gives the same pulled state in both arrival orders (B at +50 and at +70)', async () => {
    for (const bStop of [50, 70]) {
      const ab = await twoStops(`${bStop}-o1`, bStop, 'A');
      const ba = await twoStops(`${bStop}-o2`, bStop, 'B');
      expect(ba.pulled).toEqual(ab.pulled);
      expect(ab.pulled.endedAt).toBe(T0 + Math.min(60, bStop) * MIN);
    }
  });

  it('two devices stopping a merged session: the earliest stop, the member closed at it, in both orders', async () => {
    const states: unknown[] = [];
    for (const order of ['ab', 'ba']) {
      const { token } = await newUser(server);
      clock.set(T0 + 10 * MIN);
      const [laptopId, phoneId] = [`grp-${order}-laptop`, `grp-${order}-phone`];
      await pushSessions(server, token, [{ newDocumentState: session(laptopId, T0) }, { newDocumentState: session(phoneId, T0 + 5 * MIN) }]);
      // Both devices now show the merged session (the laptop's); the phone never stops its own.
      const seen = (await sessionsById(server, token)).get(laptopId)!;
      const stops = { a: edit(seen, { endedAt: T0 + 60 * MIN }), b: edit(seen, { endedAt: T0 + 50 * MIN }) };
      clock.set(T0 + 70 * MIN);
      for (const key of [...order] as ('a' | 'b')[]) await pushSessions(server, token, [stops[key]]);
      const all = await sessionsById(server, token);
      const view = (d: Doc) => ({ endedAt: d.endedAt, durationMinutes: d.durationMinutes, autoStopped: d.autoStopped, deleted: d.deleted });
      states.push({ laptop: view(all.get(laptopId)!), phone: { ...view(all.get(phoneId)!), mergedInto: all.get(phoneId)!.mergedInto === laptopId } });
    }
    expect(states[0]).toEqual({
      laptop: { endedAt: T0 + 50 * MIN, durationMinutes: 50, autoStopped: false, deleted: false },
      phone: { endedAt: T0 + 50 * MIN, durationMinutes: 45, autoStopped: false, deleted: true, mergedInto: true },
    });
    expect(states[1]).toEqual(states[0]);
  });

  it('a stopped session cannot be restarted by a later write', async () => {
    const { token } = await newUser(server);
    clock.set(T0 + 30 * MIN);
    await pushSessions(server, token, [{ newDocumentState: session('restart', T0, { endedAt: T0 + 20 * MIN }) }]);
    const master = (await sessionsById(server, token)).get('restart')!;
    const [outcome] = await pushSessions(server, token, [edit(master, { endedAt: null })]);
    expect(outcome).toMatchObject({ status: 'rejected', code: 'ALREADY_STOPPED', reason: 'Cette session est déjà terminée' });
  });
});

describe('normalisation at push', () => {
  it('rejects an end before the start without blocking the rest of the batch', async () => {
    const { token } = await newUser(server);
    clock.set(T0 + HOUR);
    const results = await pushSessions(server, token, [
      { newDocumentState: session('batch-ok1', T0, { endedAt: T0 + 10 * MIN }) },
      { newDocumentState: session('batch-bad', T0 + 20 * MIN, { endedAt: T0 + 15 * MIN, serviceId: PISCINE }) },
      { newDocumentState: session('batch-ok2', T0 + 30 * MIN, { endedAt: T0 + 40 * MIN }) },
    ]);
    expect(results).toEqual([
      { status: 'accepted', id: 'batch-ok1' },
      { status: 'rejected', id: 'batch-bad', code: 'INVALID_INTERVAL', reason: 'La fin de la session précède son début' },
      { status: 'accepted', id: 'batch-ok2' },
    ]);
    expect((await liveSessions(server, token)).map((d) => d.id).sort()).toEqual(['batch-ok1', 'batch-ok2']);
  });

  it('clamps a start more than 5 minutes in the future to the server now, keeps one within 5 minutes', async () => {
    const { token } = await newUser(server);
    const now = T0 + 2 * HOUR;
    clock.set(now);
    await pushSessions(server, token, [
      { newDocumentState: session('future-far', now + 6 * MIN) },
      { newDocumentState: session('future-near', now + 4 * MIN, { serviceId: PISCINE }) },
    ]);
    const all = await sessionsById(server, token);
    expect(all.get('future-far')?.startedAt).toBe(now);
    expect(all.get('future-near')?.startedAt).toBe(now + 4 * MIN);
  });

  it('recomputes durationMinutes (whole minutes, truncated) whatever the client sent', async () => {
    const { token } = await newUser(server);
    clock.set(T0 + HOUR);
    await pushSessions(server, token, [{ newDocumentState: session('dur', T0, { endedAt: T0 + 59 * MIN + 59_999, durationMinutes: 999 }) }]);
    expect((await sessionsById(server, token)).get('dur')?.durationMinutes).toBe(59);
  });

  it('closes a session that ran offline past 4 h at start + 4 h, running or stopped', async () => {
    const { token } = await newUser(server);
    clock.set(T0 + 7 * HOUR);
    await pushSessions(server, token, [
      { newDocumentState: session('long-run', T0) },
      { newDocumentState: session('long-stop', T0, { endedAt: T0 + 6 * HOUR, serviceId: PISCINE }) },
    ]);
    const all = await sessionsById(server, token);
    for (const id of ['long-run', 'long-stop']) {
      expect(all.get(id)).toMatchObject({ endedAt: T0 + 4 * HOUR, durationMinutes: 240, autoStopped: true });
    }
  });

  it('lets the user correct an auto-stopped session to an earlier end; it stays marked auto-stopped', async () => {
    const { token } = await newUser(server);
    clock.set(T0 + 5 * HOUR);
    await pushSessions(server, token, [{ newDocumentState: session('fix', T0) }]);
    const master = (await sessionsById(server, token)).get('fix')!;
    expect(master).toMatchObject({ autoStopped: true, endedAt: T0 + 4 * HOUR });
    expect((await pushSessions(server, token, [edit(master, { endedAt: T0 + 95 * MIN })]))[0]?.status).toBe('accepted');
    expect((await sessionsById(server, token)).get('fix')).toMatchObject({ endedAt: T0 + 95 * MIN, durationMinutes: 95, autoStopped: true });
  });

  it('does not let a client mark an ordinary stop as auto-stopped', async () => {
    const { token } = await newUser(server);
    clock.set(T0 + HOUR);
    await pushSessions(server, token, [{ newDocumentState: session('fake-auto', T0, { endedAt: T0 + 20 * MIN, autoStopped: true }) }]);
    expect((await sessionsById(server, token)).get('fake-auto')?.autoStopped).toBe(false);
  });

  it('closes an overdue running session of the activity before a new start (the job had not run)', async () => {
    const { token } = await newUser(server);
    clock.set(T0);
    await pushSessions(server, token, [{ newDocumentState: session('overdue-1', T0) }]);
    clock.set(T0 + 5 * HOUR);
    expect(await pushSessions(server, token, [{ newDocumentState: session('overdue-2', T0 + 5 * HOUR) }])).toEqual([
      { status: 'accepted', id: 'overdue-2' },
    ]);
    const all = await sessionsById(server, token);
    expect(all.get('overdue-1')).toMatchObject({ endedAt: T0 + 4 * HOUR, autoStopped: true, deleted: false });
    expect(all.get('overdue-2')).toMatchObject({ endedAt: null, deleted: false });
  });
});

describe('delete and ownership', () => {
  it('deletes a running session as a tombstone; a stale delete wins over the auto-stop', async () => {
    const { token } = await newUser(server);
    clock.set(T0);
    const a = session('del-a', T0);
    const b = session('del-b', T0, { serviceId: PISCINE });
    await pushSessions(server, token, [{ newDocumentState: a }, { newDocumentState: b }]);
    const master = (await sessionsById(server, token)).get('del-a')!;
    expect((await pushSessions(server, token, [edit(master, { deleted: true })]))[0]?.status).toBe('accepted');
    clock.set(T0 + 5 * HOUR);
    await runAutoStop();
    const stale = { assumedMasterState: b, newDocumentState: { ...b, deleted: true, writeId: 'w-del-b' } };
    expect(await pushSessions(server, token, [stale])).toEqual([{ status: 'accepted', id: 'del-b' }]);
    const all = await sessionsById(server, token);
    expect(all.get('del-a')?.deleted).toBe(true);
    expect(all.get('del-b')?.deleted).toBe(true);
  });

  it("refuses a session on another user's private activity", async () => {
    const bob = await newUser(server, 'bob');
    const alice = await newUser(server, 'alice');
    const activity = { ...newPrivateActivity(bob.sub, 'Jardinage', T0), rev: 0, updatedAt: 0, writeId: 'w-act', deleted: false };
    servicesCollection.wireSchema.parse(activity);
    expect((await push(server.url, bob.token, 'services', [{ newDocumentState: activity }]))[0]?.status).toBe('accepted');
    const [outcome] = await pushSessions(server, alice.token, [{ newDocumentState: session('foreign', T0, { serviceId: activity.id }) }]);
    expect(outcome).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
  });

  it('accepts a session of an activity not pushed yet (created offline on the same device)', async () => {
    const { sub, token } = await newUser(server);
    const activity = newPrivateActivity(sub, 'Tailler la haie', T0);
    clock.set(T0 + HOUR);
    const [outcome] = await pushSessions(server, token, [{ newDocumentState: session('early', T0, { serviceId: activity.id, endedAt: T0 + 10 * MIN }) }]);
    expect(outcome?.status).toBe('accepted');
    expect((await liveSessions(server, token)).map((d) => d.serviceId)).toEqual([activity.id]);
    void TONDEUSE;
  });
});
