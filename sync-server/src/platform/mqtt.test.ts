/**
 * The relay's MQTT consumer against a real broker (aedes, MQTT 3.1.1, in-memory persistence, no
 * authentication: the consumer's behaviour is under test, not the broker's rules): connecting
 * when the broker comes up late, PUBACK only after processing (an unprocessed message is
 * redelivered to the same session), and many messages in flight at once (so batching works).
 */
import { createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../embedded/free-port.ts';
import type { MqttEndpoint } from '../deps.ts';
import { startMqttConsumer, type InboundMessage, type MqttConsumer } from './mqtt.ts';

const logger = pino({ level: 'silent' });

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function startAedes(port: number): Promise<{ stop(): Promise<void> }> {
  const broker = await Aedes.createBroker();
  const server: Server = createServer((socket) => broker.handle(socket));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const stop = async () => {
    const closed = new Promise<void>((r) => server.close(() => r()));
    await new Promise<void>((r) => broker.close(() => r()));
    await closed;
  };
  cleanups.push(stop);
  return { stop };
}

const endpoint = (port: number): MqttEndpoint => ({ url: `mqtt://127.0.0.1:${port}`, username: 'backend', password: 'x', caFile: undefined, protocolVersion: 4 });

async function publisher(port: number): Promise<MqttClient> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0 });
  cleanups.push(() => client.endAsync(true));
  return client;
}

function consume(port: number, clientId: string, onMessage: (m: InboundMessage) => Promise<void>): MqttConsumer {
  const consumer = startMqttConsumer({
    endpoint: endpoint(port),
    clientId,
    logger,
    subscriptions: [{ topic: 'sensors/#', qos: 1 }],
    onMessage,
    reconnect: { minMs: 50, maxMs: 200 },
  });
  cleanups.push(() => consumer.close());
  return consumer;
}

/** A handler that records payloads and settles at once. */
const collect = (into: string[]) => (m: InboundMessage) => {
  into.push(m.payload.toString());
  return Promise.resolve();
};

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits until the consumer's SUBSCRIBE has reached the broker (a probe message comes back). */
async function subscribed(pub: MqttClient, seen: string[]): Promise<void> {
  await until(() => {
    void pub.publishAsync('sensors/probe', 'probe', { qos: 0 });
    return seen.includes('probe');
  });
}

describe('startMqttConsumer', () => {
  it('connects and subscribes once the broker comes up, even if it was down at startup', async () => {
    const port = await freePort();
    const seen: string[] = [];
    const consumer = consume(port, 'relay-late', collect(seen));
    await new Promise((r) => setTimeout(r, 300));
    expect(consumer.connected).toBe(false);
    await startAedes(port);
    await consumer.waitConnected(5000);
    const pub = await publisher(port);
    await subscribed(pub, seen);
    await pub.publishAsync('sensors/dev/reading', 'hello', { qos: 1 });
    await until(() => seen.includes('hello'));
  });

  it('publishes retained messages on its connection, and refuses to publish while disconnected', async () => {
    const port = await freePort();
    const consumer = consume(port, 'relay-publisher', collect([]));
    await expect(consumer.publish('commands/dev/interval', '{"seconds":60}', { qos: 1, retain: true })).rejects.toThrow(/not connected/);
    await startAedes(port);
    await consumer.waitConnected(5000);
    await consumer.publish('commands/dev/interval', '{"seconds":60}', { qos: 1, retain: true });
    // resolved on the broker's PUBACK: a later subscriber gets it as retained
    const reader = await publisher(port);
    const got: string[] = [];
    reader.on('message', (topic, payload, packet) => got.push(`${topic} ${payload.toString()} retain=${packet.retain}`));
    await reader.subscribeAsync('commands/#', { qos: 1 });
    await until(() => got.length > 0);
    expect(got).toEqual(['commands/dev/interval {"seconds":60} retain=true']);
  });

  it('reconnects after the broker restarts and subscribes again', async () => {
    const port = await freePort();
    const seen: string[] = [];
    const first = await startAedes(port);
    const consumer = consume(port, 'relay-restart', collect(seen));
    await consumer.waitConnected();
    await first.stop();
    await until(() => !consumer.connected);
    await startAedes(port);
    await consumer.waitConnected(5000);
    // aedes keeps sessions in memory, so this broker knows no subscription: ours must come back.
    const pub = await publisher(port);
    await subscribed(pub, seen);
    await pub.publishAsync('sensors/dev/reading', 'after restart', { qos: 1 });
    await until(() => seen.includes('after restart'));
  });

  it('does not acknowledge a message before its handler resolves: the session gets it again', async () => {
    const port = await freePort();
    await startAedes(port);
    const seen: string[] = [];
    const first = consume(port, 'relay-ack', (m) => {
      seen.push(m.payload.toString());
      return m.payload.toString() === 'probe' ? Promise.resolve() : new Promise<void>(() => undefined);
    });
    await first.waitConnected();
    const pub = await publisher(port);
    await subscribed(pub, seen);
    await pub.publishAsync('sensors/dev/reading', 'unprocessed', { qos: 1 });
    await until(() => seen.includes('unprocessed'));
    await first.close();

    const again: InboundMessage[] = [];
    const second = consume(port, 'relay-ack', (m) => {
      again.push(m);
      return Promise.resolve();
    });
    await second.waitConnected();
    // (aedes does not set the DUP flag on redelivery; Mosquitto does, see the e2e test)
    await until(() => again.some((m) => m.payload.toString() === 'unprocessed'));
  });

  it('acknowledges processed messages: a reconnecting session receives nothing twice', async () => {
    const port = await freePort();
    await startAedes(port);
    const seen: string[] = [];
    const first = consume(port, 'relay-acked', collect(seen));
    await first.waitConnected();
    const pub = await publisher(port);
    await subscribed(pub, seen);
    for (let i = 0; i < 20; i++) await pub.publishAsync('sensors/dev/reading', `m${i}`, { qos: 1 });
    await until(() => seen.includes('m19'));
    // let the PUBACKs reach the broker before the forced disconnect
    await new Promise((r) => setTimeout(r, 200));
    await first.close();

    const again: string[] = [];
    const second = consume(port, 'relay-acked', collect(again));
    await second.waitConnected();
    await pub.publishAsync('sensors/dev/reading', 'marker', { qos: 1 });
    await until(() => again.includes('marker'));
    expect(again.filter((p) => /^m\d+$/.test(p))).toEqual([]);
  });

  it('hands many messages to the handler while earlier ones are still unsettled', async () => {
    const port = await freePort();
    await startAedes(port);
    const pending: (() => void)[] = [];
    const seen: string[] = [];
    const consumer = consume(port, 'relay-window', (m) => {
      seen.push(m.payload.toString());
      if (m.payload.toString() === 'probe') return Promise.resolve();
      return new Promise<void>((resolve) => pending.push(resolve));
    });
    await consumer.waitConnected();
    const pub = await publisher(port);
    await subscribed(pub, seen);
    await Promise.all(Array.from({ length: 100 }, (_, i) => pub.publishAsync('sensors/dev/reading', `w${i}`, { qos: 1 })));
    await until(() => pending.length === 100);
    for (const resolve of pending) resolve();
  });
});
