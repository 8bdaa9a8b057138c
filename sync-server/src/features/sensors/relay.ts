/**
 * The MQTT → PostgreSQL relay. A reading's owner is the device behind the topic's username, which
 * the broker authenticated and its ACL confined to `sensors/<username>/…`; the payload's `user`
 * is ignored. Bad messages (bad topic, bad JSON, absurd values or timestamps, unknown or
 * decommissioned devices) are counted by reason and logged, then acknowledged: redelivering them
 * would not make them valid. Good ones are written in batches; the PUBACK follows the commit.
 * The committed row fires the table's NOTIFY, so the owner's replication stream hears of it.
 *
 * The relay also reads `devices/+/status` (always a plain subscription: MQTT 5 sends no retained
 * message on a shared one, and the retained status is how a restarted relay learns who is online)
 * and records the board's online/offline status on its sensorDevices document.
 */
import { hostname } from 'node:os';
import { parseDeviceStatus, parseReading, type ReadingRejectReason } from '@itercraft/shared/mqtt/payload';
import { BACKEND_SENSOR_SUBSCRIPTION, DEVICE_STATUS_FILTER, parseDeviceStatusTopic, parseSensorTopic } from '@itercraft/shared/mqtt/topics';
import type { Deps, MqttEndpoint } from '../../deps.ts';
import { startMqttConsumer, type InboundMessage, type MqttConsumer } from '../../platform/mqtt.ts';
import type { DeviceDirectory } from './device-directory.ts';
import { recordConnectionStatus, touchLastSeen } from './devices.repo.ts';
import { createReadingWriter, toRawRow, type RawReadingRow, type ReadingWriter, type WriteResult } from './reading-writer.ts';

export type RelayOutcome = WriteResult | ReadingRejectReason | 'bad_topic' | 'unknown_device' | 'decommissioned';

/** Outcomes of a status message: recorded (changed), repeated, a cleared retained message, bad. */
export type StatusOutcome = 'status_changed' | 'status_unchanged' | 'status_cleared' | 'invalid_status';

/** How often a device's lastSeenAt may move (each move replicates the device document). */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * What the relay subscribes to. Plain `sensors/#` by default: a broker restores it with the
 * session after a restart, so readings published before the relay reconnects wait for it
 * (measured on Mosquitto 2.0.11, which does not restore shared subscriptions). With `shared` (MQTT 5
 * only; aedes speaks 3.1.1) several instances split the load through `$share/itercraft/sensors/#`;
 * with plain subscriptions each instance receives everything and the idempotent insert absorbs it.
 */
export function relaySubscription(endpoint: Pick<MqttEndpoint, 'protocolVersion'>, shared: boolean): string {
  return shared && endpoint.protocolVersion === 5 ? BACKEND_SENSOR_SUBSCRIPTION : 'sensors/#';
}

export type RelayDeps = Pick<Deps, 'db' | 'logger' | 'metrics' | 'clock'>;

export interface ReadingHandler {
  handle(message: Pick<InboundMessage, 'topic' | 'payload' | 'receivedAt'>): Promise<RelayOutcome>;
  writer: ReadingWriter;
}

export interface StatusHandler {
  handle(message: Pick<InboundMessage, 'topic' | 'payload'>): Promise<StatusOutcome>;
}

/** Logs each (device, reason) at most once a minute: a broken device must not flood the logs. */
function throttledWarn(deps: RelayDeps) {
  const last = new Map<string, number>();
  return (key: string, fields: Record<string, unknown>, message: string) => {
    const now = deps.clock.now();
    if ((last.get(key) ?? -Infinity) > now - 60_000) return;
    if (last.size > 10_000) last.clear();
    last.set(key, now);
    deps.logger.warn(fields, message);
  };
}

