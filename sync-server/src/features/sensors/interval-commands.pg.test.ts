/**
 * Interval commands when the broker forgets: the embedded aedes broker keeps retained messages in
 * memory only, so after it restarts the record of what it retains is wrong. The relay's connection
 * then finds no session of its own on the broker, and the sensors module republishes every active
 * device's interval. (The ordinary path, on Mosquitto, is relay.mosquitto.pg.test.ts.)
 */
import { createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandTopic } from '@itercraft/shared/mqtt/topics';
import type { Deps } from '../../deps.ts';
import { freePort } from '../../embedded/free-port.ts';
import { sql } from '../../platform/db.ts';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { syncModule } from '../sync/index.ts';
import { sensorsModule } from './index.ts';
import { until } from './mosquitto.test-kit.ts';
import { sensorRules } from './sensors.rules.ts';
import { enrol } from './sensors.test-helpers.ts';

/** An aedes broker without authentication (the reconciler is under test, not the ACL). */
async function startAedes(port: number): Promise<{ stop(): Promise<void> }> {
  const broker = await Aedes.createBroker();
  const server: Server = createServer((socket) => broker.handle(socket));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    async stop() {
      const closed = new Promise<void>((r) => server.close(() => r()));
      await new Promise<void>((r) => broker.close(() => r()));
      await closed;
    },
  };
}

let port: number;
let broker: { stop(): Promise<void> };
let server: TestServer;

beforeAll(async () => {
  port = await freePort();
  broker = await startAedes(port);
  server = await startTestServer({
    modules: (deps: Deps) => [
      syncModule(deps, sensorRules),
      sensorsModule({ ...deps, mqtt: { url: `mqtt://127.0.0.1:${port}`, username: 'backend', password: 'x', caFile: undefined, protocolVersion: 4 } }),
    ],
  });
});
afterAll(async () => {
  await server?.close();
  await broker?.stop();
});

async function retainedOn(topic: string): Promise<string[]> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0 });
  const seen: string[] = [];
  client.on('message', (_t, payload, packet) => seen.push(`${payload.toString()} retain=${packet.retain}`));
  await client.subscribeAsync(topic, { qos: 1 });
  await new Promise((r) => setTimeout(r, 300));
  await client.endAsync();
  return seen;
}

describe('interval commands after the broker lost its retained messages', () => {
  it('republishes every active device’s interval when the relay finds no session of its own', async () => {
    const token = await server.tokenFor('alice-aedes-restart');
    const device = await enrol(server.url, token, 'Atelier', 50);
    const topic = commandTopic(device.username, 'interval');
    await until(async () => ((await server.db.maybeOneFirst(sql.unsafe`SELECT interval_seconds FROM sensor_device_commands WHERE device_id = ${device.device.id}`)) === 50 ? true : undefined), 'not published');
    expect(await retainedOn(topic)).toEqual(['{"seconds":50} retain=true']);

    // a new broker on the same port: nothing retained, no session for the relay
    await broker.stop();
    broker = await startAedes(port);
    await until(async () => ((await retainedOn(topic)).length > 0 ? true : undefined), 'the relay never republished after the broker forgot', 15_000);
    expect(await retainedOn(topic)).toEqual(['{"seconds":50} retain=true']);
  });
});
