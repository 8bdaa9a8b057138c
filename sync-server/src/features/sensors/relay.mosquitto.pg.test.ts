/**
 * The relay on the real Mosquitto (the repository's TLS 1.3 configuration, password file and ACL)
 * and real PostgreSQL: interval commands retained for the boards, readings of accounts the
 * database does not know and of topics outside the layout counted and logged once, and the boards'
 * online/offline status (their last will included) replicated to the owner.
 *
 * Without Mosquitto the suites skip locally and fail under CI=true (test-broker.ts).
 */
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFilter, commandTopic, deviceStatusTopic, sensorTopic } from '@itercraft/shared/mqtt/topics';
import { BACKEND_USERNAME } from '@itercraft/shared/mqtt/topics';
import { requireMosquitto, skipMosquitto, startBroker, type TestBroker } from '../../../../mosquitto/test/test-broker.ts';
import type { Deps } from '../../deps.ts';
import { sql } from '../../platform/db.ts';
import { pullAll, push, type Doc } from '../../../test/sync-client.ts';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { syncModule } from '../sync/index.ts';
import { sensorsModule, type SensorsModule } from './index.ts';
import { addAccounts, BACKEND_PASSWORD, captureLog, connectDevice, enrolOnBroker, outcomeCount, relayEndpoint, until, type CapturedLog } from './mosquitto.test-kit.ts';
import { sensorRules } from './sensors.rules.ts';
import { readingJson, type EnrolResponse } from './sensors.test-helpers.ts';

/** A broker account with no sensorDevices row (made with the scripts only, never enrolled). */
const STRAY = { username: 'stray-device', password: 'stray-device-password' };
/** A test account the ACL lets read every command, to watch what the broker retains. */
const OBSERVER = { username: 'command-observer', password: 'command-observer-password' };
/** A misconfigured account allowed to write anywhere under sensors/ (topics outside the layout). */
const LOOSE = { username: 'loose-account', password: 'loose-account-password' };

let broker: TestBroker;
let server: TestServer;
let sensors: SensorsModule;
let log: CapturedLog;
let alice: string;
const clients: MqttClient[] = [];
/** Enrolled once, before the test-only accounts are added (a password file sync would drop those). */
let devices: Record<'salon' | 'cellier' | 'grenier' | 'veranda' | 'jardin', EnrolResponse>;

beforeAll(async () => {
  if (skipMosquitto) return;
  requireMosquitto();
  broker = await startBroker({
    users: { [BACKEND_USERNAME]: BACKEND_PASSWORD },
    extraAcl: `user ${OBSERVER.username}\ntopic read commands/#\n\nuser ${LOOSE.username}\ntopic write sensors/#`,
  });
  log = captureLog();
  server = await startTestServer({
    modules: (deps: Deps) => {
      sensors = sensorsModule({ ...deps, logger: log.logger, mqtt: relayEndpoint(broker) });
      return [syncModule(deps, sensorRules), sensors];
    },
  });
  alice = await server.tokenFor('alice-mosquitto');
  await sensors.relay!.consumer.waitConnected();
  const [salon, cellier, grenier, veranda, jardin] = await enrolOnBroker({ baseUrl: server.url, token: alice, db: server.db, broker }, [
    { name: 'Salon', intervalSeconds: 45 },
    { name: 'Cellier', intervalSeconds: 90 },
    { name: 'Grenier', intervalSeconds: 300 },
    { name: 'Véranda' },
    { name: 'Jardin' },
  ]);
  devices = { salon: salon!, cellier: cellier!, grenier: grenier!, veranda: veranda!, jardin: jardin! };
  await addAccounts(broker, [STRAY, OBSERVER, LOOSE]);
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
  await server?.close();
  await broker?.stop();
});

async function device(username: string, password: string, extra: Parameters<typeof connectDevice>[3] = {}): Promise<MqttClient> {
  const client = await connectDevice(broker, username, password, extra);
  clients.push(client);
  return client;
}

interface Received {
  topic: string;
  payload: string;
  retain: boolean;
}

