/**
 * `GET /api/sensors/data` of the original: a user's readings over a range, every device, ascending.
 * Raw readings exist for 10 days; older parts of a range are answered from the 5-minute rollups
 * (their averages, one point per 5 minutes), so a year-long range stays a sane response.
 */
import { z } from 'zod/v4';
import { sql, type Queryable } from '../../platform/db.ts';
import { RAW_RETENTION_MS } from './retention.job.ts';
import { FIVE_MINUTES_MS } from './rollup.job.ts';

/** The original's JSON item, field for field (measuredAt as ISO-8601 UTC, like its Jackson output). */
export interface SensorDataPoint {
  measuredAt: string;
  deviceName: string;
  dhtTemperature: number | null;
  dhtHumidity: number | null;
  ntcTemperature: number | null;
  luminosity: number | null;
}

const row = z.object({
  measuredAt: z.number(),
  deviceName: z.string(),
  dhtTemperature: z.number().nullable(),
  dhtHumidity: z.number().nullable(),
  ntcTemperature: z.number().nullable(),
  luminosity: z.number().nullable(),
});

const avg = (metric: string) => sql.fragment`b.${sql.identifier([`${metric}_sum`])} / nullif(b.${sql.identifier([`${metric}_n`])}, 0)`;

/** Inclusive [from, to], epoch ms. */
export async function sensorDataInRange(db: Queryable, ownerId: string, from: number, to: number, now: number): Promise<SensorDataPoint[]> {
  // Older than this, raw rows may already be gone: the rollups answer for that part. Aligned up
  // to a bucket boundary so no 5-minute bucket overlaps the raw part.
  const rawHorizon = Math.ceil((now - RAW_RETENTION_MS) / FIVE_MINUTES_MS) * FIVE_MINUTES_MS;
  const rows = await db.any(sql.unsafe`
    SELECT measured_at, device_name, dht_temperature, dht_humidity, ntc_temperature, luminosity FROM (
      SELECT r.measured_at, coalesce(d.name, '') AS device_name,
        r.dht_temperature, r.dht_humidity, r.ntc_temperature, r.luminosity
      FROM sensor_readings r LEFT JOIN sensor_devices d ON d.id = r.device_id
      WHERE r.owner_id = ${ownerId} AND r.kind = 'raw'
        AND r.measured_at >= ${Math.max(from, rawHorizon)} AND r.measured_at <= ${to}
      UNION ALL
      SELECT b.bucket_start, coalesce(d.name, ''),
        ${avg('dht_temperature')}, ${avg('dht_humidity')}, ${avg('ntc_temperature')}, ${avg('luminosity')}
      FROM sensor_rollups_5m b LEFT JOIN sensor_devices d ON d.id = b.device_id
      WHERE b.owner_id = ${ownerId} AND b.bucket_start >= ${from} AND b.bucket_start <= ${Math.min(to, rawHorizon - 1)}
    ) x
    ORDER BY measured_at, device_name`);
  return rows.map((r) => {
    const p = row.parse(r);
    return { ...p, measuredAt: new Date(p.measuredAt).toISOString() };
  });
}
