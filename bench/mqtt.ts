/**
 * `npm run bench -- mqtt`: sensor readings from 50 simulated devices through a real Mosquitto
 * (the repository's config: TLS 1.3, password file, ACL) and the relay into PostgreSQL, then to
 * connected replication clients of their owners (SSE stream + pull).
 *
 * - ingest_readings_per_s: 50 devices publish as fast as QoS 1 lets them (10 in flight each);
 *   readings per second from the first publish to the last row committed.
 *   Baseline, same run, same publishers: a bare MQTT subscriber's receive rate (no parsing, no DB).
 * - publish_to_client_ms p50 / p95: 50 devices at a steady 1,000 readings/s in total for 10 s;
 *   time from a device's publish to the reading arriving in an owner's client (5 users, one
 *   stream client each). Baseline: the same publish to the bare subscriber's receipt.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { BACKEND_USERNAME, sensorTopic } from '@itercraft/shared/mqtt/topics';
import { requireMosquitto, startBroker, type TestBroker } from '../mosquitto/test/test-broker.ts';
import type { MqttEndpoint } from '../sync-server/src/deps.ts';
import { createDeviceDirectory } from '../sync-server/src/features/sensors/device-directory.ts';
import { syncPasswdFile } from '../sync-server/src/features/sensors/mosquitto-passwd.ts';
import { rawReadingId } from '../sync-server/src/features/sensors/reading-writer.ts';
import { startRelay, type Relay } from '../sync-server/src/features/sensors/relay.ts';
import { enrol, readingJson } from '../sync-server/src/features/sensors/sensors.test-helpers.ts';
import { sql } from '../sync-server/src/platform/db.ts';
import type { TestServer } from '../sync-server/test/test-server.ts';
import { benchServer } from './lib/server.ts';
import { percentile, report } from './lib/report.ts';
import { StreamClient } from './lib/stream-client.ts';

const DEVICES = 50;
const USERS = 5;
const BURST_PER_DEVICE = 400;
const IN_FLIGHT_PER_DEVICE = 10;
const PACED_RATE = 1000;
const PACED_SECONDS = 10;
/** `MQTT_SHARED_SUBSCRIPTION=true npm run bench -- mqtt` measures the shared-subscription relay. */
const SHARED = process.env.MQTT_SHARED_SUBSCRIPTION === 'true';