/** Subscribes and records every message, with its retain flag. */
async function watch(client: MqttClient, filter: string): Promise<Received[]> {
  const seen: Received[] = [];
  client.on('message', (topic, payload, packet) => seen.push({ topic, payload: payload.toString(), retain: packet.retain }));
  await client.subscribeAsync(filter, { qos: 1 });
  return seen;
}

async function deviceDoc(id: string): Promise<Doc> {
  return (await pullAll(server.url, alice, 'sensorDevices')).find((d) => d.id === id)!;
}

async function editDevice(id: string, patch: Record<string, unknown>): Promise<void> {
  const master = await deviceDoc(id);
  const [result] = await push(server.url, alice, 'sensorDevices', [{ assumedMasterState: master, newDocumentState: { ...master, ...patch, writeId: `w-${Math.random()}` } }]);
  expect(result!.status).toBe('accepted');
}


describe.skipIf(skipMosquitto)('interval commands on Mosquitto', () => {
  it('a board gets its enrolment interval retained, a replicated edit live, and the latest one when it next connects', async () => {
    const salon = devices.salon;
    const board = await device(salon.username, salon.password, { clientId: salon.username, clean: false });
    const inbox = await watch(board, commandFilter(salon.username));
    const topic = commandTopic(salon.username, 'interval');
    await until(() => (inbox.length > 0 ? true : undefined), 'no retained interval at subscription');
    expect(inbox).toEqual([{ topic, payload: '{"seconds":45}', retain: true }]);

    await editDevice(salon.device.id, { intervalSeconds: 120 });
    await until(() => (inbox.length > 1 ? true : undefined), 'the edit never reached the board');
    expect(inbox[1]).toEqual({ topic, payload: '{"seconds":120}', retain: false });

    // away during the next edit, then back with a fresh session: only the latest value, retained
    await board.endAsync();
    await editDevice(salon.device.id, { intervalSeconds: 600 });
    await until(async () => ((await server.db.maybeOneFirst(sql.unsafe`SELECT interval_seconds FROM sensor_device_commands WHERE device_id = ${salon.device.id}`)) === 600 ? true : undefined), 'the edit was not published');
    const again = await device(salon.username, salon.password);
    const later = await watch(again, commandFilter(salon.username));
    await until(() => (later.length > 0 ? true : undefined), 'no retained interval on reconnection');
    await new Promise((r) => setTimeout(r, 300));
    expect(later).toEqual([{ topic, payload: '{"seconds":600}', retain: true }]);
    // a rename alone publishes nothing new
    await editDevice(salon.device.id, { name: 'Salon (sud)' });
    await new Promise((r) => setTimeout(r, 500));
    expect(later).toHaveLength(1);
  });

  it('decommissioning clears the retained command; other boards keep theirs', async () => {
    const kept = devices.cellier;
    const retired = devices.grenier;
    const observer = await device(OBSERVER.username, OBSERVER.password);
    const live = await watch(observer, `commands/${retired.username}/#`);
    await until(() => (live.length > 0 ? true : undefined), 'no retained command for the device to retire');

    await editDevice(retired.device.id, { status: 'decommissioned' });
    await until(() => (live.some((m) => m.payload === '') ? true : undefined), 'the retained command was never cleared');
    expect(await server.db.maybeOneFirst(sql.unsafe`SELECT 1 FROM sensor_device_commands WHERE device_id = ${retired.device.id}`)).toBeNull();

    const fresh = await device(OBSERVER.username, OBSERVER.password, { clientId: 'observer-2' });
    const retained = await watch(fresh, 'commands/#');
    await until(() => (retained.some((m) => m.topic === commandTopic(kept.username, 'interval')) ? true : undefined), 'the kept device’s command is gone');
    await new Promise((r) => setTimeout(r, 300));
    expect(retained.find((m) => m.topic === commandTopic(kept.username, 'interval'))).toMatchObject({ payload: '{"seconds":90}', retain: true });
    expect(retained.filter((m) => m.topic.startsWith(`commands/${retired.username}/`))).toEqual([]);
  });
});

