import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { BACKEND_SENSOR_SUBSCRIPTION } from '@itercraft/shared/mqtt/topics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker, type MqttAuthenticator } from './broker.ts';

const logger = pino({ level: 'silent' });
const devices: Record<string, string> = { 'esp32-salon': 'pw-laurent', 'esp32-cave': 'pw-camille' };
const authenticator: MqttAuthenticator = (username, password) => {
  if (username === 'explode') return Promise.reject(new Error('database down'));
  return Promise.resolve(devices[username] === password ? 'device' : null);
};

let broker: EmbeddedBroker;
const clients: MqttClient[] = [];

async function connect(username: string | undefined, password: string | undefined, protocolVersion: 4 | 5 = 4): Promise<MqttClient> {
  const client = await mqtt.connectAsync(broker.url, { username, password, protocolVersion, reconnectPeriod: 0, connectTimeout: 5000 });
  clients.push(client);
  return client;
}
const backend = () => connect(broker.backend.username, broker.backend.password);

/** Messages received by `client`, as "topic payload" strings. */
function inbox(client: MqttClient): string[] {
  const seen: string[] = [];
  client.on('message', (topic, payload) => seen.push(`${topic} ${payload.toString()}`));
  return seen;
}

/** Subscribes one filter at a time: mqtt.js rejects a SUBACK 0x80 ("Unspecified error"). */
async function grants(client: MqttClient, filters: string[]): Promise<boolean[]> {
  const result: boolean[] = [];
  for (const filter of filters) {
    result.push(await client.subscribeAsync(filter).then(() => true, (e: Error) => (/Subscribe error/.test(e.message) ? false : Promise.reject(e))));
  }
  return result;
}

/** Waits until `seen` contains `expected`; a marker message makes "nothing else arrived" checkable. */
async function waitFor(seen: string[], expected: string): Promise<void> {
  for (let i = 0; i < 100 && !seen.includes(expected); i += 1) await new Promise((r) => setTimeout(r, 20));
  expect(seen).toContain(expected);
}

beforeAll(async () => {
  broker = await startEmbeddedBroker({ port: 0, logger, authenticator });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true)));
  await broker.stop();
});

describe('embedded broker authentication', () => {
  it('refuses anonymous clients, wrong passwords, unknown users and MQTT 5', async () => {
    await expect(connect(undefined, undefined)).rejects.toThrow(/Not authorized/i);
    await expect(connect('esp32-salon', 'nope')).rejects.toThrow(/Bad username or password/i);
    await expect(connect('nobody', 'pw')).rejects.toThrow(/Bad username or password/i);
    await expect(connect(broker.backend.username, 'guess')).rejects.toThrow(/Bad username or password/i);
    await expect(connect('explode', 'pw')).rejects.toThrow(/Server unavailable/i);
    await expect(connect('esp32/#', 'pw')).rejects.toThrow(/Bad username or password/i);
    await expect(connect('esp32-salon', 'pw-laurent', 5)).rejects.toThrow(/protocol version/i);
  });
});

describe('embedded broker topic rules', () => {
  it('relays a device reading to the backend, also through a shared subscription', async () => {
    const server = await backend();
    const seen = inbox(server);
    await server.subscribeAsync(BACKEND_SENSOR_SUBSCRIPTION, { qos: 1 });
    const device = await connect('esp32-salon', 'pw-laurent');
    await device.publishAsync('sensors/esp32-salon/salon', '{"t":21.5}', { qos: 1 });
    await device.publishAsync('devices/esp32-salon/status', 'online', { qos: 1 });
    await waitFor(seen, 'sensors/esp32-salon/salon {"t":21.5}');
    expect(seen).not.toContain('devices/esp32-salon/status online'); // not subscribed to devices/#
  });

  it("drops a device's publish outside its own topics without disconnecting it (as Mosquitto does)", async () => {
    const server = await backend();
    const seen = inbox(server);
    await server.subscribeAsync(['sensors/#', 'devices/#'], { qos: 1 });
    const device = await connect('esp32-salon', 'pw-laurent');
    await device.publishAsync('sensors/esp32-cave/salon', 'forged', { qos: 1 });
    await device.publishAsync('devices/esp32-salon/config', 'nope', { qos: 1 });
    await device.publishAsync('commands/esp32-cave/reboot', 'nope', { qos: 1 });
    await device.publishAsync('sensors/esp32-salon/cave', 'marker', { qos: 1 });
    await waitFor(seen, 'sensors/esp32-salon/cave marker');
    expect(device.connected).toBe(true);
    expect(seen.filter((m) => !m.endsWith('marker'))).toEqual([]);
  });

  it('lets a device subscribe only to its own commands and to broadcasts', async () => {
    const device = await connect('esp32-cave', 'pw-camille');
    const filters = ['commands/esp32-cave/#', 'broadcast/#', 'commands/#', 'sensors/#', 'commands/esp32-salon/#'];
    expect(await grants(device, filters)).toEqual([true, true, false, false, false]);
    const seen = inbox(device);
    const server = await backend();
    await server.publishAsync('commands/esp32-salon/reboot', 'not for camille', { qos: 1 });
    await server.publishAsync('commands/esp32-cave/reboot', 'now', { qos: 1 });
    // The rules give nobody write access to broadcast/#: the backend's attempt is dropped too.
    await server.publishAsync('broadcast/all', 'hello', { qos: 1 });
    await server.publishAsync('commands/esp32-cave/reboot', 'marker', { qos: 1 });
    await waitFor(seen, 'commands/esp32-cave/reboot marker');
    expect(seen).toEqual(['commands/esp32-cave/reboot now', 'commands/esp32-cave/reboot marker']);
  });

  it('keeps the backend to its own rules', async () => {
    const server = await backend();
    expect(await grants(server, ['sensors/#', 'devices/+/status', 'commands/#', 'broadcast/#', '#'])).toEqual([true, true, false, true, false]);
    expect(server.connected).toBe(true);
  });
});
