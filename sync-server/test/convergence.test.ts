/**
 * The PWA's data layer (RxDB on Dexie/fake-indexeddb + its replication engine) against the REAL
 * sync server and PostgreSQL. Each client runs in its own worker thread (its own JavaScript
 * realm: the free RxDB allows about 13 open collections per realm and a client has 10), with its
 * own database, clock, token and switchable network.
 *
 * - convergence: two devices of one user, one offline, writes and a deletion on both sides →
 *   identical state on both devices and on the server; another user sees none of it;
 * - pending count up on write, down when the server's version comes back;
 * - a refused change is kept with its reason, excluded from the pending count, and discarding it
 *   removes it without sending anything;
 * - 401: sync waits in "needs-sign-in", local writes go on, a fresh token sends everything;
 * - a conflict lost by this device keeps the overwritten content in a sync issue;
 * - 410 CHECKPOINT_EXPIRED: full resync that drops what the server no longer has, except
 *   unsynced local changes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { collectionNames, type CollectionName } from '@itercraft/shared/collections/index';
import { privateActivityId, randomId, subscriptionId } from '@itercraft/shared/ids';
import { activityCode } from '@itercraft/shared/maintenance/activity-code';
import { periodsAt } from '@itercraft/shared/maintenance/time-zone';
import { writableCollectionNames } from '../../pwa/src/db/collections.ts';
import { issueKey } from '../../pwa/src/db/sync-issue.schema.ts';
import { writeDocument } from '../../pwa/src/db/write.ts';
import { startTestClient, until } from '../../pwa/test/sync-test-client.ts';
import { startWorkerClient, type WorkerClient } from '../../pwa/test/worker-client/worker-client.ts';
import { sql } from '../src/platform/db.ts';
import { pullAll, type Doc } from './sync-client.ts';
import { startTestServer, type TestServer } from './test-server.ts';

const MOWING = '5e000000-0000-0000-0000-000000000001';
const POOL = '5e000000-0000-0000-0000-000000000002';
const HOUR = 3_600_000;

// Worker start-up loads RxDB in a fresh realm: seconds on a busy machine. Never a performance assertion.
vi.setConfig({ testTimeout: 120_000 });

let server: TestServer;
const clients: WorkerClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await server?.close();
});

async function device(sub: string): Promise<WorkerClient> {
  const client = await startWorkerClient({ baseUrl: server.url, token: await server.tokenFor(sub), name: 'conv' });
  clients.push(client);
  await until(async () => (await client.status()).connection === 'connected', `${sub} connects`);
  return client;
}

const pendingIs = (c: WorkerClient, n: number) => async () => (await c.status()).pendingCount === n;

/** The server's version of each document is back on the device (stored, not pending). */
function isSynced(c: WorkerClient, collection: CollectionName, ids: string[]) {
  return async () => {
    for (const id of ids) {
      const doc = await c.get(collection, id);
      if (!doc || doc.pendingAt !== null || (doc.rev as number) < 1) return false;
    }
    return true;
  };
}

