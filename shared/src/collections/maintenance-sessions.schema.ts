import { z } from 'zod/v4';
import { defineCollection } from '../schema-kit/define-collection.ts';
import { epochMs, nullableEpochMs, ref } from './fields.ts';

/**
 * A period of work on a maintenance activity. Times are server time (the PWA stamps them with
 * the measured clock offset). `endedAt = null` means running.
 */
export const maintenanceSessionsCollection = defineCollection({
  name: 'maintenanceSessions',
  version: 0,
  table: 'maintenance_sessions',
  owner: 'user',
  push: 'user',
  indexes: ['startedAt', ['serviceId', 'startedAt']],
  fields: {
    serviceId: ref(),
    startedAt: epochMs(),
    endedAt: nullableEpochMs(),
    /** Whole minutes, truncated; null while running. Recomputed by the server on every write. */
    durationMinutes: z.int().min(0).max(1_000_000).nullable(),
    /** True when the server closed the session at startedAt + 4 h. */
    autoStopped: z.boolean(),
    /** Set when this session was merged into another one (double start on two devices). */
    mergedInto: z.string().max(64).nullable(),
  },
});
export type MaintenanceSession = z.infer<typeof maintenanceSessionsCollection.schema>;
