/**
 * SQL for the interval commands the broker retains (`commands/<username>/interval`): which devices
 * need one published or cleared, and the record of what the broker holds (server-only table).
 */
import { z } from 'zod/v4';
import { sql, type Queryable } from '../../platform/db.ts';

export interface DueInterval {
  deviceId: string;
  mqttUsername: string;
  intervalSeconds: number;
}

export interface DueClear {
  deviceId: string;
  mqttUsername: string;
}

const dueInterval = z.object({ deviceId: z.string(), mqttUsername: z.string(), intervalSeconds: z.int() });
const dueClear = z.object({ deviceId: z.string(), mqttUsername: z.string() });

/** Only one server process publishes at a time, so an older value never lands after a newer one. */
export async function lockCommands(tx: Queryable): Promise<void> {
  await tx.query(sql.unsafe`SELECT pg_advisory_xact_lock(hashtext('itercraft.sensor-interval-commands'))`);
}

/**
 * Active devices whose interval differs from the one the broker retains for them; with `all`,
 * every active device (the broker may have lost its retained messages).
 */
export async function dueIntervals(db: Queryable, all: boolean): Promise<DueInterval[]> {
  const rows = await db.any(sql.unsafe`
    SELECT d.id AS device_id, d.mqtt_username, d.interval_seconds
    FROM sensor_devices d LEFT JOIN sensor_device_commands c ON c.device_id = d.id
    WHERE d.status = 'active' AND NOT d.deleted
      AND (${all}::boolean OR c.interval_seconds IS DISTINCT FROM d.interval_seconds)
    ORDER BY d.id`);
  return z.array(dueInterval).parse(rows);
}

/** Retained commands of devices that are decommissioned, deleted or gone. */
export async function dueClears(db: Queryable): Promise<DueClear[]> {
  const rows = await db.any(sql.unsafe`
    SELECT c.device_id, c.mqtt_username
    FROM sensor_device_commands c LEFT JOIN sensor_devices d ON d.id = c.device_id
    WHERE d.id IS NULL OR d.status <> 'active' OR d.deleted
    ORDER BY c.device_id`);
  return z.array(dueClear).parse(rows);
}

export async function recordPublished(db: Queryable, due: DueInterval, at: number): Promise<void> {
  await db.query(sql.unsafe`
    INSERT INTO sensor_device_commands (device_id, mqtt_username, interval_seconds, published_at)
    VALUES (${due.deviceId}, ${due.mqttUsername}, ${due.intervalSeconds}, ${at})
    ON CONFLICT (device_id) DO UPDATE SET interval_seconds = EXCLUDED.interval_seconds, published_at = EXCLUDED.published_at`);
}

export async function recordCleared(db: Queryable, deviceId: string): Promise<void> {
  await db.query(sql.unsafe`DELETE FROM sensor_device_commands WHERE device_id = ${deviceId}`);
}
