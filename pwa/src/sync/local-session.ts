/**
 * One signed-in user's local data session in the browser: their database (named after their
 * account, so accounts never mix on a shared device), its replication engine and the status
 * store shared with the other tabs. Opening and closing are serialised: React StrictMode (and
 * fast account switches) would otherwise open the same IndexedDB database twice at once.
 */
import { openAppDatabase } from '../db/app-database.ts';
import { databaseNameFor } from '../db/create-database.ts';
import type { AppDatabase } from '../db/collections.ts';
import { apiBaseUrl } from '../lib/env.ts';
import { browserKeyValueStore } from '../lib/kv-store.ts';
import { startSync, type SyncEngine } from './sync-engine.ts';
import { SyncStatusStore } from './status-store.ts';

export interface LocalSession {
  sub: string;
  db: AppDatabase;
  engine: SyncEngine;
  status: SyncStatusStore;
  /** Stops the replication and closes the database (data stays on the device). */
  close(): Promise<void>;
  /** Stops the replication and deletes this user's local data (sign-out). */
  wipe(): Promise<void>;
}

let queue: Promise<unknown> = Promise.resolve();

function serialised<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

export function openLocalSession(sub: string, getAccessToken: () => Promise<string | null>): Promise<LocalSession> {
  return serialised(async () => {
    const name = databaseNameFor(sub);
    const db = await openAppDatabase(sub);
    const status = new SyncStatusStore({
      channelName: `${name}-sync-status`,
      kv: browserKeyValueStore(),
      storageKey: `itercraft.lastSyncedAt.${name}`,
    });
    const engine = startSync({ db, baseUrl: apiBaseUrl(), getAccessToken, status });
    let closed: Promise<void> | null = null;
    const shutdown = (wipe: boolean) =>
      (closed ??= serialised(async () => {
        await engine.stop();
        status.close();
        if (wipe) await db.remove();
        else await db.close();
      }));
    return { sub, db, engine, status, close: () => shutdown(false), wipe: () => shutdown(true) };
  });
}
