/**
 * Rollups and retention on real PostgreSQL: 5-minute and hourly aggregates equal what a plain
 * computation over the raw readings gives, stay exact across incremental runs, late readings and
 * re-runs, replicate as `kind: '1h'` documents of the owner only, and retention keeps what it must.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sensorReadingsCollection } from '@itercraft/shared/collections/sensor-readings.schema';
import { sql, type DatabasePool } from '../../platform/db.ts';
import { pullAll } from '../../../test/sync-client.ts';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { applyRetention, RAW_RETENTION_MS, ROLLUP_RETENTION_MS } from './retention.job.ts';
import { insertRawReadings, rawReadingId, type RawReadingRow } from './reading-writer.ts';
import { FIVE_MINUTES_MS, HOUR_MS, hourlyRollupId, rollupPending } from './rollup.job.ts';

let server: TestServer;
let db: DatabasePool;
let token: string;

const OWNER = 'rollup-owner';
const DEVICE = 'rollup-device';
const HOUR = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 5 * HOUR_MS;
type Metric = 'dhtTemperature' | 'dhtHumidity' | 'ntcTemperature' | 'luminosity';
const METRICS: Metric[] = ['dhtTemperature', 'dhtHumidity', 'ntcTemperature', 'luminosity'];

beforeAll(async () => {
  server = await startTestServer();
  db = server.db;
  token = await server.tokenFor(OWNER);
  await db.query(sql.unsafe`
    INSERT INTO sensor_devices (id, owner_id, name, mqtt_username, interval_seconds, status, last_seen_at, created_at, deleted, write_id)
    VALUES (${DEVICE}, ${OWNER}, 'Salon', 'salon-rollup', 30, 'active', NULL, 0, false, NULL)`);
});
afterAll(() => server?.close());

/**
 * Runs the rollup until it has read `expected` readings. The job only reads rows below the
 * cluster-wide oldest running transaction (commit-order safety), so with other test files running
 * on the same cluster a fresh insert may need a few tries to become readable.
 */