/** What the server holds for a user: live documents without the tombstone flag, by id. */
async function serverLiveDocs(sub: string, collection: CollectionName): Promise<Doc[]> {
  const docs = await pullAll(server.url, await server.tokenFor(sub), collection);
  return docs
    .filter((d) => d.deleted === false)
    .map(({ deleted: _deleted, ...rest }) => rest as Doc)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

async function sameEverywhere(sub: string, devices: WorkerClient[]): Promise<boolean> {
  for (const name of writableCollectionNames) {
    const expected = JSON.stringify(await serverLiveDocs(sub, name));
    for (const d of devices) if (JSON.stringify(await d.liveDocs(name)) !== expected) return false;
  }
  for (const d of devices) if ((await d.status()).pendingCount !== 0) return false;
  return true;
}

function session(id: string, serviceId: string, startedAt: number, minutes: number | null) {
  return {
    id,
    serviceId,
    startedAt,
    endedAt: minutes === null ? null : startedAt + minutes * 60_000,
    durationMinutes: minutes,
    autoStopped: false,
    mergedInto: null,
  };
}

function privateActivity(sub: string, label: string, now: number) {
  const code = activityCode(label);
  return { id: privateActivityId(sub, code), code, label, description: null, scope: 'private' as const, createdAt: now };
}

describe('pending changes', () => {
  it('go up on a local write and down when the server version comes back', async () => {
    const alice = await device(`alice-${randomId()}`);
    await alice.goOffline();
    const id = randomId();
    await alice.write('usages', { id, serviceId: MOWING, usedAt: Date.now() });
    await until(pendingIs(alice, 1), 'one pending write');
    expect(await alice.get('usages', id)).toMatchObject({ rev: 0, updatedAt: 0 });

    await alice.goOnline();
    await until(pendingIs(alice, 0), 'server version arrives');
    const local = (await alice.get('usages', id))!;
    expect(local.pendingAt).toBeNull();
    expect(local.rev).toBe(1);
    expect(local.updatedAt).toBeGreaterThan(0);
    await until(async () => (await alice.status()).lastSyncedAt !== null, 'last sync time recorded');
  });

  it('clear after a push even without a change stream (the push is followed by a pull)', async () => {
    const sub = `alice-${randomId()}`;
    // In this realm, one full client at a time: no stream, so no hint will ever arrive.
    const client = await startTestClient({ baseUrl: server.url, token: await server.tokenFor(sub), name: 'nostream', stream: false });
    try {
      await client.engine.awaitInSync();
      await writeDocument(client.db.usages, { id: randomId(), serviceId: MOWING, usedAt: Date.now() });
      await until(() => client.engine.status.getSnapshot().pendingCount === 1, 'one pending write');
      await until(() => client.engine.status.getSnapshot().pendingCount === 0, 'server version pulled after the push');
      expect(client.requests.filter((p) => p === '/sync/v1/stream')).toEqual([]);
    } finally {
      await client.close();
    }
  });
});

describe('convergence', () => {
  it('two devices of one user converge after one wrote offline, deletions included', async () => {
    const sub = `alice-${randomId()}`;
    const phone = await device(sub);
    const laptop = await device(sub);
    const now = Date.now();

    // Both online: the phone creates data, the laptop receives it through the change stream.
    const garden = privateActivity(sub, 'Tailler la haie', now);
    await phone.write('services', garden);
    const kept = randomId();
    const doomed = randomId();
    await phone.write('usages', { id: kept, serviceId: MOWING, usedAt: now - 2 * HOUR });
    await phone.write('usages', { id: doomed, serviceId: POOL, usedAt: now - HOUR });
    await phone.write('maintenanceSessions', session(randomId(), garden.id, now - 3 * HOUR, 45));
    await until(isSynced(laptop, 'usages', [kept, doomed]), 'laptop receives the phone writes');
    await until(isSynced(laptop, 'services', [garden.id]), 'laptop receives the new activity');

    // The laptop goes offline and keeps working; the phone goes on online.
    await laptop.goOffline();
    const offlineUsage = randomId();
    const offlineSession = randomId();
    await laptop.write('usages', { id: offlineUsage, serviceId: POOL, usedAt: now - 30 * 60_000 });
    await laptop.remove('usages', doomed);
    await laptop.write('maintenanceSessions', session(offlineSession, POOL, now - 2 * HOUR, 20));
    await laptop.patch('services', garden.id, { description: 'Au printemps' });
    await until(pendingIs(laptop, 4), 'four offline writes pending');
    const onlineUsage = randomId();
    await phone.write('usages', { id: onlineUsage, serviceId: MOWING, usedAt: now - 10 * 60_000 });
    const subscription = subscriptionId(sub, MOWING);
    await phone.write('subscriptions', { id: subscription, serviceId: MOWING, subscribedAt: now });
    await until(isSynced(phone, 'usages', [onlineUsage]), 'phone writes acknowledged');
    await until(isSynced(phone, 'subscriptions', [subscription]), 'phone subscription acknowledged');
    expect(await laptop.get('usages', onlineUsage)).toBeNull();

    await laptop.goOnline();
    await until(() => sameEverywhere(sub, [phone, laptop]), 'identical state on both devices and the server');

    const usageIds = (await phone.liveDocs('usages')).map((d) => d.id);
    expect(usageIds.sort()).toEqual([kept, offlineUsage, onlineUsage].sort());
    expect(await phone.get('usages', doomed)).toBeNull();
    const tombstone = (await pullAll(server.url, await server.tokenFor(sub), 'usages')).find((d) => d.id === doomed);
    expect(tombstone?.deleted).toBe(true);
    expect((await phone.get('services', garden.id))?.description).toBe('Au printemps');
    expect(await phone.get('maintenanceSessions', offlineSession)).not.toBeNull();
    expect(await phone.liveDocs('subscriptions')).toHaveLength(1);
  });

  it('another user sees none of the first user’s documents', async () => {
    const alice = `alice-${randomId()}`;
    const a = await device(alice);
    const written = {
      usages: randomId(),
      maintenanceSessions: randomId(),
      services: privateActivity(alice, 'Ranger le garage', Date.now()).id,
      subscriptions: subscriptionId(alice, POOL),
    };
    await a.write('usages', { id: written.usages, serviceId: MOWING, usedAt: Date.now() });
    await a.write('maintenanceSessions', session(written.maintenanceSessions, MOWING, Date.now() - HOUR, 10));
    await a.write('services', privateActivity(alice, 'Ranger le garage', Date.now()));
    await a.write('subscriptions', { id: written.subscriptions, serviceId: POOL, subscribedAt: Date.now() });
    for (const [name, id] of Object.entries(written)) await until(isSynced(a, name as CollectionName, [id]), `alice ${name} on the server`);

    const bob = await device(`bob-${randomId()}`);
    await until(async () => (await bob.liveDocs('services')).length >= 3, 'bob receives the shared catalogue');
    await bob.awaitInSync();
    for (const name of collectionNames) {
      const bobIds = new Set((await bob.liveDocs(name)).map((d) => d.id));
      const aliceOwn = (await a.liveDocs(name)).filter((d) => d.scope !== 'global' && !['games', 'gameReferences'].includes(name));
      expect(aliceOwn.filter((d) => bobIds.has(d.id)), name).toEqual([]);
    }
    expect((await bob.liveDocs('services')).every((d) => d.scope === 'global')).toBe(true);
    for (const [name, id] of Object.entries(written)) expect(await bob.get(name as CollectionName, id), name).toBeNull();
    expect(await bob.liveDocs('usages')).toEqual([]);
    expect(await bob.liveDocs('maintenanceSessions')).toEqual([]);
  });
});

describe('refused changes', () => {
  it('are kept with their reason, leave the pending count, and can be discarded without sending anything', async () => {
    const sub = `alice-${randomId()}`;
    const alice = await device(sub);
    // The server derives an activity's code from its label and refuses any other code.
    const activity = { ...privateActivity(sub, 'Laver les vitres', Date.now()), code: 'autre-code' };
    const id = activity.id;
    await alice.write('services', activity);
    await until(async () => (await alice.status()).rejected.length === 1, 'refusal recorded');
    // The refused write no longer counts as pending (both figures update from the same issue).
    await until(pendingIs(alice, 0), 'refused write not pending');
    const refused = (await alice.status()).rejected[0]!;
    expect(refused).toMatchObject({ key: issueKey('services', id), collection: 'services', docId: id, code: 'CODE_MISMATCH', label: 'Activité « Laver les vitres »' });
    expect(refused.reason.length).toBeGreaterThan(0);
    expect(await alice.get('services', id)).toMatchObject({ code: 'autre-code' });

    const pushes = async () => (await alice.requests()).filter((p) => p.endsWith('/services/push')).length;
    const pushesBefore = await pushes();
    await alice.discardRejected(refused.key);
    await until(async () => (await alice.status()).rejected.length === 0, 'refusal discarded');
    expect(await alice.get('services', id)).toBeNull();
    await until(async () => (await alice.issueCount()) === 0, 'discard echo consumed');
    expect(await pushes()).toBe(pushesBefore);
    await until(pendingIs(alice, 0), 'nothing pending after the discard');
    expect((await serverLiveDocs(sub, 'services')).map((d) => d.id)).not.toContain(id);
  });

  it('go back to the server version when a refused edit of a stored document is discarded', async () => {
    const sub = `alice-${randomId()}`;
    const alice = await device(sub);
    const activity = privateActivity(sub, 'Laver les vitres', Date.now());
    await alice.write('services', activity);
    await until(isSynced(alice, 'services', [activity.id]), 'activity stored on the server');
    // A new label without the matching code: refused, the stored version stays on the server.
    await alice.patch('services', activity.id, { label: 'Nettoyer les vitres' });
    await until(async () => (await alice.status()).rejected.length === 1, 'refusal recorded');
    expect(await alice.get('services', activity.id)).toMatchObject({ label: 'Nettoyer les vitres' });

    const pushes = async () => (await alice.requests()).filter((p) => p.endsWith('/services/push')).length;
    const pushesBefore = await pushes();
    await alice.discardRejected(issueKey('services', activity.id));
    await until(async () => (await alice.issueCount()) === 0, 'refusal closed');
    expect(await alice.get('services', activity.id)).toMatchObject({ label: 'Laver les vitres', rev: 1, pendingAt: null });
    expect(await pushes()).toBe(pushesBefore);
    await until(() => sameEverywhere(sub, [alice]), 'device and server agree');
  });
});

describe('expired sign-in', () => {
  it('pauses sync without losing anything and resumes with a fresh token', async () => {
    const sub = `alice-${randomId()}`;
    const alice = await device(sub);
    await alice.setToken('expired.or.revoked');
    const first = randomId();
    await alice.write('usages', { id: first, serviceId: MOWING, usedAt: Date.now() - HOUR });
    await until(async () => (await alice.status()).connection === 'needs-sign-in', 'needs sign-in');
    expect((await alice.status()).lastError).toMatch(/reconnectez-vous/);

    // Local work goes on while signed out.
    const second = randomId();
    await alice.write('usages', { id: second, serviceId: POOL, usedAt: Date.now() });
    await until(pendingIs(alice, 2), 'both writes pending');
    expect(await serverLiveDocs(sub, 'usages')).toEqual([]);

    await alice.setToken(await server.tokenFor(sub));
    await until(pendingIs(alice, 0), 'everything sent after sign-in');
    expect((await alice.status()).connection).toBe('connected');
    expect((await serverLiveDocs(sub, 'usages')).map((d) => d.id).sort()).toEqual([first, second].sort());
  });
});

describe('conflicts', () => {
  it('keep the local content this device lost in a sync issue', async () => {
    const sub = `alice-${randomId()}`;
    const phone = await device(sub);
    const laptop = await device(sub);
    const id = randomId();
    const usedAt = Date.now() - 5 * HOUR;
    await phone.write('usages', { id, serviceId: MOWING, usedAt });
    await until(async () => (await laptop.get('usages', id))?.rev === 1, 'laptop has the usage');

    await laptop.goOffline();
    await laptop.patch('usages', id, { usedAt: usedAt + 60_000 });
    await phone.patch('usages', id, { usedAt: usedAt + 120_000 });
    await until(async () => (await phone.get('usages', id))?.rev === 2, 'phone edit stored');
    await laptop.goOnline();

    await until(() => sameEverywhere(sub, [phone, laptop]), 'converged on the server version');
    expect((await laptop.get('usages', id))?.usedAt).toBe(usedAt + 120_000);
    await until(async () => (await laptop.status()).rejected.length === 1, 'conflict reported');
    const issue = (await laptop.issue(issueKey('usages', id)))!;
    expect(issue).toMatchObject({ kind: 'conflict', code: 'CONFLICT' });
    expect((issue.localDoc as { usedAt: number }).usedAt).toBe(usedAt + 60_000);
    await laptop.discardRejected(issue.key as string);
    await until(async () => (await laptop.status()).rejected.length === 0, 'conflict dismissed');
  });
});

describe('expired checkpoint', () => {
  it('resyncs from scratch, dropping what the server no longer has but keeping unsynced local changes', async () => {
    const sub = `alice-${randomId()}`;
    const alice = await device(sub);
    const purged = randomId();
    const survivor = randomId();
    await alice.write('usages', { id: purged, serviceId: MOWING, usedAt: Date.now() - 2 * HOUR });
    await alice.write('usages', { id: survivor, serviceId: MOWING, usedAt: Date.now() - HOUR });
    await until(isSynced(alice, 'usages', [purged, survivor]), 'usages synced');

    await alice.goOffline();
    const offline = randomId();
    await alice.write('usages', { id: offline, serviceId: POOL, usedAt: Date.now() });
    // Server side: a deletion whose tombstone was purged, and a purge horizon past our checkpoint.
    await server.db.query(sql.unsafe`DELETE FROM usages WHERE id = ${purged}`);
    await server.db.query(sql.unsafe`
      INSERT INTO sync_purge_horizon (table_name, purged_through, purged_at)
      VALUES ('usages', pg_current_xact_id(), ${Date.now()})
      ON CONFLICT (table_name) DO UPDATE SET purged_through = EXCLUDED.purged_through`);

    await alice.goOnline();
    await until(async () => (await alice.get('usages', purged)) === null, 'purged document removed locally');
    expect((await alice.responses()).some((r) => r.startsWith('410 /sync/v1/usages/pull'))).toBe(true);
    await until(isSynced(alice, 'usages', [offline]), 'offline write sent');
    expect((await alice.liveDocs('usages')).map((d) => d.id).sort()).toEqual([offline, survivor].sort());
    expect((await serverLiveDocs(sub, 'usages')).map((d) => d.id).sort()).toEqual([offline, survivor].sort());
  });
});

describe('outdated app', () => {
  it('stops syncing and asks for the new version when the server answers 426, local writes still work', async () => {
    const sub = `alice-${randomId()}`;
    // An older build speaking protocol v0 to this server, in this realm (one client only).
    const old = await startTestClient({
      baseUrl: server.url,
      token: await server.tokenFor(sub),
      name: 'old',
      rewriteUrl: (url) => url.replace('/sync/v1/', '/sync/v0/'),
    });
    try {
      await until(() => old.engine.status.getSnapshot().updateRequired === true, 'update required');
      const status = old.engine.status.getSnapshot();
      expect(status.connection).toBe('error');
      expect(status.lastError).toMatch(/Nouvelle version requise/);
      await writeDocument(old.db.usages, { id: randomId(), serviceId: MOWING, usedAt: Date.now() });
      const sent = old.requests.length;
      await new Promise((r) => setTimeout(r, 500));
      expect(old.requests.length).toBe(sent);
      await until(() => old.engine.status.getSnapshot().pendingCount === 1, 'write kept locally');
    } finally {
      await old.close();
    }
  });
});

describe('change stream', () => {
  it('replaces a silent connection and gets a resync each time it reconnects', async () => {
    const sub = `alice-${randomId()}`;
    // The server's heartbeat comes every 15 s: with a 300 ms limit every connection looks dead.
    const client = await startTestClient({ baseUrl: server.url, token: await server.tokenFor(sub), name: 'silent', heartbeatTimeoutMs: 300 });
    try {
      const streams = () => client.requests.filter((p) => p === '/sync/v1/stream').length;
      await until(() => streams() >= 3, 'reconnected after silences');
      // Each new connection starts with `resync`: the pulls keep coming without any change.
      const pulls = () => client.requests.filter((p) => p === '/sync/v1/usages/pull').length;
      const before = pulls();
      await until(() => pulls() > before, 'resync pulls after a reconnection');
      expect(client.engine.status.getSnapshot().connection).not.toBe('needs-sign-in');
    } finally {
      await client.close();
    }
  });
});

describe('Entretien through the PWA data layer', () => {
  const MIN = 60_000;
  type RestTotals = { todayMinutes: number; weekMinutes: number; monthMinutes: number; yearMinutes: number; byActivity: Record<string, unknown>[] };

  async function restTotals(sub: string, timeZone: string): Promise<RestTotals> {
    const res = await fetch(`${server.url}/api/maintenance/totals?tz=${encodeURIComponent(timeZone)}`, {
      headers: { authorization: `Bearer ${await server.tokenFor(sub)}` },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as RestTotals;
  }

  it('the page model on local RxDB data and GET /api/maintenance/totals agree, midnight and running sessions included', async () => {
    const sub = `alice-${randomId()}`;
    const phone = await device(sub);
    const now = Date.now();
    // Across the last local midnight in Paris (yesterday's if today's is too recent to end before now).
    const today = periodsAt(now, 'Europe/Paris').day.start;
    const midnight = now - today > 40 * MIN ? today : periodsAt(today - 1, 'Europe/Paris').day.start;
    const garden = privateActivity(sub, 'Tailler la haie', now);
    await phone.write('services', garden);
    const ids = [randomId(), randomId(), randomId(), randomId(), randomId()];
    await phone.write('maintenanceSessions', session(ids[0]!, MOWING, midnight - 10 * MIN, 30));
    await phone.write('maintenanceSessions', session(ids[1]!, POOL, now - 3 * 24 * HOUR, 65));
    await phone.write('maintenanceSessions', session(ids[2]!, garden.id, now - 40 * 24 * HOUR, 45));
    await phone.write('maintenanceSessions', session(ids[3]!, MOWING, now - 200 * 24 * HOUR, 20));
    // Running for 30 min 30 s: the elapsed minute stays the same for the next 30 s.
    await phone.write('maintenanceSessions', { ...session(ids[4]!, POOL, now - 30 * MIN - 30_000, null), durationMinutes: null });
    await until(isSynced(phone, 'maintenanceSessions', ids), 'sessions stored on the server');
    await until(pendingIs(phone, 0), 'nothing pending');

    for (const timeZone of ['Europe/Paris', 'Asia/Tokyo']) {
      // The two readings are milliseconds apart; should they straddle a minute boundary of the
      // running session, read again (a real disagreement persists).
      let local = await phone.entretienView(timeZone);
      let rest = await restTotals(sub, timeZone);
      const asRest = (l: typeof local) => {
        const { now: _now, cards: _cards, byActivity, ...overall } = l;
        return { ...overall, byActivity: byActivity.map(({ serviceId: _id, ...row }) => row) };
      };
      for (let attempt = 0; attempt < 2 && JSON.stringify(rest) !== JSON.stringify(asRest(local)); attempt++) {
        [local, rest] = await Promise.all([phone.entretienView(timeZone), restTotals(sub, timeZone)]);
      }
      expect(rest).toEqual(asRest(local));
      const { cards, byActivity } = local;
      // Each card's "Aujourd'hui" is its row of the table.
      for (const row of byActivity) expect(cards[row.serviceId], row.serviceLabel).toBe(row.todayMinutes);
    }
    // Not a tautology of zeros: Paris sees the midnight split and the running session.
    const paris = await phone.entretienView('Europe/Paris');
    const mowing = paris.byActivity.find((r) => r.serviceId === MOWING)!;
    expect(mowing.todayMinutes).toBe(midnight === today ? 20 : 0);
    expect(paris.byActivity.find((r) => r.serviceId === POOL)!.todayMinutes).toBeGreaterThanOrEqual(30);
    expect(paris.yearMinutes).toBeGreaterThan(0);
  });

  it('a stop made offline earlier than the one another device made meanwhile wins: both devices end with it, no sync issue', async () => {
    const sub = `alice-${randomId()}`;
    const phone = await device(sub);
    const laptop = await device(sub);
    const id = randomId();
    const startedAt = Date.now() - 2 * HOUR;
    await phone.write('maintenanceSessions', session(id, MOWING, startedAt, null));
    await until(async () => (await laptop.get('maintenanceSessions', id))?.rev === 1, 'laptop has the running session');

    // The phone, offline, stopped at 1 h 54; the laptop, online, stops it at 2 h (stored first).
    await phone.goOffline();
    await phone.patch('maintenanceSessions', id, { endedAt: startedAt + 114 * MIN + 30_000, durationMinutes: 114 });
    await laptop.patch('maintenanceSessions', id, { endedAt: Date.now(), durationMinutes: 120 });
    await until(async () => (await laptop.get('maintenanceSessions', id))?.rev === 2, 'laptop stop stored');
    await phone.goOnline();

    await until(pendingIs(phone, 0), 'the phone sent its stop and got the answer back');
    const expected = { endedAt: startedAt + 114 * MIN + 30_000, durationMinutes: 114, autoStopped: false };
    const stored = (await serverLiveDocs(sub, 'maintenanceSessions')).find((d) => d.id === id);
    expect(stored).toMatchObject({ ...expected, rev: 3 });
    for (const c of [phone, laptop]) {
      await until(async () => (await c.get('maintenanceSessions', id))?.rev === 3, 'the server version on each device');
      expect(await c.get('maintenanceSessions', id)).toMatchObject({ ...expected, pendingAt: null });
    }
    // The server accepted the phone's stop: no conflict, nothing kept as lost.
    expect(await phone.issueCount()).toBe(0);
    expect((await phone.status()).rejected).toEqual([]);
  });

  it('a session ending before its start is refused with its reason, the valid one beside it still syncs', async () => {
    const sub = `alice-${randomId()}`;
    const phone = await device(sub);
    await phone.goOffline();
    const now = Date.now();
    const bad = randomId();
    const good = randomId();
    await phone.write('maintenanceSessions', { ...session(bad, POOL, now - HOUR, 10), endedAt: now - HOUR - 5 * 60_000 });
    await phone.write('maintenanceSessions', session(good, MOWING, now - 2 * HOUR, 25));
    await until(pendingIs(phone, 2), 'two offline writes pending');

    await phone.goOnline();
    await until(async () => (await phone.status()).rejected.length === 1, 'refusal recorded');
    const refused = (await phone.status()).rejected[0]!;
    expect(refused).toMatchObject({ key: issueKey('maintenanceSessions', bad), docId: bad, code: 'INVALID_INTERVAL', reason: 'La fin de la session précède son début' });
    expect(await phone.issue(issueKey('maintenanceSessions', bad))).toMatchObject({ kind: 'rejected', code: 'INVALID_INTERVAL' });
    await until(isSynced(phone, 'maintenanceSessions', [good]), 'the valid session synced');
    await until(pendingIs(phone, 0), 'nothing pending: the refused one is a sync issue, not a pending write');
    expect((await serverLiveDocs(sub, 'maintenanceSessions')).map((d) => d.id)).toEqual([good]);
    // The refused session stays on the device, for the user to correct or discard.
    expect(await phone.get('maintenanceSessions', bad)).toMatchObject({ endedAt: now - HOUR - 5 * 60_000 });
  });
});
