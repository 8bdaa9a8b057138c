/**
 * Relay instances against the real Mosquitto (TLS 1.3, MQTT 5, the repository's configuration) and
 * real PostgreSQL, with the real relay code (startRelay):
 * - two instances on a shared subscription split the readings and store each exactly once;
 * - the measurement behind the plain-subscription default: on Mosquitto 2.0.11 a persistent
 *   session's shared subscription does not survive a broker restart, so readings the broker
 *   acknowledged to a board while the relay was away are lost, where a plain one gets them all;
 * - a relay started while the broker is down connects once it comes up.
 *
 * Without Mosquitto the suite skips locally and fails under CI=true (test-broker.ts).
 */
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_USERNAME, sensorTopic } from '@itercraft/shared/mqtt/topics';
import { prepareBroker, requireMosquitto, skipMosquitto, startBroker, type TestBroker } from '../../../../mosquitto/test/test-broker.ts';
import type { Deps, MqttEndpoint } from '../../deps.ts';
import { sql } from '../../platform/db.ts';
import { createMetrics, type Metrics } from '../../platform/metrics.ts';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { createDeviceDirectory } from './device-directory.ts';
import { sensorsModule } from './index.ts';
import { syncPasswdFile } from './mosquitto-passwd.ts';
import { BACKEND_PASSWORD, connectDevice, enrolOnBroker, outcomeCount, relayEndpoint, until } from './mosquitto.test-kit.ts';
import { rawReadingId } from './reading-writer.ts';
import { relaySubscription, startRelay, type Relay } from './relay.ts';
import { enrol, readingJson, type EnrolResponse } from './sensors.test-helpers.ts';

const silent = pino({ level: 'silent' });
let server: TestServer;
let alice: string;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  if (skipMosquitto) return;
  requireMosquitto();
  // the sensors module without a broker: its REST enrolment only, no relay of its own
  server = await startTestServer({ modules: (deps: Deps) => [sensorsModule({ ...deps, mqtt: null })] });
  alice = await server.tokenFor('alice-scaling');
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});
afterAll(() => server?.close());

interface Instance {
  relay: Relay;
  metrics: Metrics;
}

/** One relay instance: its own client id, MQTT connection, directory and counters, the shared database. */
function relayInstance(endpoint: MqttEndpoint, clientId: string, shared: boolean): Instance {
  const metrics = createMetrics();
  const directory = createDeviceDirectory({ db: server.db, changes: server.deps.changes });
  const relay = startRelay({ db: server.db, logger: silent, metrics, clock: server.deps.clock }, endpoint, directory, {
    clientId,
    shared,
    reconnect: { minMs: 100, maxMs: 500 },
  });
  cleanups.push(async () => {
    await relay.close();
    directory.stop();
  });
  return { relay, metrics };
}

async function brokerWithBackend(): Promise<TestBroker> {
  const broker = await startBroker({ users: { [BACKEND_USERNAME]: BACKEND_PASSWORD } });
  cleanups.push(() => broker.stop());
  return broker;
}

async function board(broker: TestBroker, device: EnrolResponse): Promise<MqttClient> {
  const client = await connectDevice(broker, device.username, device.password, { clientId: device.username, clean: false });
  cleanups.push(() => client.endAsync(true));
  return client;
}

const handled = async (i: Instance) => (await outcomeCount(i.metrics, 'stored')) + (await outcomeCount(i.metrics, 'duplicate'));

async function storedCount(ids: readonly string[]): Promise<number> {
  return Number(await server.db.oneFirst(sql.unsafe`SELECT count(*) FROM sensor_readings WHERE id = ANY(${sql.array([...ids], 'text')})`));
}

