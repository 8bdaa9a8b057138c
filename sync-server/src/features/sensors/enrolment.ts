/**
 * Enrolment of a device: the server picks the broker username and password, stores the password
 * only as a Mosquitto `$7$` hash, and hands the clear password back exactly once. The new device
 * document replicates to the user's other clients like any server write.
 */
import { UniqueIntegrityConstraintViolationError } from 'slonik';
import { errorCodes } from '@itercraft/shared/errors';
import { randomId } from '@itercraft/shared/ids';
import type { DatabasePool } from '../../platform/db.ts';
import { conflict } from '../../http/errors.ts';
import { generateDevicePassword, generateMqttUsername, hashMosquittoPassword } from './credentials.ts';
import { insertDevice, type SensorDeviceWire } from './devices.repo.ts';

export interface Enrolment {
  device: SensorDeviceWire;
  username: string;
  password: string;
}

/** The unique constraint an insert violated, or null for any other error. */
function violatedConstraint(err: unknown): string | null {
  return err instanceof UniqueIntegrityConstraintViolationError ? (err.constraint ?? '') : null;
}

export async function enrolDevice(db: DatabasePool, input: { ownerId: string; name: string; intervalSeconds: number; now: number }): Promise<Enrolment> {
  const password = generateDevicePassword();
  const passwordHash = await hashMosquittoPassword(password);
  // A random suffix collides about once in 10^9 enrolments; retry rather than fail.
  for (let attempt = 0; ; attempt++) {
    const username = generateMqttUsername(input.name);
    try {
      const device = await db.transaction((tx) =>
        insertDevice(tx, {
          id: randomId(),
          ownerId: input.ownerId,
          name: input.name,
          mqttUsername: username,
          intervalSeconds: input.intervalSeconds,
          createdAt: input.now,
          passwordHash,
        }),
      );
      return { device, username, password };
    } catch (err) {
      const constraint = violatedConstraint(err);
      if (constraint === 'sensor_devices_owner_name') throw conflict('Un capteur porte déjà ce nom : choisissez-en un autre.', errorCodes.DUPLICATE);
      if (constraint !== null && attempt < 3) continue;
      throw err;
    }
  }
}
