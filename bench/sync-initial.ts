/**
 * Initial sync: 10,000 documents of about 1 KB (catalogue games with a long description) replicated
 * from the server into a fresh RxDB (Dexie on fake-indexeddb) by the PWA's real sync engine (pull
 * batches of 500, checkpointed, validated). Baseline: one plain SELECT of the same rows, served as
 * JSON over HTTP by a bare node:http handler, then one Dexie bulkPut into fake-indexeddb.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Dexie } from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import pg from 'pg';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createDatabase } from '../pwa/src/db/create-database.ts';
import { startSync } from '../pwa/src/sync/sync-engine.ts';
import { report } from './lib/report.ts';
import type { TestServer } from '../sync-server/test/test-server.ts';

const DOCS = 10_000;

async function seedGames(databaseUrl: string): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  const filler = 'Un jeu de plateau pour toute la famille, avec des règles simples et beaucoup de rebondissements. ';
  await c.query(
    `INSERT INTO games (id, nom, description, type_code, joueurs_min, joueurs_max, age_code, duree_moyenne_minutes, complexite_niveau, image_url)
     SELECT 'bench-' || lpad(g::text, 6, '0'), 'Jeu de test n° ' || g, repeat($1, 9) || g, 'strategie', 2, 4, 'tout_public', 45, 2,
            'https://images.example/jeux/' || g || '.jpg'
     FROM generate_series(1, $2::int) g`,
    [filler, DOCS],
  );
  await c.end();
}

async function baseline(databaseUrl: string): Promise<number> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const http = createServer((_req, res) => {
    pool
      .query('SELECT * FROM games ORDER BY id')
      .then((r) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(r.rows));
      })
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const dexie = new Dexie(`bench-baseline-${Date.now()}`, { indexedDB, IDBKeyRange });
  dexie.version(1).stores({ games: 'id, nom' });
  await dexie.open();
  const t0 = performance.now();
  const rows = (await (await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`)).json()) as { id: string }[];
  await dexie.table('games').bulkPut(rows);
  const seconds = (performance.now() - t0) / 1000;
  if ((await dexie.table('games').count()) < DOCS) throw new Error('baseline did not store every row');
  dexie.close();
  http.close();
  await pool.end();
  return rows.length / seconds;
}

export async function benchInitialSync(server: TestServer): Promise<void> {
  await seedGames(server.databaseUrl);
  const token = await server.tokenFor('bench-initial');
  const db = await createDatabase({
    name: `bench-initial-${Date.now()}`,
    storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
    multiInstance: false,
  });
  const t0 = performance.now();
  const engine = startSync({ db, baseUrl: server.url, getAccessToken: () => Promise.resolve(token), collections: ['games'], stream: false });
  await engine.awaitInSync();
  const seconds = (performance.now() - t0) / 1000;
  const count = await db.games.count().exec();
  await engine.stop();
  await db.close();
  if (count < DOCS) throw new Error(`initial sync stored ${count} games, expected ≥ ${DOCS}`);
  const baselineRate = await baseline(server.databaseUrl);
  report({
    bench: 'sync',
    metric: 'initial_sync_docs_per_s',
    value: count / seconds,
    unit: 'docs/s',
    baseline: baselineRate,
    baselineDesc: 'one plain SELECT → JSON over HTTP (node:http) → one Dexie bulkPut into fake-indexeddb, same rows',
    target: '>= 2000 docs/s',
    notes: `${count} documents of ~1.1 KB into a fresh RxDB (Dexie on fake-indexeddb) through the PWA sync engine, pull batches of 500`,
  });
}
