/**
 * The relay end to end inside one process: a device enrolled over REST logs in to the embedded
 * aedes broker (real MQTT, our authenticator and the production ACL), publishes readings, and the
 * relay writes them to PostgreSQL for the device's owner, whose replication stream hears of it.
 * Another user sees nothing; bad messages are counted, never fatal; decommissioning shuts the
 * device out. (The same path over TLS to a real Mosquitto is e2e/dashboard-mqtt.e2e.test.ts.)
 */
import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFilter, commandTopic, sensorTopic } from '@itercraft/shared/mqtt/topics';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../embedded/broker.ts';
import type { Deps } from '../../deps.ts';
import { sql, type DatabasePool } from '../../platform/db.ts';
import { syncModule } from '../sync/index.ts';
import { openStream, pull, pullAll, push, type StreamReader } from '../../../test/sync-client.ts';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { createDeviceAuthenticator, sensorsModule, type SensorsModule } from './index.ts';
import { sensorRules } from './sensors.rules.ts';
import { enrol, readingJson, type EnrolResponse } from './sensors.test-helpers.ts';

let broker: EmbeddedBroker;
let server: TestServer;
let sensors: SensorsModule;
let db: DatabasePool | null = null;
let alice: string;
let bob: string;
let device: EnrolResponse;
const clients: MqttClient[] = [];
const streams: StreamReader[] = [];

beforeAll(async () => {
  broker = await startEmbeddedBroker({ port: 0, logger: pino({ level: 'silent' }), authenticator: createDeviceAuthenticator(() => db) });
  server = await startTestServer({
    modules: (deps: Deps) => {
      db = deps.db;
      const withBroker: Deps = {
        ...deps,
        mqtt: { url: broker.url, username: broker.backend.username, password: broker.backend.password, caFile: undefined, protocolVersion: 4 },
      };
      sensors = sensorsModule(withBroker);
      return [syncModule(withBroker, sensorRules), sensors];
    },
  });
  alice = await server.tokenFor('alice-relay');
  bob = await server.tokenFor('bob-relay');
  device = await enrol(server.url, alice, 'Station du salon');
  await sensors.relay!.consumer.waitConnected();
});

afterAll(async () => {
  for (const s of streams) s.close();
  await Promise.all(clients.map((c) => c.endAsync(true)));
  await server?.close();
  await broker?.stop();
});

async function connectDevice(username: string, password: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(broker.url, { username, password, reconnectPeriod: 0, connectTimeout: 5000 });
  clients.push(client);
  return client;
}

