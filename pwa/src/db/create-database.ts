/**
 * The only place that creates the local RxDB database (conventions B4): Dexie storage, multi-tab
 * support with leader election (only the leader tab replicates), one collection per shared
 * definition plus the local-only syncIssues collection.
 *
 * Dev-mode and Ajv validation run only when Vite builds in development (and in tests): dev-mode
 * adds a tracking iframe in browsers and costs performance, so the production bundle must not
 * even contain it. `import.meta.env.DEV` is a compile-time constant, so the dynamic imports below
 * are removed from production builds.
 */
import { addRxPlugin, createRxDatabase, type RxCollectionCreator, type RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { hash128 } from '@itercraft/shared/ids';
import { serverClock, type ServerClock } from '../lib/server-clock.ts';
import { collections, collectionNames, type AppCollections, type AppDatabase } from './collections.ts';
import { createConflictHandler } from './conflict-handler.ts';
import { attachClock } from './database-clock.ts';
import { localRxSchema } from './rx-schema.ts';
import { syncIssueSchema } from './sync-issue.schema.ts';

export interface CreateDatabaseOptions {
  /** RxDB database name: lowercase letters, digits, `-` and `_`, starting with a letter. */
  name: string;
  /** Defaults to Dexie on the browser's IndexedDB; Node tests pass fake-indexeddb's. */
  storage?: RxStorage<unknown, unknown>;
  /** Dev-mode + Ajv validation; only honoured in development builds and tests. Default: on there. */
  dev?: boolean;
  /** Several tabs share the database and elect one leader. Default true. */
  multiInstance?: boolean;
  /** Clock used to stamp `pendingAt`. Default: the app's serverClock. */
  clock?: ServerClock;
}

addRxPlugin(RxDBLeaderElectionPlugin);

let devModeLoaded = false;

async function withDevTools(storage: RxStorage<unknown, unknown>, wanted: boolean): Promise<RxStorage<unknown, unknown>> {
  if (!import.meta.env.DEV) return storage;
  if (wanted && !devModeLoaded) {
    const devMode = await import('rxdb/plugins/dev-mode');
    devMode.disableWarnings();
    addRxPlugin(devMode.RxDBDevModePlugin);
    devModeLoaded = true;
  }
  // Once dev-mode is loaded (it is process-wide) every storage must validate, or RxDB throws DVM1.
  if (!devModeLoaded) return storage;
  const { wrappedValidateAjvStorage } = await import('rxdb/plugins/validate-ajv');
  return wrappedValidateAjvStorage<unknown, unknown>({ storage });
}

function collectionCreators(clock: ServerClock): { [K in keyof AppCollections]: RxCollectionCreator } {
  const now = () => clock.now();
  const replicated = Object.fromEntries(
    collectionNames.map((name) => [
      name,
      { schema: localRxSchema(collections[name]), conflictHandler: createConflictHandler(now) } satisfies RxCollectionCreator,
    ]),
  );
  return { ...replicated, syncIssues: { schema: syncIssueSchema } } as { [K in keyof AppCollections]: RxCollectionCreator };
}

export async function createDatabase(options: CreateDatabaseOptions): Promise<AppDatabase> {
  const clock = options.clock ?? serverClock;
  const storage = await withDevTools(options.storage ?? (getRxStorageDexie()), options.dev ?? true);
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
