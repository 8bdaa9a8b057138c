/** SQL for sensor devices and their broker credentials (slonik only, no rules). */
import { z } from 'zod/v4';
import { sensorDevicesCollection, type SensorDevice } from '@itercraft/shared/collections/sensor-devices.schema';
import { sql, type DatabaseTransactionConnection, type Queryable } from '../../platform/db.ts';

/** What the relay and the broker authenticator need to know about an account. */
export interface DeviceAccount {
  id: string;
  ownerId: string;
  mqttUsername: string;
  status: SensorDevice['status'];
  deleted: boolean;
}

const accountRow = z.object({
  id: z.string(),
  ownerId: z.string(),
  mqttUsername: z.string(),
  status: z.enum(['active', 'decommissioned']),
  deleted: z.boolean(),
});

const wireColumns = sql.fragment`id, rev, updated_at, write_id, deleted, name, mqtt_username, interval_seconds, status, last_seen_at,
  connection_status, connection_changed_at, created_at`;

export type SensorDeviceWire = z.infer<typeof sensorDevicesCollection.wireSchema>;

export interface NewDevice {
  id: string;
  ownerId: string;
  name: string;
  mqttUsername: string;
  intervalSeconds: number;
  createdAt: number;
  passwordHash: string;
}

/** Inserts a device and its credentials; returns the stored wire document. */
export async function insertDevice(tx: DatabaseTransactionConnection, d: NewDevice): Promise<SensorDeviceWire> {
  const row: unknown = await tx.one(sql.unsafe`
    INSERT INTO sensor_devices (id, owner_id, name, mqtt_username, interval_seconds, status, last_seen_at,
      connection_status, connection_changed_at, created_at, deleted, write_id)
    VALUES (${d.id}, ${d.ownerId}, ${d.name}, ${d.mqttUsername}, ${d.intervalSeconds}, 'active', NULL, NULL, NULL, ${d.createdAt}, false, NULL)
    RETURNING ${wireColumns}`);
  await tx.query(sql.unsafe`
    INSERT INTO sensor_device_credentials (device_id, mqtt_username, password_hash, created_at)
    VALUES (${d.id}, ${d.mqttUsername}, ${d.passwordHash}, ${d.createdAt})`);
  return sensorDevicesCollection.wireSchema.parse(row);
}

export async function findAccount(db: Queryable, mqttUsername: string): Promise<DeviceAccount | null> {
  const row: unknown = await db.maybeOne(sql.unsafe`
    SELECT id, owner_id, mqtt_username, status, deleted FROM sensor_devices WHERE mqtt_username = ${mqttUsername}`);
  return row ? accountRow.parse(row) : null;
}

/** The password hash of an active, not deleted device; null otherwise. */
export async function findActivePasswordHash(db: Queryable, mqttUsername: string): Promise<string | null> {
  const hash: unknown = await db.maybeOneFirst(sql.unsafe`
    SELECT c.password_hash FROM sensor_device_credentials c
    JOIN sensor_devices d ON d.id = c.device_id
    WHERE c.mqtt_username = ${mqttUsername} AND d.status = 'active' AND NOT d.deleted`);
  return typeof hash === 'string' ? hash : null;
}

/** Every active device's `username:hash`, for Mosquitto's password file. */
export async function listActiveCredentials(db: Queryable): Promise<{ mqttUsername: string; passwordHash: string }[]> {
  const rows = await db.any(sql.unsafe`
    SELECT c.mqtt_username, c.password_hash FROM sensor_device_credentials c
    JOIN sensor_devices d ON d.id = c.device_id
    WHERE d.status = 'active' AND NOT d.deleted
    ORDER BY c.mqtt_username`);
  return z.array(z.object({ mqttUsername: z.string(), passwordHash: z.string() })).parse(rows);
}

/** Revokes a device's broker password (decommission): the account can never log in again. */
export async function deleteCredentials(tx: Queryable, deviceId: string): Promise<void> {
  await tx.query(sql.unsafe`DELETE FROM sensor_device_credentials WHERE device_id = ${deviceId}`);
}

/**
 * Records when devices were last heard from. Only moves forward, and only by at least
 * `resolutionMs`, so a device publishing every few seconds bumps its document (and replicates)
 * at most once per resolution.
 */
export async function touchLastSeen(db: Queryable, seen: { id: string; at: number }[], resolutionMs: number): Promise<void> {
  if (seen.length === 0) return;
  await db.query(sql.unsafe`
    UPDATE sensor_devices AS d SET last_seen_at = x.at
    FROM jsonb_to_recordset(${sql.jsonb(seen)}) AS x(id text, at bigint)
    WHERE d.id = x.id AND d.status = 'active' AND NOT d.deleted
      AND (d.last_seen_at IS NULL OR d.last_seen_at <= x.at - ${resolutionMs})`);
}

/**
 * Records what a board said on its status topic. The time moves only when the status changes: the
 * broker hands the retained status again at every relay (re)subscription, and the board repeats
 * "online" every few minutes, neither of which is news. Decommissioned devices are left alone.
 * Returns whether a row changed.
 */
export async function recordConnectionStatus(db: Queryable, mqttUsername: string, status: 'online' | 'offline', at: number): Promise<boolean> {
  const result = await db.query(sql.unsafe`
    UPDATE sensor_devices SET connection_status = ${status}, connection_changed_at = ${at}
    WHERE mqtt_username = ${mqttUsername} AND status = 'active' AND NOT deleted
      AND connection_status IS DISTINCT FROM ${status}`);
  return result.rowCount > 0;
}
