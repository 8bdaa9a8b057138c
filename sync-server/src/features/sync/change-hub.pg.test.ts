/**
 * The change hub on a real database: hints held back by a long transaction stay bounded (one
 * entry per user and collection, then one resync for everyone), and none is lost on the way.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/pg.ts';
import { createLogger } from '../../platform/logger.ts';
import { createChangeHub, type ChangeHub, type ChangeNotice } from './change-hub.ts';

let database: TestDatabase;
let writer: pg.Client;
const open: { hubs: ChangeHub[]; clients: pg.Client[] } = { hubs: [], clients: [] };

beforeAll(async () => {
  database = await createTestDatabase();
  writer = new pg.Client({ connectionString: database.url });
  await writer.connect();
});
afterEach(async () => {
  for (const c of open.clients.splice(0)) await c.end().catch(() => undefined);
  for (const h of open.hubs.splice(0)) await h.stop();
});
afterAll(async () => {
  await writer.end();
  await database.drop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let seq = 0;

async function startHub(maxHeldHints?: number): Promise<ChangeHub> {
  const hub = createChangeHub(database.url, createLogger('silent'), maxHeldHints === undefined ? {} : { maxHeldHints });
  await hub.start();
  open.hubs.push(hub);
  return hub;
}

function record(hub: ChangeHub, user: string) {
  const seen = { changes: [] as string[], resyncs: 0 };
  hub.subscribe(user, { onChange: (n: ChangeNotice) => seen.changes.push(n.collection), onResync: () => seen.resyncs++ });
  return seen;
}

/** A transaction that has an id and stays open: the pull watermark cannot pass it. */
async function openWriter(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: database.url });
  await c.connect();
  open.clients.push(c);
  await c.query('BEGIN');
  await c.query('SELECT pg_current_xact_id()');
  return c;
}

/** One committed transaction (so one notification) per call. */
async function write(table: 'usages' | 'subscriptions', owner: string): Promise<void> {
  const id = `hub-${++seq}`;
  if (table === 'usages') await writer.query(`INSERT INTO usages (id, owner_id, service_id, used_at) VALUES ($1, $2, 'x', 1)`, [id, owner]);
  else await writer.query(`INSERT INTO subscriptions (id, owner_id, service_id, subscribed_at) VALUES ($1, $2, $1, 1)`, [id, owner]);
}

async function until(cond: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('change hub while a long transaction holds the watermark back', () => {
  it('keeps one held hint per (user, collection) however many writes arrive, and delivers each once', async () => {
    const hub = await startHub();
    const alice = record(hub, 'alice');
    const bob = record(hub, 'bob');
    const long = await openWriter();
    for (let i = 0; i < 300; i++) await write('usages', 'alice');
    for (let i = 0; i < 5; i++) await write('subscriptions', 'alice');
    for (let i = 0; i < 5; i++) await write('usages', 'bob');
    await until(() => hub.heldHints === 3, 'three held entries');
    await sleep(200); // late notifications must collapse too
    expect(hub.heldHints).toBe(3);
    expect(alice.changes).toEqual([]);
    await long.query('COMMIT');
    await until(() => alice.changes.length >= 2 && bob.changes.length >= 1, 'the held hints');
    await sleep(200);
    expect(alice.changes.sort()).toEqual(['subscriptions', 'usages']);
    expect(bob.changes).toEqual(['usages']);
    expect(hub.heldHints).toBe(0);
  });

  it('still hints a newer writer that was not visible yet when the older one was delivered', async () => {
    const hub = await startHub();
    const alice = record(hub, 'alice');
    const first = await openWriter();
    await write('usages', 'alice');
    const second = await openWriter(); // its id is above the first write's
    await write('usages', 'alice');
    await until(() => hub.heldHints === 1, 'one held entry');
    await first.query('COMMIT');
    await until(() => alice.changes.length === 1, 'the first hint');
    await sleep(200);
    expect(alice.changes).toEqual(['usages']);
    expect(hub.heldHints).toBe(1);
    await second.query('COMMIT');
    await until(() => alice.changes.length === 2, 'the second hint');
    expect(hub.heldHints).toBe(0);
  });

  it('collapses entries beyond the bound into one resync for every client', async () => {
    const hub = await startHub(2);
    const alice = record(hub, 'alice');
    const carol = record(hub, 'carol');
    const dave = record(hub, 'dave');
    const long = await openWriter();
    await write('usages', 'alice');
    await write('subscriptions', 'alice');
    for (let i = 0; i < 20; i++) await write('usages', 'carol');
    await until(() => hub.heldHints === 3, 'two entries and the overflow');
    await sleep(100);
    expect(hub.heldHints).toBe(3);
    expect(carol.resyncs + alice.resyncs + dave.resyncs).toBe(0);
    await long.query('COMMIT');
    await until(() => carol.resyncs === 1 && dave.resyncs === 1 && alice.resyncs === 1, 'one resync each');
    expect(alice.changes.sort()).toEqual(['subscriptions', 'usages']);
    expect(carol.changes).toEqual([]);
    expect(hub.heldHints).toBe(0);
  });
});
