/**
 * Replication rules for the two sensor collections.
 *
 * sensorDevices: a user renames, changes the interval (10 s to a day, what the firmware's command
 * accepts) or decommissions a device through an ordinary replicated write; the rest is the server's
 * (the relay writes `lastSeenAt` and the connection status). The committed interval reaches the
 * board through interval-commands.ts, which hears the change after commit. Enrolment is not a replicated write (the
 * credentials must come from the server): a new document pushed from a client is rejected with a
 * reason. Decommissioning is final and revokes the broker password in the same transaction; a
 * deleted device counts as decommissioned. The server bumps `lastSeenAt` and the connection status, so a user's edit made on
 * a stale revision is merged (user fields from the edit, server fields from the current row)
 * instead of being reported as a conflict.
 *
 * sensorReadings: clients pull hourly rollups and the raw readings of the last 7 days only.
 */
import { sql } from '../../platform/db.ts';
import { RejectError, type CollectionRules, type RulesRegistry, type WireDoc } from '../sync/index.ts';
import { deleteCredentials } from './devices.repo.ts';

/** The raw window clients hold; older raw readings stay on the server (10 days) behind rollups. */
export const CLIENT_RAW_WINDOW_MS = 7 * 24 * 3_600_000;

export const ENROLMENT_REQUIRED = 'ENROLMENT_REQUIRED';
export const DEVICE_DECOMMISSIONED = 'DEVICE_DECOMMISSIONED';
export const INTERVAL_OUT_OF_RANGE = 'INTERVAL_OUT_OF_RANGE';

/** The interval command's bounds (intervalCommandSchema): what a board accepts. */
const INTERVAL_BOUNDS = { min: 10, max: 86_400 };

const USER_FIELDS = ['name', 'intervalSeconds', 'status', 'deleted', 'writeId'] as const;

function isDecommissioned(doc: WireDoc): boolean {
  return doc.status === 'decommissioned' || doc.deleted;
}

export const sensorDevicesRules: CollectionRules = {
  async prepare(doc, ctx) {
    const current = ctx.current;
    if (!current) {
      throw new RejectError(ENROLMENT_REQUIRED, 'Un capteur s’enrôle depuis le tableau de bord, en ligne : le serveur lui attribue ses identifiants.');
    }
    if (isDecommissioned(current) && doc.status === 'active') {
      throw new RejectError(DEVICE_DECOMMISSIONED, 'Un capteur retiré ne peut pas être remis en service : enrôlez-le à nouveau.');
    }
    const interval = doc.intervalSeconds;
    const outOfRange = typeof interval !== 'number' || interval < INTERVAL_BOUNDS.min || interval > INTERVAL_BOUNDS.max;
    if (interval !== current.intervalSeconds && outOfRange) {
      throw new RejectError(INTERVAL_OUT_OF_RANGE, `L’intervalle doit être compris entre ${INTERVAL_BOUNDS.min} et ${INTERVAL_BOUNDS.max} secondes.`);
    }
    const next: WireDoc = {
      ...doc,
      // server-owned fields: whatever the client sent, the stored values stay
      mqttUsername: current.mqttUsername,
      createdAt: current.createdAt,
      lastSeenAt: current.lastSeenAt,
      connectionStatus: current.connectionStatus,
      connectionChangedAt: current.connectionChangedAt,
      status: isDecommissioned(doc) || isDecommissioned(current) ? 'decommissioned' : 'active',
    };
    if (next.status === 'decommissioned' && !isDecommissioned(current)) await deleteCredentials(ctx.tx, current.id);
    return next;
  },
  resolveConflict(incoming, ctx) {
    const merged: Record<string, unknown> = { ...ctx.current };
    for (const field of USER_FIELDS) merged[field] = incoming[field];
    // Decommissioning wins over a concurrent edit made before it.
    if (isDecommissioned(ctx.current)) merged.status = 'decommissioned';
    merged.deleted = ctx.current.deleted || incoming.deleted;
    return merged as WireDoc;
  },
};

export const sensorReadingsRules: CollectionRules = {
  pullFilter: (now) => sql.fragment`(kind = '1h' OR measured_at >= ${now - CLIENT_RAW_WINDOW_MS})`,
};

export const sensorRules: RulesRegistry = {
  sensorDevices: sensorDevicesRules,
  sensorReadings: sensorReadingsRules,
};
