/**
 * Rollups of raw readings, maintained incrementally:
 * - 5-minute buckets (server-only table, kept ≥ 1 year, for long ranges over REST) hold per metric
 *   the count of non-null values, their sum, min and max, so buckets merge exactly;
 * - hourly buckets are `kind = '1h'` rows of sensor_readings (average in the metric fields,
 *   `min` / `max` objects, `count`), recomputed from the 5-minute buckets, so they replicate to
 *   the owner's PWA like any other change.
 *
 * Exactly once: raw readings are read in commit order (txid, id) below the oldest running
 * transaction, like pulls, from a cursor stored in the database; adding a batch to the 5-minute
 * buckets, recomputing the touched hours and moving the cursor happen in one transaction (the
 * cursor row's lock also makes concurrent server instances take turns). Raw rows are never
 * updated, and a reading delivered twice is one row, so nothing is counted twice or missed.
 */
import { z } from 'zod/v4';
import { deterministicId } from '@itercraft/shared/ids';
import { sql, type DatabasePool, type DatabaseTransactionConnection } from '../../platform/db.ts';
import type { Job } from '../../platform/jobs.ts';
import type { Logger } from '../../platform/logger.ts';

export const FIVE_MINUTES_MS = 300_000;
export const HOUR_MS = 3_600_000;

/** The id of a device's hourly rollup document. */
export const hourlyRollupId = (deviceId: string, hourStart: number) => deterministicId('sensor-rollup-1h', deviceId, String(hourStart));

const METRICS = ['dht_temperature', 'dht_humidity', 'ntc_temperature', 'luminosity'] as const;

const cursorRow = z.object({ txid: z.string(), id: z.string() });
const batchResult = z.object({
  n: z.number(),
  txid: z.string().nullable(),
  lastId: z.string().nullable(),
  hours: z.array(z.object({ d: z.string(), h: z.number() })),
});

const ident = (name: string) => sql.identifier([name]);
type Part = Parameters<typeof sql.join>[0][number];
const list = (parts: Part[]) => sql.join(parts, sql.fragment`, `);

/** Aggregates of one batch per (device, 5-minute bucket). */
const aggregateColumns = list(
  METRICS.flatMap((m) => [
    sql.fragment`count(${ident(m)})::int AS ${ident(`${m}_n`)}`,
    sql.fragment`sum(${ident(m)}) AS ${ident(`${m}_sum`)}`,
    sql.fragment`min(${ident(m)}) AS ${ident(`${m}_min`)}`,
    sql.fragment`max(${ident(m)}) AS ${ident(`${m}_max`)}`,
  ]),
);
const rollupColumnNames = METRICS.flatMap((m) => [`${m}_n`, `${m}_sum`, `${m}_min`, `${m}_max`]);
const rollupColumns = list(rollupColumnNames.map((c) => ident(c)));
/** Merging a batch into an existing bucket: counts and sums add up, extremes widen (least/greatest skip NULLs). */
const mergeSet = list(
  METRICS.flatMap((m) => {
    const [n, sum, min, max] = [`${m}_n`, `${m}_sum`, `${m}_min`, `${m}_max`].map(ident) as [ReturnType<typeof ident>, ReturnType<typeof ident>, ReturnType<typeof ident>, ReturnType<typeof ident>];
    return [
      sql.fragment`${n} = r.${n} + excluded.${n}`,
      sql.fragment`${sum} = CASE WHEN r.${n} + excluded.${n} = 0 THEN NULL ELSE coalesce(r.${sum}, 0) + coalesce(excluded.${sum}, 0) END`,
      sql.fragment`${min} = least(r.${min}, excluded.${min})`,
      sql.fragment`${max} = greatest(r.${max}, excluded.${max})`,
    ];
  }),
);

async function readCursor(tx: DatabaseTransactionConnection) {
  return cursorRow.parse(await tx.one(sql.unsafe`SELECT txid::text AS txid, id FROM sensor_rollup_cursor WHERE name = 'raw' FOR UPDATE`));
}

/** Adds the next raw readings (commit order) to the 5-minute buckets; returns the touched hours. */
async function addBatchTo5m(tx: DatabaseTransactionConnection, cursor: { txid: string; id: string }, limit: number) {
  const row: unknown = await tx.one(sql.unsafe`
    WITH batch AS (
      SELECT txid, id, owner_id, device_id, measured_at - measured_at % ${FIVE_MINUTES_MS} AS bucket_start,
        dht_temperature, dht_humidity, ntc_temperature, luminosity
      FROM sensor_readings
      WHERE kind = 'raw' AND txid < pg_snapshot_xmin(pg_current_snapshot())
        AND (txid > ${cursor.txid}::xid8 OR (txid = ${cursor.txid}::xid8 AND id > ${cursor.id}))
      ORDER BY txid, id
      LIMIT ${limit}
    ), agg AS (
      SELECT device_id, min(owner_id) AS owner_id, bucket_start, count(*)::int AS count, ${aggregateColumns}
      FROM batch GROUP BY device_id, bucket_start
    ), up AS (
      INSERT INTO sensor_rollups_5m AS r (device_id, owner_id, bucket_start, count, ${rollupColumns})
      SELECT device_id, owner_id, bucket_start, count, ${rollupColumns} FROM agg
      ON CONFLICT (device_id, bucket_start) DO UPDATE SET count = r.count + excluded.count, ${mergeSet}
      RETURNING device_id, bucket_start
    ), last AS (
      SELECT txid, id FROM batch ORDER BY txid DESC, id DESC LIMIT 1
    )
    SELECT (SELECT count(*) FROM batch)::int AS n,
      (SELECT txid::text FROM last) AS txid,
      (SELECT id FROM last) AS last_id,
      (SELECT coalesce(jsonb_agg(DISTINCT jsonb_build_object('d', device_id, 'h', bucket_start - bucket_start % ${HOUR_MS})), '[]'::jsonb) FROM up) AS hours`);
  return batchResult.parse(row);
}

