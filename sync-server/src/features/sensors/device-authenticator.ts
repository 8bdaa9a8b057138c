/**
 * Broker login check for devices (the embedded aedes broker calls it on CONNECT): the account
 * must be an active, not deleted device whose password matches the stored `$7$` hash. The backend
 * account is checked by the broker itself and never reaches this function.
 */
import { isDeviceUsername } from '@itercraft/shared/mqtt/topics';
import type { MqttRole } from '@itercraft/shared/mqtt/acl';
import type { Queryable } from '../../platform/db.ts';
import { verifyMosquittoPassword } from './credentials.ts';
import { findActivePasswordHash } from './devices.repo.ts';

export type DeviceAuthenticator = (username: string, password: string) => Promise<MqttRole | null>;

/**
 * @param getDb the pool, late-bound: the broker starts before the database pool exists. While it
 *   does not, logins fail with an error (the broker answers "server unavailable", devices retry).
 */
export function createDeviceAuthenticator(getDb: () => Queryable | null): DeviceAuthenticator {
  return async (username, password) => {
    if (!isDeviceUsername(username)) return null;
    const db = getDb();
    if (!db) throw new Error('device authentication is not ready yet (database starting)');
    const hash = await findActivePasswordHash(db, username);
    if (!hash) return null;
    return (await verifyMosquittoPassword(password, hash)) ? 'device' : null;
  };
}
