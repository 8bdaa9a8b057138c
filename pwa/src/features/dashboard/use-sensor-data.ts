/**
 * Local sensor data for the dashboard (RxDB only: it works offline and updates live as readings
 * replicate in), and the pruning of raw readings past the 7 days a device keeps.
 */
import { useEffect, useMemo } from 'react';
import type { AppDatabase, LocalDoc } from '../../db/collections.ts';
import { useRxQuery } from '../../db/use-rx-query.ts';
import { RAW_WINDOW_MS, ROLLUP_WINDOW_MS, type SensorPoint } from './sensor-model.ts';

export type DeviceDoc = LocalDoc<'sensorDevices'>;

/** Every device of the user (active first, then by name), or undefined while loading. */
export function useSensorDevices(db: AppDatabase): DeviceDoc[] | undefined {
  const query = useRxQuery(db.sensorDevices.find());
  return useMemo(() => {
    if (!query.result) return undefined;
    return query.result
      .map((d) => d.toJSON() as DeviceDoc)
      .sort((a, b) => (a.status === b.status ? a.name.localeCompare(b.name, 'fr') : a.status === 'active' ? -1 : 1));
  }, [query.result]);
}

/** The readings (raw and hourly) measured in [from, to], of one device or all, in time order. */
export function useSensorPoints(db: AppDatabase, from: number, to: number, deviceId: string | null): SensorPoint[] | undefined {
  const selector = { measuredAt: { $gte: from, $lte: to }, ...(deviceId ? { deviceId } : {}) };
  const query = useRxQuery(db.sensorReadings.find({ selector, sort: [{ measuredAt: 'asc' }] }));
  return useMemo(
    () =>
      query.result?.map((d) => {
        const p = d.toJSON();
        return {
          deviceId: p.deviceId,
          kind: p.kind,
          measuredAt: p.measuredAt,
          count: p.count,
          dhtTemperature: p.dhtTemperature,
          dhtHumidity: p.dhtHumidity,
          ntcTemperature: p.ntcTemperature,
          luminosity: p.luminosity,
          min: p.min ? { ...p.min } : null,
          max: p.max ? { ...p.max } : null,
        } satisfies SensorPoint;
      }),
    [query.result],
  );
}

/**
 * Removes local raw readings older than 7 days and hourly rollups older than 400 days. The
 * collection is pull-only, so this never reaches the server (which keeps raw readings 10 days
 * and answers older ranges with rollups); the server no longer sends such old raw readings.
 */
export async function pruneSensorReadings(db: AppDatabase, now: number): Promise<number> {
  const [raw, hourly] = await Promise.all([
    db.sensorReadings.find({ selector: { kind: 'raw', measuredAt: { $lt: now - RAW_WINDOW_MS } } }).exec(),
    db.sensorReadings.find({ selector: { kind: '1h', measuredAt: { $lt: now - ROLLUP_WINDOW_MS } } }).exec(),
  ]);
  const ids = [...raw, ...hourly].map((d) => d.id);
  if (ids.length > 0) await db.sensorReadings.bulkRemove(ids);
  return ids.length;
}

/** Prunes when the dashboard opens, then every hour while it stays open. */
export function usePruneSensorReadings(db: AppDatabase, now: () => number): void {
  useEffect(() => {
    const run = () => void pruneSensorReadings(db, now()).catch((err: unknown) => console.warn('nettoyage des mesures locales impossible', err));
    run();
    const timer = window.setInterval(run, 3_600_000);
    return () => window.clearInterval(timer);
  }, [db, now]);
}
