/**
 * A push must never hand one user another user's document, nor let anyone take an id that is not
 * theirs: sequential and concurrent creation of an id someone else owns, on the set-based path
 * (usages) and the row-by-row path (maintenanceSessions), and ids derived from (user, key).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { myGameId, privateActivityId, randomId, subscriptionId } from '@itercraft/shared/ids';
import { newPrivateActivity } from '@itercraft/shared/maintenance/activity.rules';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { pullAll, push, pushRaw, sessionDoc, usageDoc, type Doc } from '../../../test/sync-client.ts';

let server: TestServer;
let alice: string;
let bob: string;
let admin: pg.Client;

beforeAll(async () => {
  server = await startTestServer();
  alice = await server.tokenFor('alice');
  bob = await server.tokenFor('bob');
  admin = new pg.Client({ connectionString: server.databaseUrl });
  await admin.connect();
});
afterAll(async () => {
  await admin.end();
  await server.close();
});

const short = () => randomId().slice(0, 8);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MOWING = '5e000000-0000-0000-0000-000000000001';
const POOL = '5e000000-0000-0000-0000-000000000002';
/** Values only Alice's rows carry, to prove none of them reaches Bob. */
const SECRET_SERVICE = 'alice-secret-service';
const SECRET_TIME = 1_111_111_111_111;

const storedRow = async (table: string, id: string) =>
  (await admin.query<Record<string, unknown>>(`SELECT owner_id, rev, write_id FROM ${table} WHERE id = $1`, [id])).rows[0];

/** Waits until some statement of the test database waits on a lock (the push blocked on the held insert). */
async function untilSomeoneWaitsOnALock(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0]!.n > 0) return;
    await sleep(25);
  }
  throw new Error('the push never waited on the concurrent insert');
}

/**
 * Runs `pushing` while another transaction (Alice's device, mid-push) has inserted `insertSql`
 * but not committed: the push's existence check cannot see the row, its insert waits on it and
 * then loses the ON CONFLICT race when the other transaction commits.
 */
async function racingAgainst<T>(insertSql: string, params: unknown[], pushing: () => Promise<T>): Promise<T> {
  const other = new pg.Client({ connectionString: server.databaseUrl });
  await other.connect();
  try {
    await other.query('BEGIN');
    await other.query(insertSql, params);
    const result = pushing();
    await untilSomeoneWaitsOnALock();
    await other.query('COMMIT');
    return await result;
  } finally {
    await other.end();
  }
}

function expectNothingOfAlice(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toContain(SECRET_SERVICE);
  expect(text).not.toContain(String(SECRET_TIME));
  expect(text).not.toContain('master');
}

