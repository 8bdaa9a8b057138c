/**
 * The only place that creates the local RxDB database (conventions B4): Dexie storage, multi-tab
 * support with leader election (only the leader tab replicates), one collection per shared
 * definition plus the local-only syncIssues collection.
 *
 * Dev-mode and Ajv validation are passed in (`devTools`), never imported here: the app passes
 * them only when Vite builds for development (see app-database.ts), tests pass them always, and
 * the production bundle does not contain them (dev-mode adds a tracking iframe in browsers).
 * This module does not read import.meta.env, so plain Node (benchmarks, worker threads) runs it.
 */
import { addRxPlugin, createRxDatabase, type RxCollectionCreator, type RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { hash128 } from '@itercraft/shared/ids';
import { serverClock, type ServerClock } from '../lib/server-clock.ts';
import { collections, collectionNames, type AppCollections, type AppDatabase } from './collections.ts';
import { createConflictHandler } from './conflict-handler.ts';
import { attachClock } from './database-clock.ts';
import { migrationStrategies } from './migrations.ts';
import { localRxSchema } from './rx-schema.ts';
import { syncIssueSchema } from './sync-issue.schema.ts';

export interface CreateDatabaseOptions {
  /** RxDB database name: lowercase letters, digits, `-` and `_`, starting with a letter. */
  name: string;
  /** Defaults to Dexie on the browser's IndexedDB; Node tests pass fake-indexeddb's. */
  storage?: RxStorage<unknown, unknown>;
  /** Dev-mode + Ajv validation (db/dev-tools.ts): development builds and tests only. */
  devTools?: (storage: RxStorage<unknown, unknown>) => Promise<RxStorage<unknown, unknown>>;
  /** Several tabs share the database and elect one leader. Default true. */
  multiInstance?: boolean;
  /** Clock used to stamp `pendingAt`. Default: the app's serverClock. */
  clock?: ServerClock;
}

addRxPlugin(RxDBLeaderElectionPlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);

function collectionCreators(clock: ServerClock): { [K in keyof AppCollections]: RxCollectionCreator } {
  const now = () => clock.now();
  const replicated = Object.fromEntries(
    collectionNames.map((name) => [
      name,
      {
        schema: localRxSchema(collections[name]),
        conflictHandler: createConflictHandler(now),
        ...(migrationStrategies[name] ? { migrationStrategies: migrationStrategies[name] } : {}),
      } satisfies RxCollectionCreator,
    ]),
  );
  return { ...replicated, syncIssues: { schema: syncIssueSchema } } as { [K in keyof AppCollections]: RxCollectionCreator };
}

export async function createDatabase(options: CreateDatabaseOptions): Promise<AppDatabase> {
  const clock = options.clock ?? serverClock;
  const base = options.storage ?? getRxStorageDexie();
  const storage = options.devTools ? await options.devTools(base) : base;
  const db = await createRxDatabase<AppCollections>({
    name: options.name,
    storage,
    multiInstance: options.multiInstance ?? true,
    eventReduce: true,
  });
  try {
    await db.addCollections(collectionCreators(clock));
  } catch (err) {
    await db.close();
    throw err;
  }
  attachClock(db, clock);
  return db;
}

/** A database name for one user on this device: data of different accounts never mixes. */
export function databaseNameFor(userSub: string): string {
  return `itercraft-${hash128(userSub).slice(0, 16)}`;
}
