/**
 * acl.conf on a real Mosquitto, and the shared predicates (shared/src/mqtt/acl.ts) checked
 * against that broker's actual decisions, so the embedded aedes broker enforces the same rules.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  aclPatternRules,
  aclUserRules,
  mayPublish,
  mayRead,
  maySubscribe,
  roleOf,
  topicMatchesFilter,
  type AclRule,
} from '@itercraft/shared/mqtt/acl';
import { BACKEND_SENSOR_SUBSCRIPTION, BACKEND_USERNAME, commandTopic, sensorTopic } from '@itercraft/shared/mqtt/topics';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOSQUITTO_DIR, inbox, skipMosquitto, startBroker, waitFor, type TestBroker } from './test-broker.ts';

// A test-only account that may write anywhere, to feed topics no real account may write.
const OPERATOR = 'itercraft-test-operator';
const users = { dev1: 'dev1-password-0123', dev2: 'dev2-password-0123', [BACKEND_USERNAME]: 'backend-password-0123', [OPERATOR]: 'operator-password-01' };
const SAMPLE_TOPICS = [
  'sensors/dev1/reading',
  'sensors/dev1',
  'sensors/dev1/a/b',
  'sensors/dev2/reading',
  'devices/dev1/status',
  'devices/dev2/status',
  'devices/dev1/other',
  'commands/dev1/interval',
  'commands/dev1',
  'commands/dev2/interval',
  'broadcast/news',
  'other/topic',
  `sensors/${BACKEND_USERNAME}/x`,
  `commands/${BACKEND_USERNAME}/x`,
];
const ACCOUNTS = ['dev1', BACKEND_USERNAME] as const;

let broker: TestBroker;
const connect = (username: keyof typeof users, clientId?: string): Promise<MqttClient> =>
  broker.connect(username, users[username], clientId ? { clientId } : {});

/** PUBLISH at QoS 1 and read the PUBACK: MQTT 5 reason 135 means the ACL said no. */
async function publishAllowed(client: MqttClient, topic: string): Promise<boolean> {
  try {
    await client.publishAsync(topic, 'x', { qos: 1 });
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 135) return false;
    throw error;
  }
}

let markerCount = 0;
/** Has the operator publish every sample topic, then a marker; returns what `seen` got besides markers. */
async function feedSamples(operator: MqttClient, seen: string[]): Promise<Set<string>> {
  for (const topic of SAMPLE_TOPICS) await operator.publishAsync(topic, 'sample', { qos: 1 });
  const marker = `broadcast/marker/${(markerCount += 1)}`;
  await operator.publishAsync(marker, 'end', { qos: 1 });
  await waitFor(seen, `${marker} end`);
  return new Set(seen.filter((line) => !line.startsWith('broadcast/marker/')).map((line) => line.split(' ')[0]!));
}

function parseAclFile(text: string): { patterns: AclRule[]; users: Record<string, AclRule[]> } {
  const result: { patterns: AclRule[]; users: Record<string, AclRule[]> } = { patterns: [], users: {} };
  let user: string | null = null;
  for (const line of text.split('\n').map((l) => l.trim())) {
    const [kind, access, filter] = line.split(/\s+/);
    if (kind === 'user') user = access!;
    if (kind !== 'pattern' && kind !== 'topic') continue;
    const rule = { access: access as AclRule['access'], filter: filter! };
    if (kind === 'pattern') result.patterns.push(rule);
    else (result.users[user ?? '(anonymous)'] ??= []).push(rule);
  }
  return result;
}

describe('acl.conf', () => {
  it('is the shared ACL table, line for line', async () => {
    const parsed = parseAclFile(await readFile(join(MOSQUITTO_DIR, 'acl.conf'), 'utf8'));
    expect(parsed.patterns).toEqual(aclPatternRules);
    expect(parsed.users).toEqual(aclUserRules);
  });
});

