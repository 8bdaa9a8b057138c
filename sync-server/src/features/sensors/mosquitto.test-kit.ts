/**
 * Helpers for the relay tests on a real Mosquitto with the repository's configuration (TLS 1.3,
 * password file, ACL; mosquitto/test/test-broker.ts), not a test file: the backend account, the
 * relay's endpoint, device accounts enrolled over REST and written into the broker's password file
 * (the production path), a logger whose lines the test reads, and the relay's outcome counters.
 */
import { join } from 'node:path';
import { Writable } from 'node:stream';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { pino, type Logger } from 'pino';
import { BACKEND_USERNAME } from '@itercraft/shared/mqtt/topics';
import { runScript, type TestBroker } from '../../../../mosquitto/test/test-broker.ts';
import type { MqttEndpoint } from '../../deps.ts';
import type { Metrics } from '../../platform/metrics.ts';
import type { DatabasePool } from '../../platform/db.ts';
import { syncPasswdFile } from './mosquitto-passwd.ts';
import { enrol, type EnrolResponse } from './sensors.test-helpers.ts';

export const BACKEND_PASSWORD = `relay-test-${Math.random().toString(36).slice(2)}-backend`;

/** The relay's broker endpoint: MQTT 5 over TLS with the broker's CA, as in production. */
export function relayEndpoint(broker: Pick<TestBroker, 'port' | 'caFile'>): MqttEndpoint {
  return { url: `mqtts://localhost:${broker.port}`, username: BACKEND_USERNAME, password: BACKEND_PASSWORD, caFile: broker.caFile, protocolVersion: 5 };
}

export interface CapturedLog {
  logger: Logger;
  /** Every line logged so far, parsed. */
  lines: Record<string, unknown>[];
  /** Lines with this message (and these fields). */
  find(msg: string, fields?: Record<string, unknown>): Record<string, unknown>[];
}

/** A pino logger writing JSON lines into memory (a destination stream, as in production). */
export function captureLog(level = 'info'): CapturedLog {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level }, destination);
  return {
    logger,
    lines,
    find: (msg, fields = {}) => lines.filter((l) => l.msg === msg && Object.entries(fields).every(([k, v]) => l[k] === v)),
  };
}

/** The relay's counter for one outcome (itercraft_mqtt_messages_total{outcome}). */
export async function outcomeCount(metrics: Metrics, outcome: string): Promise<number> {
  const metric = await metrics.mqttMessages.get();
  return metric.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
}

export async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A board's MQTT client: TLS with the CA, MQTT 3.1.1 like the firmware unless told otherwise. */
export async function connectDevice(broker: Pick<TestBroker, 'port' | 'ca'>, username: string, password: string, extra: IClientOptions = {}): Promise<MqttClient> {
  return mqtt.connectAsync({
    protocol: 'mqtts',
    host: 'localhost',
    port: broker.port,
    ca: broker.ca,
    username,
    password,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ...extra,
  });
}

/**
 * Enrols devices over REST, then writes the broker's password file from the database and reloads
 * it (mosquitto-passwd.ts, what the compose sidecar runs); resolves once every account logs in.
 * The sync keeps only the active devices' lines (and the service accounts): add test-only
 * accounts afterwards (add-user.sh).
 */
export async function enrolOnBroker(
  opts: { baseUrl: string; token: string; db: DatabasePool; broker: TestBroker },
  devices: readonly { name: string; intervalSeconds?: number }[],
): Promise<EnrolResponse[]> {
  const enrolled: EnrolResponse[] = [];
  for (const d of devices) enrolled.push(await enrol(opts.baseUrl, opts.token, d.name, d.intervalSeconds ?? 30));
  await syncPasswdFile(opts.db, join(opts.broker.dir, 'passwd'), { pid: opts.broker.pid });
  for (const device of enrolled) {
    const probe = await until(
      () => connectDevice(opts.broker, device.username, device.password).catch(() => undefined),
      `${device.username} could not log in after the password file sync`,
    );
    await probe.endAsync();
  }
  return enrolled;
}

/** Adds broker accounts with the repository's script and reloads the broker; resolves once they log in. */
export async function addAccounts(broker: TestBroker, accounts: readonly { username: string; password: string }[]): Promise<void> {
  for (const a of accounts) {
    const r = runScript('add-user.sh', [a.username, a.password], broker.scriptEnv);
    if (r.status !== 0) throw new Error(`add-user.sh ${a.username}: ${r.stderr}`);
  }
  for (const a of accounts) {
    const probe = await until(() => connectDevice(broker, a.username, a.password).catch(() => undefined), `${a.username} could not log in`);
    await probe.endAsync();
  }
}
