/**
 * The sensors REST surface and device rules on real PostgreSQL: enrolment (CSRF, credentials
 * returned once and stored as a Mosquitto hash), the original's `GET /api/sensors/data` contract,
 * and what a user may change on a device through replication.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MQTT_USERNAME_PATTERN } from '@itercraft/shared/mqtt/topics';
import { sql } from '../../platform/db.ts';
import { FakeClock } from '../../platform/clock.ts';
import { pull, push, type Doc } from '../../../test/sync-client.ts';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { syncModule } from '../sync/index.ts';
import { verifyMosquittoPassword } from './credentials.ts';
import { findActivePasswordHash } from './devices.repo.ts';
import { sensorsModule } from './index.ts';
import { insertRawReadings, rawReadingId } from './reading-writer.ts';
import { rollupPending } from './rollup.job.ts';
import { sensorRules } from './sensors.rules.ts';
import { csrfPair, enrol, enrolRaw } from './sensors.test-helpers.ts';

const NOW = Date.parse('2026-03-15T12:00:00Z');
const clock = new FakeClock(NOW);
let server: TestServer;
let alice: string;
let bob: string;

beforeAll(async () => {
  server = await startTestServer({ clock, modules: (deps) => [syncModule(deps, sensorRules), sensorsModule(deps)] });
  alice = await server.tokenFor('alice-rest');
  bob = await server.tokenFor('bob-rest');
});
afterAll(() => server?.close());

const get = (path: string, token: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('POST /api/sensors/devices (enrolment)', () => {
  it('requires the CSRF double submit and a token', async () => {
    const noCsrf = await fetch(`${server.url}/api/sensors/devices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.json()).toMatchObject({ error: { code: 'CSRF' } });
    const { cookie, header } = await csrfPair(server.url, alice);
    const noToken = await fetch(`${server.url}/api/sensors/devices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-xsrf-token': header },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(noToken.status).toBe(401);
  });

  it('creates the device and returns its credentials once; only a Mosquitto hash is stored', async () => {
    const res = await enrolRaw(server.url, alice, { name: '  Station du salon ', intervalSeconds: 60 });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { device: Doc; username: string; password: string; provisioning: { filename: string; content: string } };
    expect(body.username).toMatch(MQTT_USERNAME_PATTERN);
    expect(body.username).toMatch(/^station-du-salon-/);
    expect(body.device).toMatchObject({ name: 'Station du salon', mqttUsername: body.username, intervalSeconds: 60, status: 'active', lastSeenAt: null, createdAt: NOW, rev: 1 });
    expect(body.provisioning.filename).toBe('credentials.h');
    expect(body.provisioning.content).toContain(`#define ITERCRAFT_MQTT_USERNAME "${body.username}"`);
    expect(body.provisioning.content).toContain(`#define ITERCRAFT_MQTT_PASSWORD "${body.password}"`);

    const hash = await findActivePasswordHash(server.db, body.username);
    expect(hash).toMatch(/^\$7\$/);
    expect(hash).not.toContain(body.password);
    expect(await verifyMosquittoPassword(body.password, hash!)).toBe(true);
    const dump = JSON.stringify(await server.db.any(sql.unsafe`SELECT * FROM sensor_devices`));
    expect(dump).not.toContain(body.password);

    // the device replicates to the owner like any other document, without secrets
    const pulled = (await pull(server.url, alice, 'sensorDevices', null)).documents;
    expect(pulled.map((d) => d.id)).toContain(body.device.id);
    expect(JSON.stringify(pulled)).not.toContain(body.password);
    expect((await pull(server.url, bob, 'sensorDevices', null)).documents).toEqual([]);
  });

  it('refuses invalid input with 400 and a duplicate name with 409', async () => {
    for (const body of [{}, { name: '' }, { name: 'x'.repeat(101) }, { name: 'ok', intervalSeconds: 5 }, { name: 'ok', intervalSeconds: 1.5 }]) {
      const res = await enrolRaw(server.url, alice, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'VALIDATION' } });
    }
    await enrol(server.url, alice, 'Garage');
    const dup = await enrolRaw(server.url, alice, { name: 'garage' });
    expect(dup.status).toBe(409);
    expect(await dup.json()).toMatchObject({ error: { code: 'DUPLICATE' } });
    // names are per user
    expect((await enrolRaw(server.url, bob, { name: 'Garage' })).status).toBe(201);
  });
});

describe('sensorDevices replication rules', () => {
  async function current(token: string, id: string): Promise<Doc> {
    const docs = (await pull(server.url, token, 'sensorDevices', null, 500)).documents;
    return docs.find((d) => d.id === id)!;
  }
  const write = (token: string, master: Doc | null, next: Doc) =>
    push(server.url, token, 'sensorDevices', [{ assumedMasterState: master, newDocumentState: { ...next, writeId: `w-${Math.random()}` } }]);

  it('rejects a device created by push: enrolment goes through the server', async () => {
    const [r] = await write(alice, null, {
      id: 'pushed-device',
      rev: 0,
      updatedAt: 0,
      writeId: null,
      deleted: false,
      name: 'Fantôme',
      mqttUsername: 'fantome-device',
      intervalSeconds: 30,
      status: 'active',
      lastSeenAt: null,
      connectionStatus: null,
      connectionChangedAt: null,
      createdAt: NOW,
    });
    expect(r).toMatchObject({ status: 'rejected', code: 'ENROLMENT_REQUIRED' });
  });

  it('lets the owner rename and change the interval, never the username or server fields', async () => {
    const { device } = await enrol(server.url, alice, 'Cuisine');
    const master = await current(alice, device.id);
    const [r] = await write(alice, master, {
      ...master,
      name: 'Cuisine (nord)',
      intervalSeconds: 120,
      mqttUsername: 'hijack-me',
      createdAt: 1,
      lastSeenAt: 5,
      connectionStatus: 'online',
      connectionChangedAt: 5,
    });
    expect(r!.status).toBe('accepted');
    expect(await current(alice, device.id)).toMatchObject({
      name: 'Cuisine (nord)',
      intervalSeconds: 120,
      mqttUsername: device.mqttUsername,
      createdAt: NOW,
      lastSeenAt: null,
      connectionStatus: null,
      connectionChangedAt: null,
    });
    // another user cannot touch it
    const [forbidden] = await write(bob, master, { ...master, name: 'Volé' });
    expect(forbidden!.status).toBe('rejected');
  });

  it('refuses an interval the board would not accept, with a reason, and keeps the stored one', async () => {
    const { device } = await enrol(server.url, alice, 'Buanderie', 45);
    for (const intervalSeconds of [5, 86_401]) {
      const master = await current(alice, device.id);
      const [r] = await write(alice, master, { ...master, intervalSeconds });
      expect(r, String(intervalSeconds)).toMatchObject({ status: 'rejected' });
    }
    const master = await current(alice, device.id);
    const [low] = await write(alice, master, { ...master, intervalSeconds: 9 });
    expect(low).toMatchObject({ status: 'rejected', code: 'INTERVAL_OUT_OF_RANGE', reason: expect.stringMatching(/entre 10 et 86400 secondes/) as string });
    expect(await current(alice, device.id)).toMatchObject({ intervalSeconds: 45 });
  });

  it('merges an edit made on a stale revision with the server’s lastSeenAt and connection status instead of a conflict', async () => {
    const { device } = await enrol(server.url, alice, 'Bureau');
    const stale = await current(alice, device.id);
    await server.db.query(sql.unsafe`UPDATE sensor_devices SET last_seen_at = ${NOW - 1000}, connection_status = 'online', connection_changed_at = ${NOW - 900} WHERE id = ${device.id}`);
    const [r] = await write(alice, stale, { ...stale, name: 'Bureau (étage)' });
    expect(r!.status).toBe('accepted');
    expect(await current(alice, device.id)).toMatchObject({
      name: 'Bureau (étage)',
      lastSeenAt: NOW - 1000,
      connectionStatus: 'online',
      connectionChangedAt: NOW - 900,
      status: 'active',
    });
  });

  it('decommissioning revokes the broker password for good; reactivation is refused', async () => {
    const { device, username } = await enrol(server.url, alice, 'Serre');
    const master = await current(alice, device.id);
    expect(await findActivePasswordHash(server.db, username)).not.toBeNull();
    const [r] = await write(alice, master, { ...master, status: 'decommissioned' });
    expect(r!.status).toBe('accepted');
    expect(await findActivePasswordHash(server.db, username)).toBeNull();
    expect(await server.db.oneFirst(sql.unsafe`SELECT count(*)::int FROM sensor_device_credentials WHERE device_id = ${device.id}`)).toBe(0);
    const after = await current(alice, device.id);
    const [again] = await write(alice, after, { ...after, status: 'active' });
    expect(again).toMatchObject({ status: 'rejected', code: 'DEVICE_DECOMMISSIONED' });
  });

  it('treats a deleted device as decommissioned', async () => {
    const { device, username } = await enrol(server.url, alice, 'Abri');
    const master = await current(alice, device.id);
    const [r] = await write(alice, master, { ...master, deleted: true });
    expect(r!.status).toBe('accepted');
    expect(await findActivePasswordHash(server.db, username)).toBeNull();
    const row: unknown = await server.db.one(sql.unsafe`SELECT status, deleted FROM sensor_devices WHERE id = ${device.id}`);
    expect(row).toEqual({ status: 'decommissioned', deleted: true });
  });
});

describe('GET /api/sensors/data', () => {
  const DAY = 24 * 3_600_000;
  let deviceId: string;

  beforeAll(async () => {
    const { device } = await enrol(server.url, alice, 'Météo');
    deviceId = device.id;
    const at = (offset: number, t: number | null) => ({
      id: rawReadingId(deviceId, NOW - offset),
      ownerId: 'alice-rest',
      deviceId,
      measuredAt: NOW - offset,
      dhtTemperature: t,
      dhtHumidity: 50,
      ntcTemperature: null,
      luminosity: 10,
    });
    // 1 h, 2 days, exactly 7 days, 8 days and 20 days ago (the last one only through rollups)
    await insertRawReadings(server.db, [at(3_600_000, 21.5), at(2 * DAY, null), at(7 * DAY, 19), at(8 * DAY, 18), at(20 * DAY, 15), at(20 * DAY - 60_000, 17)]);
    for (let read = 0, i = 0; read < 6 && i < 200; i++) {
      // the job only reads below the cluster-wide oldest running transaction: may need a few tries
      read += (await rollupPending(server.db)).readings;
      if (read < 6) await new Promise((r) => setTimeout(r, 25));
    }
    // raw rows of 20 days ago would be gone in production: drop them, the rollup must answer
    await server.db.query(sql.unsafe`DELETE FROM sensor_readings WHERE kind = 'raw' AND measured_at < ${NOW - 10 * DAY}`);
  });

  it('replicates raw readings of the last 7 days only, and every hourly rollup (pullFilter)', async () => {
    const docs = (await pull(server.url, alice, 'sensorReadings', null, 500)).documents.filter((d) => d.deviceId === deviceId);
    const raw = docs.filter((d) => d.kind === 'raw').map((d) => NOW - (d.measuredAt as number));
    // 8 days ago is still on the server (10-day retention) but outside the PWA's window
    expect(raw.sort((a, b) => a - b)).toEqual([3_600_000, 2 * DAY, 7 * DAY]);
    expect(await server.db.oneFirst(sql.unsafe`SELECT count(*)::int FROM sensor_readings WHERE device_id = ${deviceId} AND kind = 'raw' AND measured_at = ${NOW - 8 * DAY}`)).toBe(1);
    // hourly rollups of every reading, 20 days old included
    const hours = docs.filter((d) => d.kind === '1h').map((d) => d.measuredAt as number);
    const hourOf = (t: number) => t - (t % 3_600_000);
    const expectedHours = [...new Set([3_600_000, 2 * DAY, 7 * DAY, 8 * DAY, 20 * DAY, 20 * DAY - 60_000].map((o) => hourOf(NOW - o)))];
    expect(hours.sort((a, b) => a - b)).toEqual(expectedHours.sort((a, b) => a - b));
  });

  it('defaults to the last 7 days, inclusive, ascending, with the original’s fields', async () => {
    const res = await get('/api/sensors/data', alice);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { measuredAt: new Date(NOW - 7 * DAY).toISOString(), deviceName: 'Météo', dhtTemperature: 19, dhtHumidity: 50, ntcTemperature: null, luminosity: 10 },
      { measuredAt: new Date(NOW - 2 * DAY).toISOString(), deviceName: 'Météo', dhtTemperature: null, dhtHumidity: 50, ntcTemperature: null, luminosity: 10 },
      { measuredAt: new Date(NOW - 3_600_000).toISOString(), deviceName: 'Météo', dhtTemperature: 21.5, dhtHumidity: 50, ntcTemperature: null, luminosity: 10 },
    ]);
  });

  it('takes from/to with an offset, inclusive at both ends', async () => {
    const from = encodeURIComponent(new Date(NOW - 8 * DAY).toISOString().replace('Z', '+00:00'));
    const to = encodeURIComponent(new Date(NOW - 2 * DAY).toISOString());
    const body = (await (await get(`/api/sensors/data?from=${from}&to=${to}`, alice)).json()) as { measuredAt: string }[];
    expect(body.map((p) => p.measuredAt)).toEqual([NOW - 8 * DAY, NOW - 7 * DAY, NOW - 2 * DAY].map((t) => new Date(t).toISOString()));
  });

  it('answers beyond the raw retention from the 5-minute rollups (their averages)', async () => {
    const from = new Date(NOW - 21 * DAY).toISOString();
    const to = new Date(NOW - 19 * DAY).toISOString();
    const body = (await (await get(`/api/sensors/data?from=${from}&to=${to}`, alice)).json()) as { dhtTemperature: number }[];
    expect(body).toHaveLength(1);
    expect(body[0]!.dhtTemperature).toBeCloseTo(16, 9);
  });

  it('gives a new user an empty list, and never another user’s readings', async () => {
    const newcomer = await server.tokenFor('brand-new-user');
    expect(await (await get('/api/sensors/data', newcomer)).json()).toEqual([]);
    expect(await (await get('/api/sensors/data', bob)).json()).toEqual([]);
  });

  it('answers 400 for bad dates and 401 without a token', async () => {
    for (const q of ['from=yesterday', 'to=2026-02-01', 'from=2026-02-01T00:00:00', `from=${new Date(NOW).toISOString()}&to=${new Date(NOW - DAY).toISOString()}`, 'from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z']) {
      const res = await get(`/api/sensors/data?${q}`, alice);
      expect(res.status, q).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'VALIDATION' } });
    }
    expect((await fetch(`${server.url}/api/sensors/data`)).status).toBe(401);
  });
});

describe('device names', () => {
  it('rejects a rename onto another device’s name (one document, not the batch)', async () => {
    await enrol(server.url, alice, 'Atelier');
    const { device } = await enrol(server.url, alice, 'Véranda');
    const master = (await pull(server.url, alice, 'sensorDevices', null, 500)).documents.find((d) => d.id === device.id)!;
    const r = await push(server.url, alice, 'sensorDevices', [{ assumedMasterState: master, newDocumentState: { ...master, name: 'atelier', writeId: 'w-dup' } }]);
    expect(r[0]).toMatchObject({ status: 'rejected' });
  });
});
