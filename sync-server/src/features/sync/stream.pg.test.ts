import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/pg.ts';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { openStream, pullAll, push, usageDoc } from '../../../test/sync-client.ts';
import { sql } from '../../platform/db.ts';
import { LISTENER_APPLICATION_NAME } from './change-hub.ts';

let server: TestServer;
let alice: string;
let bob: string;

beforeAll(async () => {
  server = await startTestServer({ env: { SYNC_HEARTBEAT_MS: '200', SYNC_STREAM_MAX_BUFFER_BYTES: '65536', SYNC_STREAM_STALL_MS: '500' } });
  alice = await server.tokenFor('alice');
  bob = await server.tokenFor('bob');
});
afterAll(() => server.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isChange = (collection: string) => (e: { event: string; data: unknown }) =>
  e.event === 'change' && (e.data as { collection?: string }).collection === collection;

describe('replication stream', () => {
  it('opens with a resync and keeps the connection alive with heartbeats', async () => {
    const s = await openStream(server.url, alice);
    expect(s.events[0]?.event ?? (await s.next(() => true)).event).toBe('resync');
    const hb = await s.next((e) => e.event === 'heartbeat', 2000);
    expect((hb.data as { serverTime: number }).serverTime).toBeGreaterThan(0);
    s.close();
  });

  it('tells a user about their own changes only; global changes reach everyone', async () => {
    const a = await openStream(server.url, alice);
    const b = await openStream(server.url, bob);
    await a.next((e) => e.event === 'resync');
    await b.next((e) => e.event === 'resync');
    await push(server.url, alice, 'usages', [{ newDocumentState: usageDoc('st-a') }]);
    await a.next(isChange('usages'));
    await server.db.query(sql.unsafe`UPDATE games SET description = description WHERE nom = 'Azul'`);
    await a.next(isChange('games'));
    await b.next(isChange('games'));
    expect(b.events.some(isChange('usages'))).toBe(false);
    a.close();
    b.close();
  });

  it('publishes a change only after its transaction commits', async () => {
    const s = await openStream(server.url, alice);
    await s.next((e) => e.event === 'resync');
    const c = new pg.Client({ connectionString: server.databaseUrl });
    await c.connect();
    await c.query('BEGIN');
    await c.query(`INSERT INTO usages (id, owner_id, service_id, used_at) VALUES ('st-tx', 'alice', 'x', 1)`);
    const from = s.events.length;
    await sleep(300);
    expect(s.events.slice(from).some(isChange('usages'))).toBe(false);
    await c.query('COMMIT');
    await s.next(isChange('usages'), 2000, from);
    await c.end();
    s.close();
  });

  it('holds a hint until a pull can see the row (an older writer transaction still open)', async () => {
    const s = await openStream(server.url, alice);
    await s.next((e) => e.event === 'resync');
    const older = new pg.Client({ connectionString: server.databaseUrl });
    await older.connect();
    await older.query('BEGIN');
    await older.query(`INSERT INTO usages (id, owner_id, service_id, used_at) VALUES ('st-older', 'dave', 'x', 1)`);
    const from = s.events.length;
    await push(server.url, alice, 'usages', [{ newDocumentState: usageDoc('st-held') }]);
    await sleep(300);
    expect(s.events.slice(from).some(isChange('usages'))).toBe(false);
    await older.query('COMMIT');
    await s.next(isChange('usages'), 2000, from);
    const docs = await pullAll(server.url, alice, 'usages');
    expect(docs.map((d) => d.id)).toContain('st-held');
    await older.end();
    s.close();
  });

  it('is not held back by a writing transaction in another database of the cluster', async () => {
    const neighbour = await createTestDatabase();
    const other = new pg.Client({ connectionString: neighbour.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`INSERT INTO usages (id, owner_id, service_id, used_at) VALUES ('elsewhere', 'alice', 'x', 1)`);
      const s = await openStream(server.url, alice);
      await s.next((e) => e.event === 'resync');
      const from = s.events.length;
      await push(server.url, alice, 'usages', [{ newDocumentState: usageDoc('st-neighbour') }]);
      await s.next(isChange('usages'), 2000, from);
      expect((await pullAll(server.url, alice, 'usages')).map((d) => d.id)).toContain('st-neighbour');
      s.close();
    } finally {
      await other.query('ROLLBACK');
      await other.end();
      await neighbour.drop();
    }
  });

  it('fans changes out across server processes through LISTEN/NOTIFY', async () => {
    const other = await startTestServer({ database: { url: server.databaseUrl, name: 'shared', drop: () => Promise.resolve() } });
    try {
      const token = await other.tokenFor('alice');
      const s = await openStream(other.url, token);
      await s.next((e) => e.event === 'resync');
      await push(server.url, alice, 'usages', [{ newDocumentState: usageDoc('st-fanout') }]);
      await s.next(isChange('usages'));
      s.close();
    } finally {
      await other.close();
    }
  });

  it('cuts off a reader that stops reading, and the reconnect starts with a resync', async () => {
    const net = await import('node:net');
    const { port } = new URL(server.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(`GET /sync/v1/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${alice}\r\n\r\n`);
    socket.pause(); // a stalled reader: the kernel buffers fill, then the server's buffer grows
    const flooder = new pg.Client({ connectionString: server.databaseUrl });
    await flooder.connect();
    for (let i = 0; i < 100 && server.deps.changes.clientCount === 0; i++) await sleep(20);
    expect(server.deps.changes.clientCount).toBe(1);
    // One transaction, 100k distinct notifications (~25 MB of hints): far beyond the socket buffers.
    await flooder.query(`SELECT pg_notify('itercraft_sync', json_build_object('c', 'flood-' || g || repeat('x', 200), 'o', 'alice')::text)
                         FROM generate_series(1, 100000) g`);
    await flooder.end();
    // A paused client never sees the server's FIN, so watch the server side let go of it.
    for (let i = 0; i < 200 && server.deps.changes.clientCount > 0; i++) await sleep(50);
    expect(server.deps.changes.clientCount).toBe(0);
    socket.destroy();
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/itercraft_sync_stream_dropped_total [1-9]/);
    const again = await openStream(server.url, alice);
    expect((await again.next(() => true)).event).toBe('resync');
    again.close();
  });

  it('tells every connected client to resync when the LISTEN connection is lost, and changes keep flowing after it reconnects', async () => {
    const a = await openStream(server.url, alice);
    const b = await openStream(server.url, bob);
    await a.next((e) => e.event === 'resync');
    await b.next((e) => e.event === 'resync');
    const fromA = a.events.length;
    const fromB = b.events.length;
    // Notifications sent while the hub is disconnected are lost for it: that is why it resyncs.
    const killed = await server.db.anyFirst(sql.unsafe`
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = ${LISTENER_APPLICATION_NAME}`);
    expect(killed).toEqual([true]);
    await a.next((e) => e.event === 'resync', 5000, fromA);
    await b.next((e) => e.event === 'resync', 5000, fromB);
    const afterResync = a.events.length;
    await push(server.url, alice, 'usages', [{ newDocumentState: usageDoc('st-after-relisten') }]);
    await a.next(isChange('usages'), 3000, afterResync);
    a.close();
    b.close();
  });

  it('refuses a stream without a valid token', async () => {
    const res = await fetch(`${server.url}/sync/v1/stream`);
    expect(res.status).toBe(401);
  });
});
