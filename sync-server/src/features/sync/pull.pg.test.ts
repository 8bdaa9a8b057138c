import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checkpoint } from '@itercraft/shared/sync/protocol';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { pull, pullAll, pullRaw, push, usageDoc } from '../../../test/sync-client.ts';
import { sql } from '../../platform/db.ts';
import { purgeTombstones } from './purge.job.ts';

let server: TestServer;
let alice: string;
let bob: string;

beforeAll(async () => {
  server = await startTestServer();
  alice = await server.tokenFor('alice');
  bob = await server.tokenFor('bob');
});
afterAll(() => server.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function insertUsage(client: pg.Client, owner: string, id: string): Promise<void> {
  await client.query(`INSERT INTO usages (id, owner_id, service_id, used_at) VALUES ($1, $2, '5e000000-0000-0000-0000-000000000001', 1)`, [id, owner]);
}

describe('pull', () => {
  it('serves the seeded reference data to every user, page by page without duplicates', async () => {
    const games = await pullAll(server.url, alice, 'games', 7);
    expect(games).toHaveLength(31);
    expect(new Set(games.map((g) => g.id)).size).toBe(31);
    expect(games.find((g) => g.nom === 'Azul')).toMatchObject({ typeCode: 'strategie', joueursMin: 2, joueursMax: 4 });
    expect(await pullAll(server.url, bob, 'gameReferences')).toHaveLength(16);
    const services = await pullAll(server.url, bob, 'services');
    expect(services.map((s) => s.code).sort()).toEqual(['karcher', 'piscine', 'tondeuse']);
  });

  it('never shows one user’s documents to another', async () => {
    await push(server.url, alice, 'usages', [{ newDocumentState: usageDoc('scope-a') }]);
    await push(server.url, bob, 'usages', [{ newDocumentState: usageDoc('scope-b') }]);
    expect((await pullAll(server.url, alice, 'usages')).map((d) => d.id)).toEqual(['scope-a']);
    expect((await pullAll(server.url, bob, 'usages')).map((d) => d.id)).toEqual(['scope-b']);
  });

  it('does not pass a row whose transaction commits after a later one (deterministic interleaving)', async () => {
    const a = new pg.Client({ connectionString: server.databaseUrl });
    const b = new pg.Client({ connectionString: server.databaseUrl });
    await a.connect();
    await b.connect();
    const start = await pull(server.url, alice, 'usages', null, 1000);
    let cp: Checkpoint | null = start.checkpoint;
    await a.query('BEGIN');
    await insertUsage(a, 'alice', 'late-commit');
    await b.query('BEGIN');
    await insertUsage(b, 'alice', 'early-commit');
    await b.query('COMMIT');
    const seen = new Set<string>();
    const mid = await pull(server.url, alice, 'usages', cp, 1000);
    mid.documents.forEach((d) => seen.add(d.id));
    cp = mid.checkpoint;
    await a.query('COMMIT');
    // The watermark is cluster-wide: another database's open transaction can delay (never skip) rows.
    for (let i = 0; i < 100 && seen.size < 2; i++) {
      const end = await pull(server.url, alice, 'usages', cp, 1000);
      end.documents.forEach((d) => seen.add(d.id));
      cp = end.checkpoint;
      if (seen.size < 2) await sleep(50);
    }
    expect([...seen].sort()).toEqual(['early-commit', 'late-commit']);
    await a.end();
    await b.end();
  });

  it('skips 0 rows with 8 concurrent writers committing after random delays (0–500 ms) against a continuous puller', async () => {
    const writers = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const c = new pg.Client({ connectionString: server.databaseUrl });
        await c.connect();
        return c;
      }),
    );
    const written: string[] = [];
    let writing = true;
    const writerRuns = writers.map(async (c, w) => {
      for (let t = 0; t < 6; t++) {
        await c.query('BEGIN');
        const ids = Array.from({ length: 3 }, (_, i) => `cw-${w}-${t}-${i}`);
        for (const id of ids) await insertUsage(c, 'carol', id);
        await sleep(Math.random() * 500);
        await c.query('COMMIT');
        written.push(...ids);
      }
    });
    const carol = await server.tokenFor('carol');
    const pulled: string[] = [];
    let cp: Checkpoint | null = null;
    let drainDeadline = Infinity;
    const puller = (async () => {
      for (;;) {
        const page = await pull(server.url, carol, 'usages', cp, 5);
        pulled.push(...page.documents.map((d) => d.id));
        cp = page.checkpoint;
        // Drain until every committed row arrived; a skipped row never would (the cursor passed it).
        if (!writing && page.documents.length < 5 && (pulled.length >= written.length || Date.now() > drainDeadline)) return;
        if (page.documents.length === 0) await sleep(5);
      }
    })();
    await Promise.all(writerRuns);
    drainDeadline = Date.now() + 10_000;
    writing = false;
    await puller;
    await Promise.all(writers.map((c) => c.end()));
    expect(written).toHaveLength(8 * 6 * 3);
    expect(new Set(pulled).size).toBe(pulled.length);
    expect([...pulled].sort()).toEqual([...written].sort());
  });

  it('forces a full resync (410) for a checkpoint older than the purged tombstones', async () => {
    await push(server.url, alice, 'usages', [{ newDocumentState: usageDoc('old-tomb') }]);
    const old = await pull(server.url, alice, 'usages', null, 1000);
    await server.db.query(sql.unsafe`
      UPDATE usages SET deleted = true WHERE id = 'old-tomb'`);
    await server.db.query(sql.unsafe`
      ALTER TABLE usages DISABLE TRIGGER usages_stamp`);
    await server.db.query(sql.unsafe`
      UPDATE usages SET updated_at = 1000 WHERE id = 'old-tomb'`);
    await server.db.query(sql.unsafe`
      ALTER TABLE usages ENABLE TRIGGER usages_stamp`);
    expect(await purgeTombstones(server.db, 'usages', Date.now() - 31 * 86_400_000)).toBe(1);
    const stale = await pullRaw(server.url, alice, 'usages', old.checkpoint, 100);
    expect(stale.status).toBe(410);
    expect(stale.body).toMatchObject({ error: { code: 'CHECKPOINT_EXPIRED' } });
    const fresh = await pullRaw(server.url, alice, 'usages', null, 1000);
    expect(fresh.status).toBe(200);
    expect(fresh.body.documents.map((d) => d.id)).not.toContain('old-tomb');
  });

  it('hands out a checkpoint even when nothing is in scope, and moves an idle client past purged tombstones', async () => {
    const erin = await server.tokenFor('erin');
    const empty = await pull(server.url, erin, 'myGames', null, 100);
    expect(empty.documents).toEqual([]);
    expect(empty.checkpoint).not.toBeNull();
    await push(server.url, alice, 'usages', [{ newDocumentState: usageDoc('idle-1') }]);
    const later = await pull(server.url, erin, 'myGames', empty.checkpoint, 100);
    expect(BigInt(later.checkpoint!.txid)).toBeGreaterThan(BigInt(empty.checkpoint!.txid));
  });

  it('answers 426 to an outdated client and 400 to a malformed request', async () => {
    const games = await pullRaw(server.url, alice, 'games', null, 10, -1);
    expect(games.status).toBe(400);
    const outdatedPath = await fetch(`${server.url}/sync/v0/games/pull?schema=0`, { headers: { authorization: `Bearer ${alice}` } });
    expect(outdatedPath.status).toBe(426);
    expect(await outdatedPath.json()).toMatchObject({ error: { code: 'CLIENT_OUTDATED' } });
    const badCp = await fetch(`${server.url}/sync/v1/games/pull?schema=0&checkpoint=%7Bnope`, { headers: { authorization: `Bearer ${alice}` } });
    expect(badCp.status).toBe(400);
    const unknown = await fetch(`${server.url}/sync/v1/nothing/pull?schema=0`, { headers: { authorization: `Bearer ${alice}` } });
    expect(unknown.status).toBe(404);
  });

  it('carries the server clock on every response', async () => {
    const r = await pullRaw(server.url, alice, 'games', null, 1);
    expect(Math.abs(Number(r.headers.get('x-server-time')) - Date.now())).toBeLessThan(5000);
  });
});