const hourlyAverages = list(
  METRICS.map((m) => sql.fragment`sum(r.${ident(`${m}_sum`)}) / nullif(sum(r.${ident(`${m}_n`)}), 0) AS ${ident(m)}`),
);
const camel = { dht_temperature: 'dhtTemperature', dht_humidity: 'dhtHumidity', ntc_temperature: 'ntcTemperature', luminosity: 'luminosity' } as const;
const extremes = (fn: 'min' | 'max') =>
  sql.fragment`jsonb_build_object(${list(
    METRICS.map((m) =>
      fn === 'min'
        ? sql.fragment`${camel[m]}::text, min(r.${ident(`${m}_min`)})`
        : sql.fragment`${camel[m]}::text, max(r.${ident(`${m}_max`)})`,
    ),
  )})`;

/** Recomputes the hourly documents of the given (device, hour) pairs from the 5-minute buckets. */
export async function recomputeHours(tx: DatabaseTransactionConnection, hours: { d: string; h: number }[]): Promise<number> {
  if (hours.length === 0) return 0;
  const touched = hours.map(({ d, h }) => ({ d, h, id: hourlyRollupId(d, h) }));
  const metricCols = list(METRICS.map((m) => ident(m)));
  const changed = METRICS.map((m) => sql.fragment`s.${ident(m)}`);
  const incoming = METRICS.map((m) => sql.fragment`excluded.${ident(m)}`);
  const result = await tx.query(sql.unsafe`
    WITH touched AS (
      SELECT d AS device_id, h AS hour, id FROM jsonb_to_recordset(${sql.jsonb(touched)}) AS t(d text, h bigint, id text)
    ), agg AS (
      SELECT t.id, t.device_id, t.hour, min(r.owner_id) AS owner_id, sum(r.count)::int AS count, ${hourlyAverages},
        ${extremes('min')} AS min, ${extremes('max')} AS max
      FROM touched t
      JOIN sensor_rollups_5m r ON r.device_id = t.device_id AND r.bucket_start >= t.hour AND r.bucket_start < t.hour + ${HOUR_MS}
      GROUP BY t.id, t.device_id, t.hour
    )
    INSERT INTO sensor_readings AS s (id, owner_id, device_id, kind, measured_at, ${metricCols}, min, max, count, deleted, write_id)
    SELECT id, owner_id, device_id, '1h', hour, ${metricCols}, min, max, count, false, NULL FROM agg
    ON CONFLICT (id) DO UPDATE SET ${list(METRICS.map((m) => sql.fragment`${ident(m)} = excluded.${ident(m)}`))},
      min = excluded.min, max = excluded.max, count = excluded.count
    WHERE (${list(changed)}, s.min, s.max, s.count) IS DISTINCT FROM (${list(incoming)}, excluded.min, excluded.max, excluded.count)`);
  return result.rowCount;
}

/** One step: at most `limit` raw readings into the rollups. Returns how many were read. */
export async function rollupStep(db: DatabasePool, limit = 20_000): Promise<{ readings: number; hoursWritten: number }> {
  return db.transaction(async (tx) => {
    const cursor = await readCursor(tx);
    const batch = await addBatchTo5m(tx, cursor, limit);
    if (batch.n === 0 || batch.txid === null || batch.lastId === null) return { readings: 0, hoursWritten: 0 };
    const hoursWritten = await recomputeHours(tx, batch.hours);
    await tx.query(sql.unsafe`UPDATE sensor_rollup_cursor SET txid = ${batch.txid}::xid8, id = ${batch.lastId} WHERE name = 'raw'`);
    return { readings: batch.n, hoursWritten };
  });
}

/** Rolls up everything committed so far (bounded steps, so one run stays short). */
export async function rollupPending(db: DatabasePool, opts: { limit?: number; maxSteps?: number } = {}): Promise<{ readings: number; hoursWritten: number }> {
  const limit = opts.limit ?? 20_000;
  const total = { readings: 0, hoursWritten: 0 };
  for (let step = 0; step < (opts.maxSteps ?? 50); step++) {
    const r = await rollupStep(db, limit);
    total.readings += r.readings;
    total.hoursWritten += r.hoursWritten;
    if (r.readings < limit) break;
  }
  return total;
}

export function rollupJob(deps: { db: DatabasePool; logger: Logger }, everyMs = 60_000): Job {
  return {
    name: 'sensors.rollup',
    everyMs,
    async run() {
      const r = await rollupPending(deps.db);
      if (r.readings > 0) deps.logger.debug(r, 'sensor rollups updated');
      return r;
    },
  };
}
