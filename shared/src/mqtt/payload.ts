/**
 * MQTT payloads: the reading a device publishes (the original's JSON, kept field for field),
 * its online/offline status, and the commands the backend sends. The firmware's builder
 * (firmware/lib/core) is checked against these schemas by firmware/test/contract.test.ts.
 */
import { z } from 'zod/v4';

/** Plausibility bounds: a value outside them is a broken sensor or a forged message. */
export const READING_BOUNDS = {
  /** °C, DHT22 and NTC alike */
  temperature: { min: -60, max: 100 },
  /** % relative humidity */
  humidity: { min: 0, max: 100 },
  /** % of full scale of the light sensor */
  luminosity: { min: 0, max: 100 },
  /** how far ahead of the server clock a timestamp may be (device clock drift), ms */
  maxFutureMs: 24 * 3_600_000,
  /** how old a replayed reading may be (the firmware buffers a few hours at most), ms */
  maxAgeMs: 10 * 24 * 3_600_000,
} as const;

/** Larger than any honest reading (~200 bytes); checked before JSON.parse. */
export const MAX_READING_PAYLOAD_BYTES = 4096;

const bounded = (b: { min: number; max: number }) => z.number().min(b.min).max(b.max).nullable();

/**
 * The wire format, as the original firmware sent it:
 * `{"timestamp":"2026-02-01T10:15:30Z","device":"meteoStation_1","dht_temperature":20.7,
 *   "dht_humidity":52,"ntc_temperature":21.1,"luminosity":77}`.
 * A sensor that failed sends null. The original's `user` (an e-mail) is accepted and ignored:
 * ownership comes from the topic. Other unknown keys are dropped.
 */
export const readingPayloadSchema = z.object({
  /** ISO-8601 with `Z` or an offset; local times without offset are ambiguous and refused */
  timestamp: z.iso.datetime({ offset: true }),
  /** the board's own name, informational (the account is the device) */
  device: z.string().trim().min(1).max(100),
  dht_temperature: bounded(READING_BOUNDS.temperature),
  dht_humidity: bounded(READING_BOUNDS.humidity),
  ntc_temperature: bounded(READING_BOUNDS.temperature),
  luminosity: bounded(READING_BOUNDS.luminosity),
  user: z.unknown().optional(),
});
export type ReadingPayload = z.infer<typeof readingPayloadSchema>;

/** A reading ready for storage: camelCase like the sensorReadings collection, times in epoch ms. */
export interface ParsedReading {
  measuredAt: number;
  device: string;
  dhtTemperature: number | null;
  dhtHumidity: number | null;
  ntcTemperature: number | null;
  luminosity: number | null;
}

export type ReadingRejectReason =
  | 'too_large'
  | 'invalid_json'
  | 'invalid_payload'
  | 'out_of_range'
  | 'timestamp_in_future'
  | 'timestamp_too_old'
  | 'no_measurement';

export type ParseReadingResult =
  | { ok: true; reading: ParsedReading }
  | { ok: false; reason: ReadingRejectReason; message: string };

const metricKeys = ['dht_temperature', 'dht_humidity', 'ntc_temperature', 'luminosity'] as const;

function reject(reason: ReadingRejectReason, message: string): ParseReadingResult {
  return { ok: false, reason, message };
}

function schemaRejection(error: z.ZodError): ParseReadingResult {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') || '(root)';
  const isRange = issue !== undefined && (issue.code === 'too_big' || issue.code === 'too_small');
  const isMetric = metricKeys.some((key) => key === issue?.path[0]);
  if (isRange && isMetric) return reject('out_of_range', `${path}: ${issue.message}`);
  return reject('invalid_payload', `${path}: ${issue?.message ?? 'invalid'}`);
}

/**
 * Validates a reading message. Never throws: a bad message is a reason the relay logs and
 * counts (the reason codes are bounded, fit for a metric label).
 * @param json the MQTT payload as text
 * @param now the server's clock, epoch ms, for the timestamp window
 */
export function parseReading(json: string, now: number): ParseReadingResult {
  if (json.length > MAX_READING_PAYLOAD_BYTES) return reject('too_large', `payload over ${MAX_READING_PAYLOAD_BYTES} bytes`);
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return reject('invalid_json', 'payload is not JSON');
  }
  const parsed = readingPayloadSchema.safeParse(data);
  if (!parsed.success) return schemaRejection(parsed.error);
  const p = parsed.data;
  const measuredAt = Date.parse(p.timestamp);
  if (measuredAt > now + READING_BOUNDS.maxFutureMs) return reject('timestamp_in_future', `timestamp ${p.timestamp} is more than a day ahead`);
  if (measuredAt < now - READING_BOUNDS.maxAgeMs) return reject('timestamp_too_old', `timestamp ${p.timestamp} is more than 10 days old`);
  if (metricKeys.every((key) => p[key] === null)) return reject('no_measurement', 'every sensor value is null');
  return {
    ok: true,
    reading: {
      measuredAt,
      device: p.device,
      dhtTemperature: p.dht_temperature,
      dhtHumidity: p.dht_humidity,
      ntcTemperature: p.ntc_temperature,
      luminosity: p.luminosity,
    },
  };
}

/**
 * What a device publishes, retained, on `devices/<username>/status`: `online` with counters
 * when it connects (and every few minutes), `offline` as its last will. Counters are optional
 * so a minimal device may send `{"status":"online"}` as the original's sketch did.
 */
export const deviceStatusPayloadSchema = z.object({
  status: z.enum(['online', 'offline']),
  /** firmware version string */
  firmware: z.string().max(32).optional(),
  /** seconds since boot */
  uptime_s: z.int().min(0).optional(),
  /** current publish period, seconds */
  interval_s: z.int().min(1).optional(),
  /** readings waiting in the device's buffer */
  buffered: z.int().min(0).optional(),
  /** readings the device had to drop (buffer full) since boot */
  dropped: z.int().min(0).optional(),
  /** Wi-Fi signal, dBm */
  rssi: z.int().min(-127).max(0).optional(),
});
export type DeviceStatusPayload = z.infer<typeof deviceStatusPayloadSchema>;

export type ParseDeviceStatusResult =
  | { ok: true; status: DeviceStatusPayload }
  | { ok: false; reason: 'empty' | 'invalid_json' | 'invalid_payload'; message: string };

/**
 * Validates a status message; also accepts the bare words `online` / `offline`.
 * An empty payload is what clearing a retained message looks like. Never throws.
 */
export function parseDeviceStatus(payload: string): ParseDeviceStatusResult {
  const text = payload.trim();
  if (text === '') return { ok: false, reason: 'empty', message: 'empty status (retained message cleared)' };
  if (text === 'online' || text === 'offline') return { ok: true, status: { status: text } };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'invalid_json', message: 'status is not JSON' };
  }
  const parsed = deviceStatusPayloadSchema.safeParse(data);
  if (!parsed.success) return { ok: false, reason: 'invalid_payload', message: parsed.error.issues[0]?.message ?? 'invalid' };
  return { ok: true, status: parsed.data };
}

/** Payload of `commands/<username>/interval`: the new publish period. */
export const intervalCommandSchema = z.object({
  /** seconds; the DHT22 needs 2 s between reads, a day is the longest gap worth drawing */
  seconds: z.int().min(10).max(86_400),
});
export type IntervalCommand = z.infer<typeof intervalCommandSchema>;

/** The JSON the backend publishes to change a device's period (validated, throws on a bad value). */
export function intervalCommandPayload(seconds: number): string {
  return JSON.stringify(intervalCommandSchema.parse({ seconds }));
}
