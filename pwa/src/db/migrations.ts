/**
 * RxDB migration strategies of the replicated collections: one function per version step, keyed
 * by the version it produces. A collection's shared definition bumps its version whenever its
 * shape changes (shared/src/schema-kit/define-collection.test.ts enforces it); the matching step
 * goes here. Local documents keep their content; fields the server owns start empty and fill in
 * with the next pull of a changed row.
 */
import type { MigrationStrategies } from 'rxdb';
import type { CollectionName } from './collections.ts';

type Doc = Record<string, unknown>;

export const migrationStrategies: Partial<Record<CollectionName, MigrationStrategies>> = {
  sensorDevices: {
    // 1: the board's online/offline status (written by the server's relay)
    1: (doc: Doc) => ({ ...doc, connectionStatus: null, connectionChangedAt: null }),
  },
};
