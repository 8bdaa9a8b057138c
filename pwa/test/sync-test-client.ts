/**
 * A complete PWA data-layer client for Node tests and benchmarks: its own RxDB database (Dexie on
 * fake-indexeddb), its own clock and status, the real replication engine, and a switchable
 * network (its fetch can be cut, as when a device goes offline) and token.
 */
import type { CollectionName } from '@itercraft/shared/collections/index';
import type { AppDatabase } from '../src/db/collections.ts';
import { localToWire } from '../src/db/wire.ts';
import { startSync, type SyncEngine, type SyncEngineOptions } from '../src/sync/sync-engine.ts';
import type { FetchLike } from '../src/sync/transport.ts';
import { createTestDatabase, type TestDatabase } from './rx-test-db.ts';

export interface TestClient {
  db: AppDatabase;
  engine: SyncEngine;
  database: TestDatabase;
  /** When false every request fails like a browser offline (TypeError: fetch failed). */
  online: boolean;
  token: string | null;
  /** Requests sent (URL paths), to check what did or did not reach the server. */
  requests: string[];
  /** `status path?query` of every response received, for diagnostics. */
  responses: string[];
  /** Cuts the network and pauses the replication (a device going offline). */
  goOffline(): Promise<void>;
  goOnline(): void;
  /** Live (non-deleted) documents, as the server would hold them, sorted by id. */
  liveDocs(collection: CollectionName): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export interface TestClientOptions extends Partial<Omit<SyncEngineOptions, 'db' | 'getAccessToken' | 'fetch'>> {
  baseUrl: string;
  token: string | null;
  name?: string;
  /** Changes each request URL before it is sent (e.g. to play an older build of the app). */
  rewriteUrl?: (url: string) => string;
}

export async function startTestClient(options: TestClientOptions): Promise<TestClient> {
  const database = await createTestDatabase(options.name ?? 'client');
  const client = { online: true, token: options.token, requests: [] as string[], responses: [] as string[] };
  const fetchImpl: FetchLike = (input, init) => {
    const url = options.rewriteUrl ? options.rewriteUrl(input) : input;
    client.requests.push(new URL(url).pathname);
    if (!client.online) return Promise.reject(new TypeError('fetch failed'));
    return fetch(url, init).then((res) => {
      client.responses.push(`${res.status} ${new URL(url).pathname}${new URL(url).search}`);
      return res;
    });
  };
  const { rewriteUrl: _rewrite, name: _name, token: _token, ...engineOptions } = options;
  void [_rewrite, _name, _token];
  const engine = startSync({
    backoff: { baseMs: 50, maxMs: 400, jitter: 0 },
    retryTimeMs: 50,
    tokenPollMs: 100,
    ...engineOptions,
    db: database.db,
    fetch: fetchImpl,
    getAccessToken: () => Promise.resolve(client.token),
  });
  return Object.assign(client, {
    db: database.db,
    engine,
    database,
    async goOffline() {
      client.online = false;
      await engine.pause();
    },
    goOnline() {
      client.online = true;
      engine.resume();
    },
    async liveDocs(collection: CollectionName) {
      const docs = await database.db[collection].find({ sort: [{ id: 'asc' }] }).exec();
      return docs.map((d) => {
        const { deleted: _deleted, ...rest } = localToWire(d.toJSON());
        void _deleted;
        return rest;
      });
    },
    async close() {
      await engine.stop();
      await database.destroy();
    },
  });
}

/** Polls until `condition` holds; fails with `message` after the timeout. */
export async function until(condition: () => boolean | Promise<boolean>, message: string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timeout: ${message}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
