/**
 * The real server entry as a process: a bad configuration stops it at once with every faulty
 * variable named, and SIGTERM drains it (streams end, in-flight requests finish, exit code 0).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/embedded/free-port.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';
import { spawnServer, untilReady, type ServerProcess } from './server-process.ts';
import { openStream, pullAll, push, pushRaw, usageDoc } from './sync-client.ts';
import { startTestIssuer, type TestIssuer } from './test-issuer.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'itercraft-entry-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('server entry with a bad configuration', () => {
  it('prints every faulty variable and exits 1 before starting anything', async () => {
    const dataDir = join(dir, 'bad-config-data');
    const proc = spawnServer({
      DATA_DIR: dataDir,
      DATABASE_URL: 'mysql://u@db/itercraft',
      OIDC_JWKS_URI: 'https://idp.example/certs',
      PORT: 'eighty',
      LOG_LEVEL: 'info',
    });
    const started = Date.now();
    const { code } = await proc.exited;
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    const out = proc.output();
    expect(out).toMatch(/Invalid configuration/);
    for (const name of ['PORT', 'DATABASE_URL', 'OIDC_ISSUER']) expect(out).toContain(`  ${name}:`);
    // Nothing embedded was started: no PostgreSQL cluster, keys or broker account were written.
    expect(existsSync(dataDir)).toBe(false);
    expect(out).not.toMatch(/embedded .* started/);
  });
});

describe('server entry on SIGTERM', () => {
  let database: TestDatabase;
  let issuer: TestIssuer;
  let proc: ServerProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    issuer = await startTestIssuer();
  });
  afterAll(async () => {
    proc?.kill();
    await issuer.close();
    await database.drop();
  });

  it('ends the streams, lets the in-flight request finish and exits 0 within a few seconds', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    proc = spawnServer({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      OIDC_ISSUER: issuer.issuer,
      OIDC_JWKS_URI: issuer.jwksUri,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      DATA_DIR: join(dir, 'sigterm-data'),
      EMBEDDED_MQTT_PORT: String(await freePort()),
      SHUTDOWN_GRACE_MS: '8000',
      LOG_LEVEL: 'warn',
    });
    await untilReady(url, proc);
    const token = await issuer.token('alice');
    await push(url, token, 'usages', [{ newDocumentState: usageDoc('sd-held', 1) }]);
    const master = (await pullAll(url, token, 'usages')).find((d) => d.id === 'sd-held')!;
    const stream = await openStream(url, token);
    await stream.next((e) => e.event === 'resync');

    // An in-flight push: it waits on a row lock this test holds, so it is still running at SIGTERM.
    const locker = new pg.Client({ connectionString: database.url });
    locker.on('error', () => undefined); // terminated by the database drop if the test fails early
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query(`SELECT 1 FROM usages WHERE id = 'sd-held' FOR UPDATE`);
    let pushDone = false;
    const inFlight = pushRaw(url, token, 'usages', [{ assumedMasterState: master, newDocumentState: { ...master, usedAt: 2, writeId: 'w-during-shutdown' } }]).finally(() => {
      pushDone = true;
    });
    for (let i = 0; ; i++) {
      const { rows } = await locker.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      if (rows[0]!.n > 0) break;
      if (i > 200) throw new Error('the push never reached the row lock');
      await sleep(25);
    }

    const eventsBefore = stream.events.length;
    const signalled = Date.now();
    proc.child.kill('SIGTERM');
    // The stream ends first, cleanly, while the request is still running.
    await Promise.race([stream.closed, sleep(3000).then(() => Promise.reject(new Error('stream not ended within 3 s')))]);
    expect(stream.events.slice(eventsBefore)).toEqual([]);
    expect(pushDone).toBe(false);
    expect(proc.child.exitCode).toBeNull();
    // No new connection is accepted any more.
    await expect(fetch(`${url}/healthcheck`)).rejects.toThrow();

    await locker.query('COMMIT');
    await locker.end();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([{ status: 'accepted', id: 'sd-held' }]);

    const { code, signal } = await proc.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(5000);
    // The write made it to the database before the pool closed.
    const check = new pg.Client({ connectionString: database.url });
    await check.connect();
    const { rows } = await check.query<{ used_at: string }>(`SELECT used_at FROM usages WHERE id = 'sd-held'`);
    await check.end();
    expect(Number(rows[0]!.used_at)).toBe(2);
  });
});
