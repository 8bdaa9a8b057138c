/**
 * Sensor data retention: raw readings are kept 10 days, 5-minute and hourly rollups 400 days
 * (the original kept everything forever; a year of history is what the dashboard offers).
 * These are hard deletes, not user deletions: no tombstone is replicated, clients prune their
 * own copies (the PWA keeps 7 days of raw readings). A raw reading is only deleted once the
 * rollup job has read it, so a long rollup outage cannot turn into lost history. Deletes run
 * in small chunks: a long transaction would hold back every pull (see the txid watermark).
 */
import { sql, type DatabasePool } from '../../platform/db.ts';
import type { Job } from '../../platform/jobs.ts';
import type { Logger } from '../../platform/logger.ts';

const DAY_MS = 24 * 3_600_000;
export const RAW_RETENTION_MS = 10 * DAY_MS;
export const ROLLUP_RETENTION_MS = 400 * DAY_MS;
const CHUNK = 5_000;

async function deleteInChunks(run: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await run();
    total += n;
    if (n < CHUNK) return total;
  }
}

export async function applyRetention(db: DatabasePool, now: number): Promise<{ raw: number; hourly: number; fiveMinute: number }> {
  const rawCutoff = now - RAW_RETENTION_MS;
  const rollupCutoff = now - ROLLUP_RETENTION_MS;
  const raw = await deleteInChunks(async () =>
    (
      await db.query(sql.unsafe`
        DELETE FROM sensor_readings WHERE id IN (
          SELECT r.id FROM sensor_readings r, (SELECT txid, id FROM sensor_rollup_cursor WHERE name = 'raw') c
          WHERE r.kind = 'raw' AND r.measured_at < ${rawCutoff}
            AND (r.txid < c.txid OR (r.txid = c.txid AND r.id <= c.id))
          LIMIT ${CHUNK})`)
    ).rowCount,
  );
  const hourly = await deleteInChunks(async () =>
    (
      await db.query(sql.unsafe`
        DELETE FROM sensor_readings WHERE id IN (
          SELECT id FROM sensor_readings WHERE kind = '1h' AND measured_at < ${rollupCutoff} LIMIT ${CHUNK})`)
    ).rowCount,
  );
  const fiveMinute = await deleteInChunks(async () =>
    (
      await db.query(sql.unsafe`
        DELETE FROM sensor_rollups_5m WHERE (device_id, bucket_start) IN (
          SELECT device_id, bucket_start FROM sensor_rollups_5m WHERE bucket_start < ${rollupCutoff} LIMIT ${CHUNK})`)
    ).rowCount,
  );
  return { raw, hourly, fiveMinute };
}

export function retentionJob(deps: { db: DatabasePool; logger: Logger; clock: { now(): number } }, everyMs = 3_600_000): Job {
  return {
    name: 'sensors.retention',
    everyMs,
    async run() {
      const r = await applyRetention(deps.db, deps.clock.now());
      if (r.raw + r.hourly + r.fiveMinute > 0) deps.logger.info(r, 'sensor data retention applied');
      return r;
    },
  };
}
