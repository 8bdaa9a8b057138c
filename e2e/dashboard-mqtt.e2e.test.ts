/**
 * Sensor readings end to end, on the real parts: a device enrolled over REST, its account written
 * into the real Mosquitto's password file from the database (the production path), an MQTTS
 * publish (TLS 1.3, the repository's mosquitto.conf and ACL), the server's relay (the real
 * server process, MQTT 5, the default plain `sensors/#` subscription: MQTT_SHARED_SUBSCRIPTION is
 * unset, see the sensors README), PostgreSQL, the replication stream, and the PWA's
 * own RxDB replication client of the owner. Another user's client never gets the reading. Then
 * the broker is restarted in the middle of a stream of readings: every reading the broker
 * acknowledged reaches the owner's client.
 *
 * Mosquitto is required: missing, the suite fails under CI=true (locally too: it is this file's subject).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections } from '@itercraft/shared/collections/index';
import { BACKEND_USERNAME, sensorTopic } from '@itercraft/shared/mqtt/topics';
import { requireMosquitto, startBroker, type TestBroker } from '../mosquitto/test/test-broker.ts';
import { until } from '../pwa/test/sync-test-client.ts';
import { startWorkerClient, type WorkerClient } from '../pwa/test/worker-client/worker-client.ts';
import { syncPasswdFile } from '../sync-server/src/features/sensors/mosquitto-passwd.ts';
import { rawReadingId } from '../sync-server/src/features/sensors/reading-writer.ts';
import { enrol, readingJson, type EnrolResponse } from '../sync-server/src/features/sensors/sensors.test-helpers.ts';
import { createDatabase, sql, type DatabasePool } from '../sync-server/src/platform/db.ts';
import { exchangeCode, launchBrowser, newContext, pkceAuthorizationRequest, signIn, startStack, type DemoLogin, type Stack } from './harness.ts';

const BACKEND_PASSWORD = `e2e-backend-${Math.random().toString(36).slice(2)}-password`;

let broker: TestBroker;
let restarted: ChildProcess | null = null;
let stack: Stack;
let browser: Browser;
let db: DatabasePool;
let laurent: string;
let camille: string;
let device: EnrolResponse;
const clients: WorkerClient[] = [];
const mqttClients: MqttClient[] = [];

async function accessToken(user: DemoLogin): Promise<string> {
  const context = await newContext(browser, stack);
  const page = await context.newPage();
  await page.route('**/auth/callback?*', (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'callback' }));
  const request = pkceAuthorizationRequest(stack);
  await page.goto(request.url);
  await signIn(page, user);
  const code = new URL(page.url()).searchParams.get('code')!;
  await context.close();
  return (await exchangeCode(stack, request, code)).access_token;
}

/** The PWA's data layer (RxDB + its replication engine) for one user, in its own worker thread. */
async function rxClient(token: string, name: string): Promise<WorkerClient> {
  const client = await startWorkerClient({ baseUrl: stack.url, token, name });
  clients.push(client);
  return client;
}

async function deviceClient(): Promise<MqttClient> {
  // ESP32 firmware speaks MQTT 3.1.1 over TLS; reconnects like the firmware does
  const client = await mqtt.connectAsync({
    protocol: 'mqtts',
    host: 'localhost',
    port: broker.port,
    ca: broker.ca,
    username: device.username,
    password: device.password,
    protocolVersion: 4,
    clientId: `e2e-${device.username}`,
    clean: false,
    reconnectPeriod: 200,
    connectTimeout: 5000,
  });
  mqttClients.push(client);
  return client;
}