/** Parsing, routing and writing of one message; no MQTT client (unit- and pg-testable). */
export function createReadingHandler(deps: RelayDeps, directory: DeviceDirectory, opts: { maxBatch?: number } = {}): ReadingHandler {
  const warn = throttledWarn(deps);
  const lastSeenWritten = new Map<string, number>();

  /** receive times of rows waiting for their commit, for the ingest-latency histogram */
  const pendingLatency = new Map<string, number[]>();

  const recordLastSeen = (rows: RawReadingRow[], inserted: Set<string>) => {
    const at = deps.clock.now();
    const due = [...new Set(rows.filter((r) => inserted.has(r.id)).map((r) => r.deviceId))].filter(
      (id) => (lastSeenWritten.get(id) ?? -Infinity) <= at - LAST_SEEN_RESOLUTION_MS,
    );
    if (due.length === 0) return;
    for (const id of due) lastSeenWritten.set(id, at);
    // Best effort, outside the readings' transaction: a lost last-seen update costs nothing.
    touchLastSeen(deps.db, due.map((id) => ({ id, at })), LAST_SEEN_RESOLUTION_MS).catch((err: unknown) =>
      deps.logger.warn({ err }, 'updating sensor lastSeenAt failed'),
    );
  };

  const recordLatency = (rows: RawReadingRow[]) => {
    const now = performance.now();
    for (const row of rows) {
      for (const t of pendingLatency.get(row.id) ?? []) deps.metrics.mqttIngestLatency.observe((now - t) / 1000);
      pendingLatency.delete(row.id);
    }
  };

  const writer = createReadingWriter({
    db: deps.db,
    logger: deps.logger,
    ...(opts.maxBatch ? { maxBatch: opts.maxBatch } : {}),
    onCommit(rows, inserted) {
      recordLatency(rows);
      recordLastSeen(rows, inserted);
    },
  });

  const count = (outcome: RelayOutcome): RelayOutcome => {
    deps.metrics.mqttMessages.inc({ outcome });
    return outcome;
  };

  return {
    writer,
    async handle(message) {
      const topic = parseSensorTopic(message.topic);
      if (!topic) {
        warn(`topic:${message.topic}`, { topic: message.topic }, 'MQTT message on an unexpected topic dropped');
        return count('bad_topic');
      }
      const parsed = parseReading(message.payload.toString('utf8'), deps.clock.now());
      if (!parsed.ok) {
        warn(`${topic.username}:${parsed.reason}`, { username: topic.username, reason: parsed.reason, detail: parsed.message }, 'sensor reading rejected');
        return count(parsed.reason);
      }
      const device = await directory.lookup(topic.username);
      if (!device) {
        warn(`${topic.username}:unknown`, { username: topic.username }, 'reading from an unknown device dropped');
        return count('unknown_device');
      }
      if (device.status !== 'active' || device.deleted) {
        warn(`${topic.username}:decommissioned`, { username: topic.username, deviceId: device.id }, 'reading from a decommissioned device dropped');
        return count('decommissioned');
      }
      const row = toRawRow(parsed.reading, device);
      const times = pendingLatency.get(row.id) ?? [];
      times.push(message.receivedAt);
      pendingLatency.set(row.id, times);
      try {
        return count(await writer.add(row));
      } finally {
        pendingLatency.delete(row.id);
      }
    },
  };
}

/**
 * Online/offline statuses. Messages of one device are applied one after the other: "online" and
 * the last will's "offline" can arrive back to back and must not commit in the other order.
 * Call only with topics that parseDeviceStatusTopic accepts.
 */
export function createStatusHandler(deps: RelayDeps): StatusHandler {
  const warn = throttledWarn(deps);
  const chains = new Map<string, Promise<unknown>>();
  const count = (outcome: StatusOutcome): StatusOutcome => {
    deps.metrics.mqttMessages.inc({ outcome });
    return outcome;
  };

  const apply = async (username: string, text: string): Promise<StatusOutcome> => {
    const parsed = parseDeviceStatus(text);
    if (!parsed.ok && parsed.reason === 'empty') return count('status_cleared');
    if (!parsed.ok) {
      warn(`${username}:status:${parsed.reason}`, { username, reason: parsed.reason, detail: parsed.message }, 'device status rejected');
      return count('invalid_status');
    }
    const changed = await recordConnectionStatus(deps.db, username, parsed.status.status, deps.clock.now());
    return count(changed ? 'status_changed' : 'status_unchanged');
  };

  return {
    handle(message) {
      const topic = parseDeviceStatusTopic(message.topic);
      if (!topic) throw new Error(`not a status topic: ${message.topic}`);
      const text = message.payload.toString('utf8');
      const previous = chains.get(topic.username) ?? Promise.resolve();
      const next = previous.catch(() => undefined).then(() => apply(topic.username, text));
      chains.set(topic.username, next);
      void next.finally(() => chains.get(topic.username) === next && chains.delete(topic.username)).catch(() => undefined);
      return next;
    },
  };
}

export interface Relay {
  readonly consumer: MqttConsumer;
  close(): Promise<void>;
}

/** Starts consuming readings from the broker (connecting in the background, forever). */
export interface RelayOptions {
  clientId: string;
  shared?: boolean;
  /** Every successful connection; `sessionPresent` false means the broker kept nothing of ours. */
  onConnect?(info: { sessionPresent: boolean }): void;
  /** Reconnect delay bounds (tests); the consumer's default otherwise. */
  reconnect?: { minMs: number; maxMs: number };
}

export function startRelay(deps: RelayDeps, endpoint: MqttEndpoint, directory: DeviceDirectory, opts: RelayOptions): Relay {
  const handler = createReadingHandler(deps, directory);
  const statuses = createStatusHandler(deps);
  const consumer = startMqttConsumer({
    endpoint,
    clientId: opts.clientId,
    logger: deps.logger,
    subscriptions: [
      { topic: relaySubscription(endpoint, opts.shared ?? false), qos: 1 },
      { topic: DEVICE_STATUS_FILTER, qos: 1 },
    ],
    onMessage: async (message) => {
      if (parseDeviceStatusTopic(message.topic)) await statuses.handle(message);
      else await handler.handle(message);
    },
    onConnect: (info) => opts.onConnect?.(info),
    ...(opts.reconnect ? { reconnect: opts.reconnect } : {}),
  });
  return {
    consumer,
    async close() {
      // Stop receiving first; what is still being written commits, but its PUBACKs are gone with
      // the connection, so the broker redelivers it (the insert then finds a duplicate).
      await consumer.close();
      await handler.writer.close();
    },
  };
}

/** The relay's client id: fixed per instance so its broker session survives restarts. */
export function relayClientId(configured: string): string {
  // The configured id is used as is: a second instance must set its own MQTT_CLIENT_ID
  // (two clients with one id would take turns kicking each other off the broker).
  return configured || `itercraft-sync-${hostname()}`;
}