interface Device {
  id: string;
  username: string;
  client: MqttClient;
  /** unique measurement instants per device: the reading id depends on them */
  nextAt: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function connectMqtt(broker: TestBroker, username: string, password: string, protocolVersion: 4 | 5, clientId?: string): Promise<MqttClient> {
  return mqtt.connectAsync({
    protocol: 'mqtts',
    host: 'localhost',
    port: broker.port,
    ca: broker.ca,
    username,
    password,
    protocolVersion,
    clientId: clientId ?? `bench-${randomBytes(4).toString('hex')}`,
    reconnectPeriod: 0,
  });
}

async function setUpDevices(server: TestServer, broker: TestBroker): Promise<{ devices: Device[]; tokens: string[] }> {
  const tokens = await Promise.all(Array.from({ length: USERS }, (_, u) => server.tokenFor(`bench-mqtt-user-${u}`)));
  const enrolled = [];
  for (let i = 0; i < DEVICES; i++) enrolled.push(await enrol(server.url, tokens[i % USERS]!, `Capteur ${i}`, 10));
  // The production path: the password file is written from the database, then the broker reloads.
  await syncPasswdFile(server.db, join(broker.dir, 'passwd'), { pid: broker.pid });
  await sleep(300);
  const start = Date.now() - 3_600_000;
  const devices = await Promise.all(
    enrolled.map(async (e) => ({
      id: e.device.id,
      username: e.username,
      // ESP32 firmware speaks MQTT 3.1.1
      client: await connectMqtt(broker, e.username, e.password, 4),
      nextAt: start,
    })),
  );
  return { devices, tokens };
}

/** Publishes `count` readings from one device, `window` at a time; returns the ids in order. */
async function burst(device: Device, count: number, window: number, published?: Map<string, number>): Promise<void> {
  let sent = 0;
  const one = async () => {
    while (sent < count) {
      sent++;
      const at = device.nextAt++;
      published?.set(rawReadingId(device.id, at), performance.now());
      await device.client.publishAsync(sensorTopic(device.username), readingJson(at), { qos: 1 });
    }
  };
  await Promise.all(Array.from({ length: window }, one));
}

/** A bare subscriber: counts what it receives, remembers when each reading arrived. */
async function bareSubscriber(broker: TestBroker, password: string) {
  const client = await connectMqtt(broker, BACKEND_USERNAME, password, 5, 'bench-bare-subscriber');
  const arrivals: number[] = [];
  const byPayloadTime = new Map<string, number>();
  client.on('message', (_topic, payload) => {
    const now = performance.now();
    arrivals.push(now);
    byPayloadTime.set(payload.toString(), now);
  });
  await client.subscribeAsync('sensors/#', { qos: 1 });
  return { client, arrivals, byPayloadTime };
}

async function rawCount(server: TestServer): Promise<number> {
  return Number(await server.db.oneFirst(sql.unsafe`SELECT count(*) FROM sensor_readings WHERE kind = 'raw'`));
}


async function measureBaseline(broker: TestBroker, password: string, devices: Device[]): Promise<number> {
  const bare = await bareSubscriber(broker, password);
  const total = DEVICES * BURST_PER_DEVICE;
  const t0 = performance.now();
  await Promise.all(devices.map((d) => burst(d, BURST_PER_DEVICE, IN_FLIGHT_PER_DEVICE)));
  while (bare.arrivals.length < total && performance.now() - t0 < 60_000) await sleep(5);
  if (bare.arrivals.length < total) {
    await bare.client.endAsync();
    throw new Error(`baseline: the bare subscriber received ${bare.arrivals.length} of ${total} readings within 60 s`);
  }
  const rate = bare.arrivals.length / ((bare.arrivals.at(-1)! - t0) / 1000);
  await bare.client.endAsync();
  return rate;
}

async function measureIngest(server: TestServer, devices: Device[]): Promise<number> {
  const before = await rawCount(server);
  const total = DEVICES * BURST_PER_DEVICE;
  const t0 = performance.now();
  await Promise.all(devices.map((d) => burst(d, BURST_PER_DEVICE, IN_FLIGHT_PER_DEVICE)));
  let done = before;
  while (done < before + total && performance.now() - t0 < 120_000) {
    await sleep(20);
    done = await rawCount(server);
  }
  if (done < before + total) throw new Error(`only ${done - before} of ${total} readings stored after 120 s`);
  return total / ((performance.now() - t0) / 1000);
}

async function measureLatency(server: TestServer, broker: TestBroker, password: string, devices: Device[], tokens: string[]) {
  const clients = tokens.map((t) => new StreamClient(server.url, t, 'sensorReadings', 1000));
  await Promise.all(clients.map((c) => c.connect()));
  const bare = await bareSubscriber(broker, password);
  const published = new Map<string, number>();
  const payloadSent = new Map<string, number>();
  const intervalMs = (1000 * DEVICES) / PACED_RATE;
  const ticks = Math.round((PACED_SECONDS * 1000) / intervalMs);
  const t0 = performance.now();
  for (let tick = 0; tick < ticks; tick++) {
    for (const d of devices) {
      const at = d.nextAt++;
      const payload = readingJson(at);
      const now = performance.now();
      published.set(rawReadingId(d.id, at), now);
      payloadSent.set(payload, now);
      void d.client.publishAsync(sensorTopic(d.username), payload, { qos: 1 });
    }
    const next = t0 + (tick + 1) * intervalMs;
    await sleep(Math.max(0, next - performance.now()));
  }
  const deadline = performance.now() + 30_000;
  const arrived = () => clients.reduce((n, c) => n + [...c.arrivals.keys()].filter((id) => published.has(id)).length, 0);
  while (arrived() < published.size && performance.now() < deadline) await sleep(50);
  const latencies: number[] = [];
  for (const c of clients) for (const [id, at] of c.arrivals) if (published.has(id)) latencies.push(at - published.get(id)!);
  const bareLatencies: number[] = [];
  for (const [payload, at] of bare.byPayloadTime) if (payloadSent.has(payload)) bareLatencies.push(at - payloadSent.get(payload)!);
  for (const c of clients) c.close();
  await bare.client.endAsync();
  // Percentiles over what arrived would hide the losses (and the slowest readings): fail instead.
  if (latencies.length < published.size || bareLatencies.length < payloadSent.size) {
    throw new Error(
      `readings missing after 30 s: ${latencies.length} of ${published.size} reached the owners' clients, ${bareLatencies.length} of ${payloadSent.size} the bare subscriber`,
    );
  }
  return { latencies, bareLatencies, expected: published.size };
}

export async function run(): Promise<void> {
  requireMosquitto();
  const backendPassword = randomBytes(18).toString('base64url');
  const broker = await startBroker({ users: { [BACKEND_USERNAME]: backendPassword } });
  const server = await benchServer();
  let relay: Relay | null = null;
  const devices: Device[] = [];
  try {
    const setup = await setUpDevices(server, broker);
    devices.push(...setup.devices);
    const baseline = await measureBaseline(broker, backendPassword, devices);

    const endpoint: MqttEndpoint = {
      url: `mqtts://localhost:${broker.port}`,
      username: BACKEND_USERNAME,
      password: backendPassword,
      caFile: join(broker.dir, 'certs', 'ca.crt'),
      protocolVersion: 5,
    };
    const directory = createDeviceDirectory({ db: server.db, changes: server.deps.changes });
    relay = startRelay({ ...server.deps, logger: pino({ level: 'warn' }) }, endpoint, directory, { clientId: 'bench-relay', shared: SHARED });
    await relay.consumer.waitConnected();
    await sleep(200);

    const ingest = await measureIngest(server, devices);
    report({
      bench: 'mqtt',
      metric: 'ingest_readings_per_s',
      value: ingest,
      unit: 'readings/s',
      baseline,
      baselineDesc: 'bare MQTT subscriber receive rate, same publishers, same broker',
      target: '>= 1000',
      notes: `${DEVICES} devices × ${BURST_PER_DEVICE} readings, QoS 1, ${IN_FLIGHT_PER_DEVICE} in flight per device; Mosquitto TLS 1.3 → relay (${SHARED ? '$share/itercraft/sensors/#' : 'sensors/#'}, PUBACK after commit) → PostgreSQL`,
    });

    const { latencies, bareLatencies, expected } = await measureLatency(server, broker, backendPassword, devices, setup.tokens);
    const notes = `${DEVICES} devices at ${PACED_RATE} readings/s for ${PACED_SECONDS} s; ${latencies.length}/${expected} arrived in ${USERS} owners' stream clients`;
    report({ bench: 'mqtt', metric: 'publish_to_client_p50_ms', value: percentile(latencies, 50), unit: 'ms', baseline: percentile(bareLatencies, 50), baselineDesc: 'publish → bare MQTT subscriber, p50', notes });
    report({ bench: 'mqtt', metric: 'publish_to_client_p95_ms', value: percentile(latencies, 95), unit: 'ms', baseline: percentile(bareLatencies, 95), baselineDesc: 'publish → bare MQTT subscriber, p95', target: '<= 1000', notes });
    directory.stop();
  } finally {
    await relay?.close();
    await Promise.all(devices.map((d) => d.client.endAsync(true).catch(() => undefined)));
    await server.release();
    await broker.stop();
  }
}