describe.skipIf(skipMosquitto)('messages the relay cannot attribute', () => {
  it('counts and logs once a reading from an account with no device, and one on a topic outside the layout, then goes on', async () => {
    const stray = await device(STRAY.username, STRAY.password);
    const loose = await device(LOOSE.username, LOOSE.password);
    const unknownBefore = await outcomeCount(server.deps.metrics, 'unknown_device');
    const badTopicBefore = await outcomeCount(server.deps.metrics, 'bad_topic');
    const storedBefore = await outcomeCount(server.deps.metrics, 'stored');
    const metrics = server.deps.metrics;
    for (let i = 0; i < 2; i++) {
      await stray.publishAsync(sensorTopic(STRAY.username), readingJson(Date.now() - 10_000 - i), { qos: 1 });
      await loose.publishAsync('sensors/x/reading', readingJson(Date.now() - 10_000 - i), { qos: 1 });
    }
    await until(async () => ((await outcomeCount(metrics, 'unknown_device')) === unknownBefore + 2 && (await outcomeCount(metrics, 'bad_topic')) === badTopicBefore + 2 ? true : undefined), 'outcomes not counted');
    expect(log.find('reading from an unknown device dropped', { username: STRAY.username })).toHaveLength(1);
    expect(log.find('MQTT message on an unexpected topic dropped', { topic: 'sensors/x/reading' })).toHaveLength(1);
    expect(log.find('reading from an unknown device dropped', { username: STRAY.username })[0]).toMatchObject({ level: 40 });

    // the relay still works: an enrolled board's reading is stored
    const ok = devices.veranda;
    const board = await device(ok.username, ok.password);
    const at = Date.now() - 5000;
    await board.publishAsync(sensorTopic(ok.username), readingJson(at), { qos: 1 });
    await until(async () => ((await pullAll(server.url, alice, 'sensorReadings')).some((d) => d.deviceId === ok.device.id && d.measuredAt === at) ? true : undefined), 'reading not stored');
    expect(await outcomeCount(metrics, 'stored')).toBe(storedBefore + 1);
  });
});

describe.skipIf(skipMosquitto)('device status', () => {
  it('the owner’s device document follows the board: online, unchanged on repeats, offline by its last will', async () => {
    const jardin = devices.jardin;
    expect((await deviceDoc(jardin.device.id)).connectionStatus).toBeNull();
    const status = deviceStatusTopic(jardin.username);
    const board = await device(jardin.username, jardin.password, {
      will: { topic: status, payload: Buffer.from('{"status":"offline"}'), qos: 1, retain: true },
    });
    const t0 = Date.now();
    await board.publishAsync(status, JSON.stringify({ status: 'online', firmware: 'test', uptime_s: 3, interval_s: 30 }), { qos: 1, retain: true });
    const online = await until(async () => {
      const doc = await deviceDoc(jardin.device.id);
      return doc.connectionStatus === 'online' ? doc : undefined;
    }, 'online status never replicated');
    expect(online.connectionChangedAt as number).toBeGreaterThanOrEqual(t0 - 1000);

    const unchangedBefore = await outcomeCount(server.deps.metrics, 'status_unchanged');
    const invalidBefore = await outcomeCount(server.deps.metrics, 'invalid_status');
    await board.publishAsync(status, '{"status":"online"}', { qos: 1, retain: true });
    await board.publishAsync(status, '{"status":"napping"}', { qos: 1 });
    await until(async () => ((await outcomeCount(server.deps.metrics, 'invalid_status')) > invalidBefore ? true : undefined), 'bad status not counted');
    expect(await outcomeCount(server.deps.metrics, 'status_unchanged')).toBe(unchangedBefore + 1);
    expect((await deviceDoc(jardin.device.id)).connectionChangedAt).toBe(online.connectionChangedAt);

    // the board vanishes without a DISCONNECT: the broker publishes its last will
    await new Promise((r) => setTimeout(r, 20));
    board.stream.destroy();
    const offline = await until(async () => {
      const doc = await deviceDoc(jardin.device.id);
      return doc.connectionStatus === 'offline' ? doc : undefined;
    }, 'the last will never reached the owner’s document');
    expect(offline.connectionChangedAt as number).toBeGreaterThan(online.connectionChangedAt as number);
  });
});