async function rollupUntil(expected: number, opts: { limit?: number } = {}) {
  const total = { readings: 0, hoursWritten: 0 };
  for (let i = 0; i < 200 && total.readings < expected; i++) {
    const r = await rollupPending(db, opts);
    total.readings += r.readings;
    total.hoursWritten += r.hoursWritten;
    if (total.readings < expected) await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return total;
}

/** Deterministic pseudo-random readings with some nulls, every 37 s. */
function readings(start: number, count: number, seed: number, device = DEVICE, owner = OWNER): RawReadingRow[] {
  return Array.from({ length: count }, (_, i) => {
    const v = (k: number) => Math.round((Math.sin(seed + i * 1.7 + k) * 20 + 30) * 10) / 10;
    const measuredAt = start + i * 37_000;
    return {
      id: rawReadingId(device, measuredAt),
      ownerId: owner,
      deviceId: device,
      measuredAt,
      dhtTemperature: i % 7 === 0 ? null : v(1),
      dhtHumidity: v(2),
      ntcTemperature: i % 5 === 0 ? null : v(3),
      luminosity: v(4),
    };
  });
}

/** The reference: what a 1-hour bucket must say, computed directly from the raw readings. */
function expectedHour(rows: RawReadingRow[], hour: number) {
  const inHour = rows.filter((r) => r.measuredAt >= hour && r.measuredAt < hour + HOUR_MS);
  const stat = (m: Metric) => {
    const values = inHour.map((r) => r[m]).filter((x): x is number => x !== null);
    return values.length === 0
      ? { avg: null, min: null, max: null }
      : { avg: values.reduce((a, b) => a + b, 0) / values.length, min: Math.min(...values), max: Math.max(...values) };
  };
  return { count: inHour.length, stats: Object.fromEntries(METRICS.map((m) => [m, stat(m)])) as Record<Metric, ReturnType<typeof stat>> };
}

/** The stored hourly document, read as the sync engine serves it (pull visibility is tested below). */
async function hourlyDoc(hour: number): Promise<Record<string, unknown> | undefined> {
  const row: unknown = await db.maybeOne(sql.unsafe`
    SELECT id, rev, updated_at, write_id, deleted, device_id, kind, measured_at, dht_temperature, dht_humidity,
      ntc_temperature, luminosity, min, max, count
    FROM sensor_readings WHERE id = ${hourlyRollupId(DEVICE, hour)}`);
  return row ? sensorReadingsCollection.wireSchema.parse(row) : undefined;
}

function expectHourMatches(doc: Record<string, unknown> | undefined, expected: ReturnType<typeof expectedHour>) {
  expect(doc).toBeDefined();
  expect(doc!.kind).toBe('1h');
  expect(doc!.count).toBe(expected.count);
  for (const m of METRICS) {
    const s = expected.stats[m];
    if (s.avg === null) expect(doc![m]).toBeNull();
    else expect(doc![m] as number).toBeCloseTo(s.avg, 9);
    expect((doc!.min as Record<Metric, number | null>)[m]).toBe(s.min);
    expect((doc!.max as Record<Metric, number | null>)[m]).toBe(s.max);
  }
}

describe('sensor rollups', () => {
  const all: RawReadingRow[] = [];

  it('builds 5-minute buckets and hourly documents equal to a direct computation', async () => {
    const rows = readings(HOUR, 150, 1); // ~92 minutes: two hours touched
    all.push(...rows);
    await insertRawReadings(db, rows);
    const r = await rollupUntil(150);
    expect(r.readings).toBe(150);

    for (const hour of [HOUR, HOUR + HOUR_MS]) expectHourMatches(await hourlyDoc(hour), expectedHour(all, hour));
    const buckets = (await db.any(sql.unsafe`SELECT bucket_start, count FROM sensor_rollups_5m WHERE device_id = ${DEVICE} ORDER BY bucket_start`)) as readonly { bucketStart: number; count: number }[];
    const counts = new Map<number, number>();
    for (const row of all) counts.set(row.measuredAt - (row.measuredAt % FIVE_MINUTES_MS), (counts.get(row.measuredAt - (row.measuredAt % FIVE_MINUTES_MS)) ?? 0) + 1);
    expect(buckets.map((b) => [b.bucketStart, b.count])).toEqual([...counts.entries()].sort((a, b) => a[0] - b[0]));
  });

  it('adds new and late readings incrementally, exactly once, with small batches', async () => {
    const late = readings(HOUR + 11_000, 40, 2); // interleaved with the first batch, same hours
    all.push(...late);
    await insertRawReadings(db, late);
    const r = await rollupUntil(40, { limit: 7 });
    expect(r.readings).toBe(40);
    expect(await rollupPending(db)).toEqual({ readings: 0, hoursWritten: 0 });
    for (const hour of [HOUR, HOUR + HOUR_MS]) expectHourMatches(await hourlyDoc(hour), expectedHour(all, hour));
  });

  it('does not count a reading delivered twice', async () => {
    const again = all.slice(0, 10);
    expect((await insertRawReadings(db, again)).size).toBe(0);
    expect((await rollupPending(db)).readings).toBe(0);
    expectHourMatches(await hourlyDoc(HOUR), expectedHour(all, HOUR));
  });

  it('rewrites an hourly document only when it changes (no replication churn)', async () => {
    const before = await hourlyDoc(HOUR);
    const extra = readings(HOUR + 2 * HOUR_MS, 3, 3);
    all.push(...extra);
    await insertRawReadings(db, extra);
    const r = await rollupUntil(3);
    expect(r.hoursWritten).toBe(1);
    expect((await hourlyDoc(HOUR))!.rev).toBe(before!.rev);
    expectHourMatches(await hourlyDoc(HOUR + 2 * HOUR_MS), expectedHour(all, HOUR + 2 * HOUR_MS));
  });

  it('replicates the hourly documents to their owner only', async () => {
    const expectedIds = [HOUR, HOUR + HOUR_MS, HOUR + 2 * HOUR_MS].map((h) => hourlyRollupId(DEVICE, h)).sort();
    // pulls only hand out rows below the cluster-wide oldest running transaction: allow for it
    for (let i = 0; i < 100; i++) {
      const ids = (await pullAll(server.url, token, 'sensorReadings')).filter((d) => d.kind === '1h').map((d) => d.id).sort();
      if (ids.length === expectedIds.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const mine = (await pullAll(server.url, token, 'sensorReadings')).filter((d) => d.kind === '1h');
    expect(mine.map((d) => d.id).sort()).toEqual(expectedIds);
    const other = await server.tokenFor('someone-else');
    expect((await pullAll(server.url, other, 'sensorReadings')).filter((d) => d.kind === '1h')).toEqual([]);
  });
});

describe('sensor retention', () => {
  it('deletes raw readings older than 10 days once rolled up, and rollups older than 400 days', async () => {
    const now = Date.now();
    const oldStart = Math.floor((now - RAW_RETENTION_MS - 2 * HOUR_MS) / HOUR_MS) * HOUR_MS;
    const old = readings(oldStart, 20, 4, 'retention-device');
    const ancient = now - ROLLUP_RETENTION_MS - 2 * HOUR_MS;
    await insertRawReadings(db, old);

    // not rolled up yet: kept
    expect((await applyRetention(db, now)).raw).toBe(0);
    await rollupUntil(20);
    await db.query(sql.unsafe`
      INSERT INTO sensor_rollups_5m (device_id, owner_id, bucket_start, count) VALUES ('retention-device', ${OWNER}, ${ancient - (ancient % FIVE_MINUTES_MS)}, 1)`);
    await db.query(sql.unsafe`
      INSERT INTO sensor_readings (id, owner_id, device_id, kind, measured_at, min, max, count, deleted)
      VALUES ('ancient-hour', ${OWNER}, 'retention-device', '1h', ${ancient - (ancient % HOUR_MS)}, NULL, NULL, 1, false)`);

    const r = await applyRetention(db, now);
    expect(r).toEqual({ raw: 20, hourly: 1, fiveMinute: 1 });
    const left: unknown = await db.oneFirst(sql.unsafe`SELECT count(*)::int FROM sensor_readings WHERE device_id = 'retention-device'`);
    // the hourly rollups of those old readings stay (they are within 400 days)
    expect(left).toBeGreaterThan(0);
    const raw: unknown = await db.oneFirst(sql.unsafe`SELECT count(*)::int FROM sensor_readings WHERE device_id = 'retention-device' AND kind = 'raw'`);
    expect(raw).toBe(0);
  });
});