describe('push of an id another user owns', () => {
  it('is refused (FORBIDDEN) when the other user created it earlier, with nothing of their document', async () => {
    const id = `own-seq-${short()}`;
    await push(server.url, alice, 'usages', [{ newDocumentState: usageDoc(id, SECRET_TIME, { serviceId: SECRET_SERVICE }) }]);
    const created = await pushRaw(server.url, bob, 'usages', [{ newDocumentState: usageDoc(id, 5) }]);
    expect(created.body.results).toEqual([{ status: 'rejected', id, code: 'FORBIDDEN', reason: expect.any(String) as string }]);
    expectNothingOfAlice(created.body);
    // Posing as an update of a revision Bob guessed changes nothing either.
    const guess = { ...usageDoc(id, 6), rev: 1 };
    const updated = await pushRaw(server.url, bob, 'usages', [{ assumedMasterState: guess, newDocumentState: { ...guess, writeId: 'w-bob' } }]);
    expect(updated.body.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
    expectNothingOfAlice(updated.body);
    expect(await storedRow('usages', id)).toMatchObject({ owner_id: 'alice', rev: 1 });
    expect((await pullAll(server.url, alice, 'usages')).find((d) => d.id === id)).toMatchObject({ usedAt: SECRET_TIME, serviceId: SECRET_SERVICE });
  });

  it('is refused when it loses the insert race to the other user (set-based path)', async () => {
    const id = `own-race-${short()}`;
    const res = await racingAgainst(
      `INSERT INTO usages (id, owner_id, service_id, used_at, write_id) VALUES ($1, 'alice', $2, $3, 'w-alice')`,
      [id, SECRET_SERVICE, SECRET_TIME],
      () => pushRaw(server.url, bob, 'usages', [{ newDocumentState: usageDoc(id, 5) }, { newDocumentState: usageDoc(`${id}-other`, 5) }]),
    );
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toEqual({ status: 'rejected', id, code: 'FORBIDDEN', reason: expect.any(String) as string });
    expect(res.body.results[1]).toEqual({ status: 'accepted', id: `${id}-other` });
    expectNothingOfAlice(res.body);
    expect(await storedRow('usages', id)).toMatchObject({ owner_id: 'alice', rev: 1, write_id: 'w-alice' });
  });

  it('is refused when it loses the insert race to the other user (row-by-row path)', async () => {
    const id = `own-race-s-${short()}`;
    const t = Date.UTC(2026, 0, 5, 9);
    const res = await racingAgainst(
      `INSERT INTO maintenance_sessions (id, owner_id, service_id, started_at, ended_at, duration_minutes, write_id)
       VALUES ($1, 'alice', $2, $3::bigint, $3::bigint + 60000, 1, 'w-alice')`,
      [id, SECRET_SERVICE, SECRET_TIME],
      () => pushRaw(server.url, bob, 'maintenanceSessions', [{ newDocumentState: sessionDoc(id, t, { endedAt: t + 600_000, serviceId: MOWING }) }]),
    );
    expect(res.body.results).toEqual([{ status: 'rejected', id, code: 'FORBIDDEN', reason: expect.any(String) as string }]);
    expectNothingOfAlice(res.body);
    expect(await storedRow('maintenance_sessions', id)).toMatchObject({ owner_id: 'alice', rev: 1, write_id: 'w-alice' });
  });

  it('is refused as read-only when it loses the race to a global reference row', async () => {
    const doc: Doc = { ...newPrivateActivity('bob', 'Cabane', Date.now()), rev: 0, updatedAt: 0, writeId: 'w-bob-cabane', deleted: false };
    expect(doc.id).toBe(privateActivityId('bob', 'cabane'));
    const res = await racingAgainst(
      `INSERT INTO services (id, owner_id, code, label, description, scope, created_at) VALUES ($1, NULL, 'seed_cabane', 'Seed', $2, 'global', 1)`,
      [doc.id, SECRET_SERVICE],
      () => pushRaw(server.url, bob, 'services', [{ newDocumentState: doc }]),
    );
    expect(res.body.results).toEqual([{ status: 'rejected', id: doc.id, code: 'READ_ONLY', reason: expect.any(String) as string }]);
    expectNothingOfAlice(res.body);
    expect(await storedRow('services', doc.id)).toMatchObject({ owner_id: null, rev: 1 });
  });

  it('lets exactly one of two users racing for the same ids have each of them, and the other gets only a refusal', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `own-both-${i}-${short()}`);
    const batch = (usedAt: number) => ids.map((id) => ({ newDocumentState: usageDoc(id, usedAt) }));
    const [a, b] = await Promise.all([pushRaw(server.url, alice, 'usages', batch(SECRET_TIME)), pushRaw(server.url, bob, 'usages', batch(7))]);
    expect(JSON.stringify(b.body)).not.toContain(String(SECRET_TIME));
    expect(JSON.stringify(a.body)).not.toContain('"usedAt":7');
    for (const [i, id] of ids.entries()) {
      const pair = [a.body.results[i]!, b.body.results[i]!];
      expect(pair.map((r) => r.status).sort(), id).toEqual(['accepted', 'rejected']);
      expect(pair.find((r) => r.status === 'rejected')).toMatchObject({ code: 'FORBIDDEN' });
      const winner = pair[0]!.status === 'accepted' ? 'alice' : 'bob';
      expect(await storedRow('usages', id)).toMatchObject({ owner_id: winner, rev: 1 });
    }
  });
});

