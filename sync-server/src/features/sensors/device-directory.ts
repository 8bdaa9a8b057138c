/**
 * MQTT username → device, cached briefly for the relay. A decommission must take effect quickly:
 * entries live `ttlMs` at most, and a change notification for an owner's sensorDevices (heard by
 * every server process through LISTEN/NOTIFY) drops that owner's entries at once.
 */
import type { ChangeHub } from '../sync/change-hub.ts';
import type { Queryable } from '../../platform/db.ts';
import { findAccount, type DeviceAccount } from './devices.repo.ts';

export interface DeviceDirectory {
  /** The device behind an MQTT username, or null when no device has that username. */
  lookup(mqttUsername: string): Promise<DeviceAccount | null>;
  stop(): void;
}

interface Entry {
  value: Promise<DeviceAccount | null>;
  expiresAt: number;
  ownerId: string | null;
}

export function createDeviceDirectory(opts: { db: Queryable; changes?: ChangeHub; ttlMs?: number; now?: () => number }): DeviceDirectory {
  const ttl = opts.ttlMs ?? 5_000;
  const now = opts.now ?? (() => Date.now());
  const cache = new Map<string, Entry>();

  const unsubscribe = opts.changes?.subscribeAll({
    onChange(notice) {
      if (notice.collection !== 'sensorDevices') return;
      for (const [username, entry] of cache) {
        // a new device of this owner may reuse a username we cached as unknown: drop those too
        if (entry.ownerId === notice.owner || entry.ownerId === null) cache.delete(username);
      }
    },
    onResync() {
      cache.clear();
    },
  });

  return {
    lookup(mqttUsername) {
      const hit = cache.get(mqttUsername);
      if (hit && hit.expiresAt > now()) return hit.value;
      const entry: Entry = { value: findAccount(opts.db, mqttUsername), expiresAt: now() + ttl, ownerId: null };
      cache.set(mqttUsername, entry);
      entry.value.then(
        (account) => {
          entry.ownerId = account?.ownerId ?? null;
        },
        // a failed lookup is not cached: the next message asks the database again
        () => cache.get(mqttUsername) === entry && cache.delete(mqttUsername),
      );
      if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
      return entry.value;
    },
    stop() {
      unsubscribe?.();
      cache.clear();
    },
  };
}
