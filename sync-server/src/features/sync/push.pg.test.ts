import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptionId } from '@itercraft/shared/ids';
import { sql } from '../../platform/db.ts';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { pull, pullAll, push, pushRaw, usageDoc, type Doc } from '../../../test/sync-client.ts';

let server: TestServer;
let alice: string;
let bob: string;

beforeAll(async () => {
  server = await startTestServer();
  alice = await server.tokenFor('alice');
  bob = await server.tokenFor('bob');
});
afterAll(() => server.close());

const masterOf = async (token: string, id: string): Promise<Doc | undefined> =>
  (await pullAll(server.url, token, 'usages')).find((d) => d.id === id);

describe('push', () => {
  it('stamps rev and updatedAt on the server, ignoring what the client sent', async () => {
    const before = Date.now();
    const [r] = await push(server.url, alice, 'usages', [{ newDocumentState: usageDoc('u-stamp', 1, { rev: 99, updatedAt: 5 }) }]);
    expect(r).toEqual({ status: 'accepted', id: 'u-stamp' });
    const stored = await masterOf(alice, 'u-stamp');
    expect(stored?.rev).toBe(1);
    expect(stored?.updatedAt).toBeGreaterThanOrEqual(before - 1000);
  });

  it('rejects an invalid document with a reason while the rest of its batch lands', async () => {
    const results = await push(server.url, alice, 'usages', [
      { newDocumentState: usageDoc('u-ok-1') },
      { newDocumentState: { ...usageDoc('u-bad'), usedAt: 'yesterday' } },
      { newDocumentState: usageDoc('u-ok-2') },
    ]);
    expect(results[0]).toEqual({ status: 'accepted', id: 'u-ok-1' });
    expect(results[1]).toMatchObject({ status: 'rejected', id: 'u-bad', code: 'VALIDATION' });
    expect((results[1] as { reason: string }).reason).toMatch(/usedAt/);
    expect(results[2]).toEqual({ status: 'accepted', id: 'u-ok-2' });
    const ids = (await pullAll(server.url, alice, 'usages')).map((d) => d.id);
    expect(ids).toContain('u-ok-1');
    expect(ids).toContain('u-ok-2');
    expect(ids).not.toContain('u-bad');
  });

  it('treats a retransmitted batch as already applied: no duplicate, no false conflict, no new revision', async () => {
    const batch = [{ newDocumentState: usageDoc('u-retx-1') }, { newDocumentState: usageDoc('u-retx-2') }];
    expect((await push(server.url, alice, 'usages', batch)).map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const before = await pullAll(server.url, alice, 'usages');
    expect((await push(server.url, alice, 'usages', batch)).map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const after = await pullAll(server.url, alice, 'usages');
    expect(after).toHaveLength(before.length);
    expect(after.find((d) => d.id === 'u-retx-1')?.rev).toBe(1);
  });

  it('reports a conflict with the master state when the client wrote over a stale revision', async () => {
    await push(server.url, alice, 'usages', [{ newDocumentState: usageDoc('u-c') }]);
    const master = (await masterOf(alice, 'u-c'))!;
    const update = { ...master, usedAt: 42, writeId: 'w-update-1' };
    expect((await push(server.url, alice, 'usages', [{ assumedMasterState: master, newDocumentState: update }]))[0]).toEqual({
      status: 'accepted',
      id: 'u-c',
    });
    const stale = { ...master, usedAt: 7, writeId: 'w-update-2' };
    const [r] = await push(server.url, alice, 'usages', [{ assumedMasterState: master, newDocumentState: stale }]);
    expect(r).toMatchObject({ status: 'conflict', id: 'u-c', master: { usedAt: 42, rev: 2 } });
  });

  it('reports a conflict, not an error, for an assumed revision no row can have', async () => {
    await push(server.url, alice, 'usages', [{ newDocumentState: usageDoc('u-odd-rev') }]);
    const master = (await masterOf(alice, 'u-odd-rev'))!;
    for (const rev of [1.5, -1, 2 ** 40]) {
      const [r] = await push(server.url, alice, 'usages', [{ assumedMasterState: { ...master, rev }, newDocumentState: { ...master, usedAt: 3, writeId: `w-odd-${rev}` } }]);
      expect(r).toMatchObject({ status: 'conflict', id: 'u-odd-rev', master: { rev: 1 } });
    }
  });

  it('reports a conflict to a device creating a document that already exists', async () => {
    await push(server.url, alice, 'usages', [{ newDocumentState: usageDoc('u-dup', 1) }]);
    const [r] = await push(server.url, alice, 'usages', [{ newDocumentState: usageDoc('u-dup', 2) }]);
    expect(r).toMatchObject({ status: 'conflict', master: { usedAt: 1 } });
  });

  it('lets exactly one of two concurrent creators of the same id win', async () => {
    const a = pushRaw(server.url, alice, 'usages', [{ newDocumentState: usageDoc('u-race', 100) }]);
    const b = pushRaw(server.url, alice, 'usages', [{ newDocumentState: usageDoc('u-race', 200) }]);
    const statuses = (await Promise.all([a, b])).map((r) => r.body.results[0]!.status).sort();
    expect(statuses).toEqual(['accepted', 'conflict']);
  });

  it('never lets a user write or overwrite another user’s document', async () => {
    await push(server.url, alice, 'usages', [{ newDocumentState: usageDoc('u-alice-only', 1) }]);
    const [r] = await push(server.url, bob, 'usages', [{ newDocumentState: usageDoc('u-alice-only', 666) }]);
    expect(r).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
    expect((await masterOf(alice, 'u-alice-only'))?.usedAt).toBe(1);
    expect(await masterOf(bob, 'u-alice-only')).toBeUndefined();
  });

  it('keeps shared reference collections read-only', async () => {
    const games = await pull(server.url, alice, 'games', null, 5);
    const r = await pushRaw(server.url, alice, 'games', [{ newDocumentState: { ...games.documents[0], nom: 'Hacked' } }]);
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ error: { code: 'READ_ONLY' } });
    const services = await pullAll(server.url, alice, 'services');
    const seed = services.find((s) => s.code === 'tondeuse')!;
    const [row] = await push(server.url, alice, 'services', [
      { assumedMasterState: seed, newDocumentState: { ...seed, label: 'Hacked', writeId: 'w-hack' } },
    ]);
    expect(row).toMatchObject({ status: 'rejected', code: 'READ_ONLY' });
  });

  it('answers 400 with a code for a body that is not an array, and 413 for too many rows', async () => {
    const notArray = await pushRaw(server.url, alice, 'usages', { rows: [] });
    expect(notArray.status).toBe(400);
    expect(notArray.body).toMatchObject({ error: { code: 'VALIDATION' } });
    const tooMany = await pushRaw(server.url, alice, 'usages', Array.from({ length: 501 }, (_, i) => ({ newDocumentState: usageDoc(`u-many-${i}`) })));
    expect(tooMany.status).toBe(413);
  });

  it('replays a batch row by row when the database refuses it, so only the offending row is refused', async () => {
    // Subscription ids derive from (user, service), so only a row stored before that rule (here
    // written directly) can make a new subscription hit the one-per-service unique index.
    const [mowing, pool] = ['5e000000-0000-0000-0000-000000000001', '5e000000-0000-0000-0000-000000000002'];
    await server.db.query(sql.unsafe`INSERT INTO subscriptions (id, owner_id, service_id, subscribed_at) VALUES ('sub-legacy', 'alice', ${pool}, 1)`);
    const sub = (serviceId: string) => ({ id: subscriptionId('alice', serviceId), rev: 0, updatedAt: 0, writeId: `w-${serviceId}`, deleted: false, serviceId, subscribedAt: 1 });
    const results = await push(server.url, alice, 'subscriptions', [{ newDocumentState: sub(mowing) }, { newDocumentState: sub(pool) }]);
    expect(results[0]).toEqual({ status: 'accepted', id: sub(mowing).id });
    expect(results[1]).toMatchObject({ status: 'rejected', id: sub(pool).id, code: 'CONFLICT' });
    expect((await pullAll(server.url, alice, 'subscriptions')).map((d) => d.id).sort()).toEqual(['sub-legacy', sub(mowing).id].sort());
  });

  it('acknowledges a retransmitted update without a new revision', async () => {
    await push(server.url, alice, 'usages', [{ newDocumentState: usageDoc('u-retx-up') }]);
    const master = (await masterOf(alice, 'u-retx-up'))!;
    const row = { assumedMasterState: master, newDocumentState: { ...master, usedAt: 9, writeId: 'w-retx-up' } };
    expect(await push(server.url, alice, 'usages', [row])).toEqual([{ status: 'accepted', id: 'u-retx-up' }]);
    expect(await push(server.url, alice, 'usages', [row])).toEqual([{ status: 'accepted', id: 'u-retx-up' }]);
    expect(await masterOf(alice, 'u-retx-up')).toMatchObject({ usedAt: 9, rev: 2, writeId: 'w-retx-up' });
    // A write carrying the stored writeId is that write again, even over the current revision.
    const current = (await masterOf(alice, 'u-retx-up'))!;
    expect(await push(server.url, alice, 'usages', [{ assumedMasterState: current, newDocumentState: { ...current, usedAt: 10 } }])).toEqual([
      { status: 'accepted', id: 'u-retx-up' },
    ]);
    expect(await masterOf(alice, 'u-retx-up')).toMatchObject({ usedAt: 9, rev: 2 });
  });

  it('gives each row of a mixed batch its own outcome and writes only the accepted ones', async () => {
    await push(server.url, alice, 'usages', [{ newDocumentState: usageDoc('u-mix-up', 1) }, { newDocumentState: usageDoc('u-mix-stale', 1) }, { newDocumentState: usageDoc('u-mix-dup', 1) }]);
    await push(server.url, bob, 'usages', [{ newDocumentState: usageDoc('u-mix-bob', 1) }]);
    const up = (await masterOf(alice, 'u-mix-up'))!;
    const stale = (await masterOf(alice, 'u-mix-stale'))!;
    const results = await push(server.url, alice, 'usages', [
      { newDocumentState: usageDoc('u-mix-new', 2) },
      { assumedMasterState: up, newDocumentState: { ...up, usedAt: 2, writeId: 'w-mix-up' } },
      { assumedMasterState: { ...stale, rev: 7 }, newDocumentState: { ...stale, usedAt: 2, writeId: 'w-mix-stale' } },
      { newDocumentState: usageDoc('u-mix-dup', 2) },
      { newDocumentState: usageDoc('u-mix-bob', 2) },
      { newDocumentState: { ...usageDoc('u-mix-bad'), usedAt: -1 } },
    ]);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['u-mix-new', 'accepted'],
      ['u-mix-up', 'accepted'],
      ['u-mix-stale', 'conflict'],
      ['u-mix-dup', 'conflict'],
      ['u-mix-bob', 'rejected'],
      ['u-mix-bad', 'rejected'],
    ]);
    expect(results[2]).toMatchObject({ master: { usedAt: 1, rev: 1 } });
    expect(results[4]).toMatchObject({ code: 'FORBIDDEN' });
    const mine = new Map((await pullAll(server.url, alice, 'usages')).map((d) => [d.id, d]));
    expect(mine.get('u-mix-new')).toMatchObject({ usedAt: 2, rev: 1 });
    expect(mine.get('u-mix-up')).toMatchObject({ usedAt: 2, rev: 2 });
    expect(mine.get('u-mix-stale')).toMatchObject({ usedAt: 1, rev: 1 });
    expect(mine.get('u-mix-dup')).toMatchObject({ usedAt: 1, rev: 1 });
    expect(mine.has('u-mix-bob')).toBe(false);
    expect((await masterOf(bob, 'u-mix-bob'))?.usedAt).toBe(1);
  });

  it('replicates a deletion as a tombstone', async () => {
    await push(server.url, alice, 'usages', [{ newDocumentState: usageDoc('u-del') }]);
    const master = (await masterOf(alice, 'u-del'))!;
    await push(server.url, alice, 'usages', [{ assumedMasterState: master, newDocumentState: { ...master, deleted: true, writeId: 'w-del' } }]);
    expect(await masterOf(alice, 'u-del')).toMatchObject({ deleted: true, rev: 2 });
  });
});