async function stream(token: string): Promise<StreamReader> {
  const s = await openStream(server.url, token);
  streams.push(s);
  await s.next((e) => e.event === 'resync');
  return s;
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const outcomeCount = async (outcome: string) => {
  const metric = await server.deps.metrics.mqttMessages.get();
  return metric.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
};

describe('MQTT relay', () => {
  it('stores a device’s reading for the device’s owner, whatever user the payload names, and tells only the owner', async () => {
    const aliceStream = await stream(alice);
    const bobStream = await stream(bob);
    const client = await connectDevice(device.username, device.password);
    const measuredAt = Date.now() - 60_000;
    const from = aliceStream.events.length;
    await client.publishAsync(sensorTopic(device.username), readingJson(measuredAt, { luminosity: null }, { user: 'bob@example.org' }), { qos: 1 });

    await aliceStream.next((e) => e.event === 'change' && (e.data as { collection: string }).collection === 'sensorReadings', 5000, from);
    const docs = await pullAll(server.url, alice, 'sensorReadings');
    expect(docs).toEqual([
      expect.objectContaining({
        deviceId: device.device.id,
        kind: 'raw',
        measuredAt,
        dhtTemperature: 20.7,
        dhtHumidity: 52,
        ntcTemperature: 21.1,
        luminosity: null,
        min: null,
        max: null,
        count: 1,
        deleted: false,
      }),
    ]);
    expect(await pullAll(server.url, bob, 'sensorReadings')).toEqual([]);
    expect(bobStream.events.filter((e) => e.event === 'change')).toEqual([]);
  });

  it('ignores a device publishing under another device’s topic (the broker drops it)', async () => {
    const other = await enrol(server.url, bob, 'Cave de Bob');
    const client = await connectDevice(device.username, device.password);
    const before = (await pullAll(server.url, bob, 'sensorReadings')).length;
    await client.publishAsync(sensorTopic(other.username), readingJson(Date.now() - 1000), { qos: 1 });
    // a marker on the device's own topic, published after: once it is stored, the other was handled
    const marker = Date.now() - 2000;
    await client.publishAsync(sensorTopic(device.username), readingJson(marker), { qos: 1 });
    await until(async () => ((await pullAll(server.url, alice, 'sensorReadings')).some((d) => d.measuredAt === marker) ? true : undefined));
    expect((await pullAll(server.url, bob, 'sensorReadings')).length).toBe(before);
  });

  it('counts and drops bad messages without stopping, and stores a duplicate once', async () => {
    const client = await connectDevice(device.username, device.password);
    const now = Date.now();
    const bad: [string, string][] = [
      ['invalid_json', '{"timestamp": '],
      ['invalid_payload', JSON.stringify({ device: 'x', dht_temperature: 1, dht_humidity: 1, ntc_temperature: 1, luminosity: 1 })],
      ['out_of_range', readingJson(now, { dht_humidity: 180 })],
      ['timestamp_in_future', readingJson(now + 3 * 24 * 3_600_000)],
      ['timestamp_too_old', readingJson(now - 30 * 24 * 3_600_000)],
      ['no_measurement', readingJson(now, { dht_temperature: null, dht_humidity: null, ntc_temperature: null, luminosity: null })],
    ];
    const before = Object.fromEntries(await Promise.all(bad.map(async ([reason]) => [reason, await outcomeCount(reason)] as const)));
    const duplicatesBefore = await outcomeCount('duplicate');
    for (const [, payload] of bad) await client.publishAsync(sensorTopic(device.username), payload, { qos: 1 });
    const good = now - 5000;
    await client.publishAsync(sensorTopic(device.username), readingJson(good), { qos: 1 });
    await client.publishAsync(sensorTopic(device.username), readingJson(good), { qos: 1 });
    await until(async () => ((await outcomeCount('duplicate')) > duplicatesBefore ? true : undefined));
    for (const [reason] of bad) expect(await outcomeCount(reason), reason).toBe(before[reason]! + 1);
    const stored = await until(async () => {
      const found = (await pullAll(server.url, alice, 'sensorReadings')).filter((d) => d.measuredAt === good);
      return found.length > 0 ? found : undefined;
    });
    expect(stored).toHaveLength(1);
  });

  it('marks the device as seen', async () => {
    const mine = await until(async () => {
      const found = (await pullAll(server.url, alice, 'sensorDevices')).find((d) => d.id === device.device.id);
      return found?.lastSeenAt ? found : undefined;
    });
    expect(mine.lastSeenAt).toEqual(expect.any(Number));
    expect(Date.now() - (mine.lastSeenAt as number)).toBeLessThan(60_000);
  });

  it('drops readings of a decommissioned device at once and refuses its next login', async () => {
    const victim = await enrol(server.url, alice, 'Capteur à retirer');
    const client = await connectDevice(victim.username, victim.password);
    const t0 = Date.now() - 10_000;
    await client.publishAsync(sensorTopic(victim.username), readingJson(t0), { qos: 1 });
    await until(async () => ((await pullAll(server.url, alice, 'sensorReadings')).some((d) => d.deviceId === victim.device.id) ? true : undefined));

    const [current] = (await pull(server.url, alice, 'sensorDevices', null, 500)).documents.filter((d) => d.id === victim.device.id);
    const results = await push(server.url, alice, 'sensorDevices', [
      { assumedMasterState: current!, newDocumentState: { ...current!, status: 'decommissioned', writeId: 'w-decommission' } },
    ]);
    expect(results[0]!.status).toBe('accepted');

    const dropped = await outcomeCount('decommissioned');
    // still connected (the broker checks passwords at login): its readings are refused by the relay
    await until(async () => {
      await client.publishAsync(sensorTopic(victim.username), readingJson(Date.now() - 1000), { qos: 1 });
      return (await outcomeCount('decommissioned')) > dropped ? true : undefined;
    });
    const stored = (await pullAll(server.url, alice, 'sensorReadings')).filter((d) => d.deviceId === victim.device.id);
    expect(stored.map((d) => d.measuredAt)).toEqual([t0]);
    await expect(connectDevice(victim.username, victim.password)).rejects.toThrow(/Bad username or password/i);
  });

  it('keeps the device’s interval as a retained command on the embedded broker: live after an edit, and at the next connection', async () => {
    const board = await enrol(server.url, alice, 'Chambre', 40);
    // published after the enrolment commits; subscribe once it is, to see it as retained
    await until(async () => ((await server.db.maybeOneFirst(sql.unsafe`SELECT interval_seconds FROM sensor_device_commands WHERE device_id = ${board.device.id}`)) === 40 ? true : undefined));
    const seen: { payload: string; retain: boolean }[] = [];
    const first = await connectDevice(board.username, board.password);
    first.on('message', (_topic, payload, packet) => seen.push({ payload: payload.toString(), retain: packet.retain }));
    await first.subscribeAsync(commandFilter(board.username), { qos: 1 });
    await until(() => Promise.resolve(seen.length > 0 ? true : undefined));
    expect(seen).toEqual([{ payload: '{"seconds":40}', retain: true }]);

    const [current] = (await pull(server.url, alice, 'sensorDevices', null, 500)).documents.filter((d) => d.id === board.device.id);
    const [edit] = await push(server.url, alice, 'sensorDevices', [{ assumedMasterState: current!, newDocumentState: { ...current!, intervalSeconds: 75, writeId: 'w-interval' } }]);
    expect(edit!.status).toBe('accepted');
    await until(() => Promise.resolve(seen.length > 1 ? true : undefined));
    expect(seen[1]).toEqual({ payload: '{"seconds":75}', retain: false });

    await first.endAsync();
    const later: string[] = [];
    const second = await connectDevice(board.username, board.password);
    second.on('message', (_topic, payload, packet) => later.push(`${payload.toString()} retain=${packet.retain}`));
    await second.subscribeAsync(commandTopic(board.username, 'interval'), { qos: 1 });
    await until(() => Promise.resolve(later.length > 0 ? true : undefined));
    expect(later).toEqual(['{"seconds":75} retain=true']);
  });

  it('refuses a wrong password and an unknown account at the broker', async () => {
    await expect(connectDevice(device.username, `${device.password}x`)).rejects.toThrow(/Bad username or password/i);
    await expect(connectDevice('never-enrolled', device.password)).rejects.toThrow(/Bad username or password/i);
  });
});