async function readingIds(client: WorkerClient): Promise<Set<string>> {
  return new Set((await client.liveDocs('sensorReadings')).map((d) => String(d.id)));
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

/** The running Mosquitto's process id (the first one, or the one started by restartBroker). */
const brokerPid = () => restarted?.pid ?? broker.pid;

/** Stops Mosquitto cleanly (it saves its persistence) and starts it again on the same files and port. */
async function restartBroker(): Promise<void> {
  const pid = brokerPid();
  process.kill(pid, 'SIGTERM');
  await until(() => processGone(pid), 'mosquitto did not stop', 10_000);
  restarted = spawn('/usr/sbin/mosquitto', ['-c', join(broker.dir, 'mosquitto.conf')], { stdio: 'ignore' });
  await until(
    () =>
      new Promise<boolean>((resolve) => {
        const probe = mqtt.connect({ protocol: 'mqtts', host: 'localhost', port: broker.port, ca: broker.ca, username: BACKEND_USERNAME, password: BACKEND_PASSWORD, reconnectPeriod: 0, connectTimeout: 1000 });
        probe.once('connect', () => probe.end(true, () => resolve(true)));
        probe.once('error', () => probe.end(true, () => resolve(false)));
      }),
    'mosquitto did not come back',
    10_000,
  );
}

beforeAll(async () => {
  requireMosquitto();
  broker = await startBroker({ users: { [BACKEND_USERNAME]: BACKEND_PASSWORD } });
  stack = await startStack({
    env: {
      MQTT_URL: `mqtts://localhost:${broker.port}`,
      MQTT_USERNAME: BACKEND_USERNAME,
      MQTT_PASSWORD: BACKEND_PASSWORD,
      MQTT_CA_FILE: join(broker.dir, 'certs', 'ca.crt'),
      MQTT_CLIENT_ID: 'e2e-relay',
    },
  });
  browser = await launchBrowser();
  db = await createDatabase(stack.databaseUrl, 2);
  [laurent, camille] = await Promise.all([accessToken(stack.demoUsers[0]!), accessToken(stack.demoUsers[1]!)]);
  device = await enrol(stack.url, laurent, 'Station météo du jardin', 10);
  // The production path: the broker's password file is written from the database, then reloaded.
  const sync = await syncPasswdFile(db, join(broker.dir, 'passwd'), { pid: broker.pid });
  expect(sync).toEqual({ changed: true, devices: 1 });
});

afterAll(async () => {
  await Promise.all(mqttClients.map((c) => c.endAsync(true).catch(() => undefined)));
  for (const c of clients) await c.close().catch(() => undefined);
  await db?.end();
  await browser?.close();
  await stack?.stop();
  if (restarted && restarted.exitCode === null) {
    restarted.kill('SIGTERM');
    await until(() => restarted!.exitCode !== null || restarted!.signalCode !== null, 'mosquitto did not stop', 10_000).catch(() => undefined);
  }
  await broker?.stop();
});

describe('a device reading over MQTTS reaches its owner’s RxDB client, and only it', () => {
  it('delivers one reading to the owner, never to another user', async () => {
    const [mine, theirs] = [await rxClient(laurent, 'laurent'), await rxClient(camille, 'camille')];
    const client = await until(
      () => deviceClient().then(() => true, () => false),
      'the enrolled device could not log in to Mosquitto after the password file sync',
      10_000,
    ).then(() => mqttClients.at(-1)!);
    const measuredAt = Date.now() - 30_000;
    await client.publishAsync(sensorTopic(device.username), readingJson(measuredAt, { luminosity: 64 }, { user: 'camille@itercraft.com' }), { qos: 1 });

    const id = rawReadingId(device.device.id, measuredAt);
    await until(async () => (await readingIds(mine)).has(id), 'the reading never reached the owner’s client', 20_000);
    const doc = await mine.get('sensorReadings', id);
    expect(doc).toMatchObject({ deviceId: device.device.id, kind: 'raw', measuredAt, dhtTemperature: 20.7, dhtHumidity: 52, ntcTemperature: 21.1, luminosity: 64, count: 1 });
    // the device document replicated too (enrolled on the server), and lastSeenAt moved
    await until(async () => (await mine.get('sensorDevices', device.device.id))?.lastSeenAt != null, 'lastSeenAt never replicated', 20_000);

    // camille's client is fully caught up (its own device replicated), yet has no reading
    const own = await enrol(stack.url, camille, 'Capteur de Camille', 10);
    await until(async () => (await theirs.get('sensorDevices', own.device.id)) !== null, 'camille’s client did not sync', 20_000);
    expect(await theirs.liveDocs('sensorReadings')).toEqual([]);
  });

  it('a device cannot publish for another device’s owner', async () => {
    const camilleDevice = await enrol(stack.url, camille, 'Cave de Camille', 10);
    const client = mqttClients[0]!;
    // Mosquitto refuses the publish (MQTT 3.1.1 has no PUBACK reason; it is dropped silently)
    await client.publishAsync(sensorTopic(camilleDevice.username), readingJson(Date.now() - 20_000), { qos: 1 });
    const marker = Date.now() - 10_000;
    await client.publishAsync(sensorTopic(device.username), readingJson(marker), { qos: 1 });
    const mine = clients[0]!;
    await until(async () => (await readingIds(mine)).has(rawReadingId(device.device.id, marker)), 'marker not received', 20_000);
    expect(await clients[1]!.liveDocs('sensorReadings')).toEqual([]);
  });
});

describe('broker restart during a stream of readings', () => {
  it('loses none of the readings the broker acknowledged', async () => {
    const mine = clients[0]!;
    const client = mqttClients[0]!;
    const acked = new Set<string>();
    const unacked: string[] = [];
    const start = Date.now() - 60_000;
    const publishes: Promise<void>[] = [];
    let restart: Promise<void> | null = null;
    for (let i = 0; i < 150; i++) {
      const at = start + i * 10;
      const id = rawReadingId(device.device.id, at);
      publishes.push(
        client.publishAsync(sensorTopic(device.username), readingJson(at, { dht_temperature: 15 + (i % 10) }), { qos: 1 }).then(
          () => void acked.add(id),
          () => void unacked.push(id),
        ),
      );
      if (i === 60) restart = restartBroker();
      await new Promise((r) => setTimeout(r, 15));
    }
    await restart;
    // publishes queued by the device while the broker was down go out after it reconnects
    await Promise.race([Promise.allSettled(publishes), new Promise((r) => setTimeout(r, 20_000))]);
    expect(acked.size).toBeGreaterThan(100);

    const indexOf = new Map(Array.from({ length: 150 }, (_, i) => [rawReadingId(device.device.id, start + i * 10), i]));
    await until(
      async () => {
        const have = await readingIds(mine);
        return [...acked].every((id) => have.has(id));
      },
      'some acknowledged readings never reached the owner’s client',
      45_000,
    ).catch(async (err: unknown) => {
      const have = await readingIds(mine);
      const inDb = new Set((await db.anyFirst(sql.unsafe`SELECT id FROM sensor_readings WHERE device_id = ${device.device.id}`)).map(String));
      const missing = [...acked].filter((id) => !have.has(id));
      throw new Error(`${(err as Error).message}: missing indices ${missing.map((id) => indexOf.get(id)).join(',')}; in the database: ${missing.filter((id) => inDb.has(id)).length}; unacked ${unacked.map((id) => indexOf.get(id)).join(',')}`);
    });
    const stored = Number(
      await db.oneFirst(sql.unsafe`SELECT count(*) FROM sensor_readings WHERE device_id = ${device.device.id} AND kind = 'raw' AND measured_at >= ${start}`),
    );
    expect(stored).toBeGreaterThanOrEqual(acked.size);
  });
});

describe('decommissioning with the production broker', () => {
  it('removes the account from Mosquitto’s password file: the connected device is cut off and cannot log in again', async () => {
    const client = mqttClients[0]!;
    const master = (await fetch(`${stack.url}/sync/v1/sensorDevices/pull?schema=${collections.sensorDevices.version}&limit=100`, { headers: { authorization: `Bearer ${laurent}` } }).then(
      (r) => r.json() as Promise<{ documents: Record<string, unknown>[] }>,
    )).documents.find((d) => d.id === device.device.id)!;
    const push = await fetch(`${stack.url}/sync/v1/sensorDevices/push?schema=${collections.sensorDevices.version}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${laurent}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ assumedMasterState: master, newDocumentState: { ...master, status: 'decommissioned', writeId: 'e2e-decommission' } }]),
    });
    expect(((await push.json()) as { results: { status: string }[] }).results[0]!.status).toBe('accepted');

    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.options.reconnectPeriod = 0;
    // camille's two devices, enrolled above, are the only active ones left
    expect(await syncPasswdFile(db, join(broker.dir, 'passwd'), { pid: brokerPid() })).toEqual({ changed: true, devices: 2 });
    const passwd = await readFile(join(broker.dir, 'passwd'), 'utf8');
    expect(passwd).not.toContain(`${device.username}:`);
    expect(passwd).toContain(`${BACKEND_USERNAME}:`);
    await closed;
    await expect(
      mqtt.connectAsync({ protocol: 'mqtts', host: 'localhost', port: broker.port, ca: broker.ca, username: device.username, password: device.password, reconnectPeriod: 0 }),
    ).rejects.toThrow(/Not authorized|Bad username or password/i);
    // the backend account, kept by the sync, still works: the relay is connected
    await expect(
      mqtt.connectAsync({ protocol: 'mqtts', host: 'localhost', port: broker.port, ca: broker.ca, username: BACKEND_USERNAME, password: BACKEND_PASSWORD, reconnectPeriod: 0 }).then((c) => c.endAsync()),
    ).resolves.toBeUndefined();
  });
});
