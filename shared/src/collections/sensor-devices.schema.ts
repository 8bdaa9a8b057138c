import { z } from 'zod/v4';
import { defineCollection } from '../schema-kit/define-collection.ts';
import { epochMs, nullableEpochMs } from './fields.ts';

/**
 * An ESP32 board enrolled by a user. `mqttUsername` is the broker account the device
 * authenticates with; readings are attributed through it, never through the payload.
 * `lastSeenAt`, `connectionStatus` and `connectionChangedAt` are the server's (the relay writes
 * them); the user changes `name`, `intervalSeconds` and `status` (decommission).
 *
 * Version 1 added `connectionStatus` / `connectionChangedAt` (RxDB migration in pwa/src/db).
 */
export const sensorDevicesCollection = defineCollection({
  name: 'sensorDevices',
  version: 1,
  table: 'sensor_devices',
  owner: 'user',
  push: 'user',
  indexes: ['mqttUsername'],
  fields: {
    name: z.string().trim().min(1).max(100),
    mqttUsername: z.string().regex(/^[a-z0-9][a-z0-9_-]{2,63}$/).max(64),
    /** Expected publish interval; gaps longer than twice this are drawn as gaps. */
    intervalSeconds: z.int().min(1).max(86_400),
    status: z.enum(['active', 'decommissioned']),
    lastSeenAt: nullableEpochMs(),
    /** What the board last said on `devices/<username>/status` (its last will says offline); null: never heard. */
    connectionStatus: z.enum(['online', 'offline']).nullable(),
    /** Server time when `connectionStatus` last changed (a repeated status leaves it alone). */
    connectionChangedAt: nullableEpochMs(),
    createdAt: epochMs(),
  },
});
export type SensorDevice = z.infer<typeof sensorDevicesCollection.schema>;