describe('ids derived from (user, key)', () => {
  const subscription = (id: string, serviceId: string, extra: Partial<Doc> = {}): Doc => ({
    id,
    rev: 0,
    updatedAt: 0,
    writeId: `w-${randomId()}`,
    deleted: false,
    serviceId,
    subscribedAt: 1,
    ...extra,
  });
  const myGame = (id: string, jeuId: string | null): Doc => ({
    id,
    rev: 0,
    updatedAt: 0,
    writeId: `w-${randomId()}`,
    deleted: false,
    jeuId,
    requestedNom: jeuId ? null : 'Azul',
    enrichment: jeuId ? 'done' : 'pending',
    note: null,
    addedAt: 1,
  });

  it('refuses a new document carrying the id derived for another user, who can still create it', async () => {
    const carol = `carol-${randomId()}`;
    const carolToken = await server.tokenFor(carol);
    const squat = subscription(subscriptionId(carol, POOL), POOL);
    const [r] = await push(server.url, bob, 'subscriptions', [{ newDocumentState: squat }]);
    expect(r).toEqual({ status: 'rejected', id: squat.id, code: 'ID_MISMATCH', reason: expect.stringMatching(/identifiant/i) as string });
    // Not even as a tombstone.
    const [t] = await push(server.url, bob, 'subscriptions', [{ newDocumentState: { ...squat, deleted: true } }]);
    expect(t).toMatchObject({ status: 'rejected', code: 'ID_MISMATCH' });
    expect(await storedRow('subscriptions', squat.id)).toBeUndefined();
    expect(await push(server.url, carolToken, 'subscriptions', [{ newDocumentState: squat }])).toEqual([{ status: 'accepted', id: squat.id }]);
  });

  it('refuses an id not derived from the key and accepts the derived one', async () => {
    const dave = `dave-${randomId()}`;
    const token = await server.tokenFor(dave);
    const results = await push(server.url, token, 'subscriptions', [
      { newDocumentState: subscription('sub-free-choice', MOWING) },
      { newDocumentState: subscription(subscriptionId(dave, POOL), POOL) },
    ]);
    expect(results[0]).toMatchObject({ status: 'rejected', id: 'sub-free-choice', code: 'ID_MISMATCH' });
    expect(results[1]).toEqual({ status: 'accepted', id: subscriptionId(dave, POOL) });
  });

  it('gives a keyless game a random id but never an id derived for someone', async () => {
    const erin = `erin-${randomId()}`;
    const token = await server.tokenFor(erin);
    const free = randomId();
    const results = await push(server.url, token, 'myGames', [
      { newDocumentState: myGame(free, null) },
      { newDocumentState: myGame(myGameId('alice', 'azul'), null) },
      { newDocumentState: myGame(myGameId('alice', 'catan'), 'catan') },
      { newDocumentState: myGame(myGameId(erin, 'azul'), 'azul') },
    ]);
    expect(results.map((r) => [r.status, (r as { code?: string }).code])).toEqual([
      ['accepted', undefined],
      ['rejected', 'ID_MISMATCH'],
      ['rejected', 'ID_MISMATCH'],
      ['accepted', undefined],
    ]);
  });

  it('does not apply to updates of documents stored before the rule', async () => {
    const id = `legacy-${short()}`;
    await admin.query(`INSERT INTO subscriptions (id, owner_id, service_id, subscribed_at) VALUES ($1, 'alice', $2, 1)`, [id, MOWING]);
    const stored = (await pullAll(server.url, alice, 'subscriptions')).find((d) => d.id === id)!;
    const [r] = await push(server.url, alice, 'subscriptions', [{ assumedMasterState: stored, newDocumentState: { ...stored, deleted: true, writeId: 'w-unsub' } }]);
    expect(r).toEqual({ status: 'accepted', id });
  });
});
