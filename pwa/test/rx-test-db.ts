/**
 * Test databases: Dexie on fake-indexeddb (the `pwa` project loads fake-indexeddb/auto; Node
 * callers such as the server project pass their own), dev-mode + Ajv validation on, one leader
 * (multiInstance off), and a clock of their own so several clients can live in one process.
 */
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { RxStorage } from 'rxdb';
import { createDatabase } from '../src/db/create-database.ts';
import { withRxDevTools } from '../src/db/dev-tools.ts';
import type { AppDatabase } from '../src/db/collections.ts';
import { memoryKeyValueStore } from '../src/lib/kv-store.ts';
import { ServerClock } from '../src/lib/server-clock.ts';

let counter = 0;

export interface TestDatabase {
  db: AppDatabase;
  clock: ServerClock;
  /** Closes and deletes the database. */
  destroy(): Promise<void>;
}

export function testStorage(): RxStorage<unknown, unknown> {
  return getRxStorageDexie({ indexedDB, IDBKeyRange });
}

export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const clock = new ServerClock(memoryKeyValueStore());
  const name = `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
  const db = await createDatabase({ name, storage: testStorage(), devTools: withRxDevTools, multiInstance: false, clock });
  return {
    db,
    clock,
    destroy: async () => {
      if (!db.closed) await db.remove();
    },
  };
}