describe.skipIf(skipMosquitto)('relay instances on Mosquitto', () => {
  it('two instances on the shared subscription split the readings, and each is stored exactly once', async () => {
    const broker = await brokerWithBackend();
    const endpoint = relayEndpoint(broker);
    expect(relaySubscription(endpoint, true)).toBe('$share/itercraft/sensors/#');
    const a = relayInstance(endpoint, 'relay-a', true);
    const b = relayInstance(endpoint, 'relay-b', true);
    await Promise.all([a.relay.consumer.waitConnected(), b.relay.consumer.waitConnected()]);
    const devices = await enrolOnBroker({ baseUrl: server.url, token: alice, db: server.db, broker }, [{ name: 'Partage 1' }, { name: 'Partage 2' }, { name: 'Partage 3' }]);
    const boards = await Promise.all(devices.map((d) => board(broker, d)));

    const perDevice = 40;
    const start = Date.now() - 60_000;
    const ids: string[] = [];
    await Promise.all(
      boards.map(async (client, d) => {
        for (let i = 0; i < perDevice; i++) {
          const at = start + i * 1000 + d;
          ids.push(rawReadingId(devices[d]!.device.id, at));
          await client.publishAsync(sensorTopic(devices[d]!.username), readingJson(at), { qos: 1 });
        }
      }),
    );
    const total = devices.length * perDevice;
    await until(async () => ((await storedCount(ids)) === total ? true : undefined), 'not every reading was stored');
    await until(async () => ((await handled(a)) + (await handled(b)) >= total ? true : undefined), 'not every reading was handled');
    const [byA, byB] = [await handled(a), await handled(b)];
    // each message went to one instance only: no duplicate work, both did some of it
    expect(byA + byB).toBe(total);
    expect(await outcomeCount(a.metrics, 'duplicate')).toBe(0);
    expect(await outcomeCount(b.metrics, 'duplicate')).toBe(0);
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);
    expect(Number(await server.db.oneFirst(sql.unsafe`SELECT count(DISTINCT id) FROM sensor_readings WHERE id = ANY(${sql.array(ids, 'text')})`))).toBe(total);
  });

  it('records why the default is plain: after a broker restart, a shared subscription loses what the broker acknowledged meanwhile, a plain one does not', async () => {
    const broker = await brokerWithBackend();
    const endpoint = relayEndpoint(broker);
    const [device] = await enrolOnBroker({ baseUrl: server.url, token: alice, db: server.db, broker }, [{ name: 'Redémarrage' }]);
    // both kinds of subscriber, each with its persistent session (clean: false, expiry one day)
    let shared = relayInstance(endpoint, 'relay-shared', true);
    let plain = relayInstance(endpoint, 'relay-plain', false);
    await Promise.all([shared.relay.consumer.waitConnected(), plain.relay.consumer.waitConnected()]);
    const client = await board(broker, device!);
    const warmup = Date.now() - 120_000;
    await client.publishAsync(sensorTopic(device!.username), readingJson(warmup), { qos: 1 });
    await until(async () => ((await handled(shared)) === 1 && (await handled(plain)) === 1 ? true : undefined), 'both subscribers must get a reading first');

    // control: the relays go away (their sessions stay on the broker) and come back, no restart:
    // both get what was queued meanwhile, so the session, not the subscription kind, is what keeps it
    let publisher = client;
    const away = async (at: number, count: number): Promise<string[]> => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        ids.push(rawReadingId(device!.device.id, at + i * 1000));
        // resolves on the broker's PUBACK: the broker took responsibility for each of them
        await publisher.publishAsync(sensorTopic(device!.username), readingJson(at + i * 1000), { qos: 1 });
      }
      return ids;
    };
    for (const i of [shared, plain]) await i.relay.close();
    await away(Date.now() - 100_000, 5);
    shared = relayInstance(endpoint, 'relay-shared', true);
    plain = relayInstance(endpoint, 'relay-plain', false);
    await until(async () => ((await handled(shared)) === 5 && (await handled(plain)) === 5 ? true : undefined), 'without a restart both sessions keep what was queued');

    // now the broker restarts while the relays are away
    for (const i of [shared, plain]) await i.relay.close();
    await broker.restart();
    publisher = await board(broker, device!);
    const ids = await away(Date.now() - 60_000, 20);
    shared = relayInstance(endpoint, 'relay-shared', true);
    plain = relayInstance(endpoint, 'relay-plain', false);
    await until(async () => ((await storedCount(ids)) === ids.length ? true : undefined), 'the plain subscriber did not get the readings queued for it', 10_000);
    expect(await handled(plain)).toBe(ids.length);
    // the shared subscriber's session came back without its subscription: the relay subscribes
    // again on connect, but what was queued meanwhile is gone (Mosquitto 2.0.11)
    await shared.relay.consumer.waitConnected();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await handled(shared)).toBe(0);
    // and it receives again what is published after its new SUBSCRIBE
    const after = Date.now() - 1000;
    await publisher.publishAsync(sensorTopic(device!.username), readingJson(after), { qos: 1 });
    await until(async () => ((await handled(shared)) === 1 ? true : undefined), 'the shared subscriber never received again');
  });

  it('connects over TLS (MQTT 5) once the broker comes up, when it was down at the relay’s start', async () => {
    const prepared = await prepareBroker({ users: { [BACKEND_USERNAME]: BACKEND_PASSWORD } });
    cleanups.push(() => prepared.discard());
    const device = await enrol(server.url, alice, 'Démarrage tardif');
    // the database's accounts written into the password file before the broker first reads it
    await syncPasswdFile(server.db, join(prepared.dir, 'passwd'), null);
    const instance = relayInstance(relayEndpoint(prepared), 'relay-late', false);
    await new Promise((r) => setTimeout(r, 1200)); // a few refused attempts
    expect(instance.relay.consumer.connected).toBe(false);

    const broker = await prepared.start();
    cleanups.push(() => broker.stop());
    await instance.relay.consumer.waitConnected(10_000);
    const client = await board(broker, device);
    const at = Date.now() - 2000;
    await client.publishAsync(sensorTopic(device.username), readingJson(at), { qos: 1 });
    await until(async () => ((await storedCount([rawReadingId(device.device.id, at)])) === 1 ? true : undefined), 'the reading was not stored');
  });
});