describe.skipIf(skipMosquitto)('ACL on a real Mosquitto', () => {
  let operator: MqttClient;

  beforeAll(async () => {
    broker = await startBroker({ users, extraAcl: `user ${OPERATOR}\ntopic write #` });
    operator = await connect(OPERATOR);
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it("refuses a device's publish into another device's topics with PUBACK 135", async () => {
    const dev1 = await connect('dev1');
    await expect(dev1.publishAsync(sensorTopic('dev2'), '{}', { qos: 1 })).rejects.toMatchObject({ code: 135 });
    await expect(dev1.publishAsync('devices/dev2/status', 'offline', { qos: 1 })).rejects.toMatchObject({ code: 135 });
    await expect(dev1.publishAsync(commandTopic('dev2', 'interval'), '{"seconds":10}', { qos: 1 })).rejects.toMatchObject({ code: 135 });
    expect(await publishAllowed(dev1, sensorTopic('dev1'))).toBe(true);
  });

  it("does not deliver another device's commands, even to a device subscribed to commands/#", async () => {
    const dev1 = await connect('dev1');
    const backend = await connect(BACKEND_USERNAME);
    const seen = inbox(dev1);
    await dev1.subscribeAsync(['commands/#', '#'], { qos: 1 });
    await backend.publishAsync(commandTopic('dev2', 'interval'), '{"seconds":60}', { qos: 1 });
    await backend.publishAsync(commandTopic('dev1', 'interval'), '{"seconds":30}', { qos: 1 });
    await waitFor(seen, 'commands/dev1/interval {"seconds":30}');
    expect(seen.filter((line) => line.includes('dev2'))).toEqual([]);
  });

  it('delivers every device reading to the backend, once each across a shared subscription', async () => {
    const [a, b, plain] = await Promise.all([connect(BACKEND_USERNAME, 'relay-a'), connect(BACKEND_USERNAME, 'relay-b'), connect(BACKEND_USERNAME, 'relay-plain')]);
    const [seenA, seenB, seenPlain] = [inbox(a), inbox(b), inbox(plain)];
    await a.subscribeAsync(BACKEND_SENSOR_SUBSCRIPTION, { qos: 1 });
    await b.subscribeAsync(BACKEND_SENSOR_SUBSCRIPTION, { qos: 1 });
    await plain.subscribeAsync('sensors/#', { qos: 1 });
    const [dev1, dev2] = await Promise.all([connect('dev1'), connect('dev2')]);
    const sent: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const [device, client] = i % 2 === 0 ? (['dev1', dev1] as const) : (['dev2', dev2] as const);
      await client.publishAsync(sensorTopic(device), `reading-${i}`, { qos: 1 });
      sent.push(`${sensorTopic(device)} reading-${i}`);
    }
    await waitFor(seenPlain, sent.at(-1)!);
    expect(seenPlain).toEqual(sent);
    for (let i = 0; i < 100 && seenA.length + seenB.length < sent.length; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect([...seenA, ...seenB].sort()).toEqual([...sent].sort());
    expect(seenA.length).toBeGreaterThan(0);
    expect(seenB.length).toBeGreaterThan(0);
    await Promise.all([a, b, plain, dev1, dev2].map((c) => c.endAsync()));
  });

  it.each(ACCOUNTS)('mayPublish agrees with the broker for %s on every sample topic', async (account) => {
    const client = await connect(account);
    const role = roleOf(account);
    for (const topic of SAMPLE_TOPICS) {
      expect({ topic, allowed: await publishAllowed(client, topic) }).toEqual({ topic, allowed: mayPublish(role, account, topic) });
    }
  });

  it.each(ACCOUNTS)('mayRead agrees with what the broker delivers to %s subscribed to #', async (account) => {
    const client = await connect(account);
    const seen = inbox(client);
    await client.subscribeAsync(['#', 'broadcast/#'], { qos: 1 });
    const delivered = await feedSamples(operator, seen);
    const expected = SAMPLE_TOPICS.filter((topic) => mayRead(roleOf(account), account, topic));
    expect([...delivered].sort()).toEqual([...expected].sort());
  });

  const filters: Record<(typeof ACCOUNTS)[number], string[]> = {
    dev1: ['commands/dev1/#', 'commands/dev1/interval', 'commands/dev1/+', 'commands/#', 'commands/+/interval', '#', 'broadcast/#', 'sensors/dev1/#', 'sensors/#', 'devices/dev1/status', '$share/g/commands/dev1/#', '$share/g/commands/#'],
    // a group of its own: members of another `itercraft` group would share the deliveries
    [BACKEND_USERNAME]: ['sensors/#', '$share/acl-check/sensors/#', 'sensors/+/reading', 'devices/+/status', 'devices/#', 'commands/#', '#', 'broadcast/#', 'commands/dev1/interval', 'other/topic'],
  };
  const cases = ACCOUNTS.flatMap((account) => filters[account].map((filter) => [account, filter] as const));

  it.each(cases)('maySubscribe(%s, %s) is true exactly when the broker delivers everything the filter matches', async (account, filter) => {
    const inner = filter.replace(/^\$share\/[^/]+\//, '');
    const matching = SAMPLE_TOPICS.filter((topic) => topicMatchesFilter(inner, topic));
    expect(matching.length).toBeGreaterThan(0);
    const client = await connect(account);
    const seen = inbox(client);
    await client.subscribeAsync([filter, 'broadcast/marker/+'], { qos: 1 });
    const delivered = await feedSamples(operator, seen);
    await client.endAsync();
    expect([...delivered].every((topic) => matching.includes(topic))).toBe(true);
    const deliversAll = matching.every((topic) => delivered.has(topic));
    expect(maySubscribe(roleOf(account), account, filter)).toBe(deliversAll);
  });
});
