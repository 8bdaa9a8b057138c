import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminQuery } from '../../test/pg-admin.ts';
import { createTestDatabase, type TestDatabase } from '../../test/pg.ts';
import { startTestServer, type TestServer } from '../../test/test-server.ts';

let database: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ database });
});
afterAll(async () => {
  await server.close();
  await database.drop();
});

const readyz = async () => {
  const res = await fetch(`${server.url}/readyz`);
  return { status: res.status, body: await res.json() };
};

describe('readiness', () => {
  it('is UP with the database, DOWN (503) while it is unreachable, and UP again when it is back', async () => {
    expect(await readyz()).toEqual({ status: 200, body: { status: 'UP', database: 'UP' } });
    // Dropping the database cuts the pool's connections and makes new ones fail.
    await database.drop();
    expect(await readyz()).toEqual({ status: 503, body: { status: 'DOWN', database: 'DOWN' } });
    // Liveness does not depend on the database: the process itself is fine.
    expect((await fetch(`${server.url}/healthcheck`)).status).toBe(200);
    // An empty database of the same name is enough for the probe (no template: no wait on other suites).
    await adminQuery(inject('pgBaseUrl'), `CREATE DATABASE ${database.name}`);
    let back = await readyz();
    for (let i = 0; i < 20 && back.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      back = await readyz();
    }
    expect(back).toEqual({ status: 200, body: { status: 'UP', database: 'UP' } });
  });
});
