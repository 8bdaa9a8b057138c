/**
 * Collection schema versions on the real routes: a test collection at version 1 (with its own
 * table) next to the shared ones, so an older client (426) and a newer one (409) are both met.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { collections } from '@itercraft/shared/collections/index';
import { defineCollection } from '@itercraft/shared/schema-kit/define-collection';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { pullRaw, pushRaw, usageDoc } from '../../../test/sync-client.ts';
import { sql } from '../../platform/db.ts';
import { syncModule } from './index.ts';

const widgets = defineCollection({
  name: 'testWidgets',
  version: 1,
  table: 'test_widgets',
  owner: 'user',
  push: 'user',
  fields: { label: z.string().min(1).max(50) },
});

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer({
    modules: (deps) => [syncModule(deps, {}, { collections: [...Object.values(collections), widgets] })],
  });
  await server.db.query(sql.unsafe`
    CREATE TABLE test_widgets (
      id varchar(64) PRIMARY KEY, rev integer NOT NULL DEFAULT 0, updated_at bigint NOT NULL DEFAULT 0,
      write_id varchar(64), deleted boolean NOT NULL DEFAULT false, txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
      owner_id varchar(255) NOT NULL, label varchar(50) NOT NULL)`);
  await server.db.query(sql.unsafe`
    CREATE TRIGGER test_widgets_stamp BEFORE INSERT OR UPDATE ON test_widgets FOR EACH ROW EXECUTE FUNCTION sync_stamp()`);
  token = await server.tokenFor('alice');
});
afterAll(() => server.close());

const widget = (id: string, label: string) => ({ id, rev: 0, updatedAt: 0, writeId: `w-${id}`, deleted: false, label });
const stored = async () => server.db.anyFirst(sql.unsafe`SELECT id FROM test_widgets ORDER BY id`);

describe('collection schema version (schema=)', () => {
  it('serves a client at the collection’s version', async () => {
    const pushed = await pushRaw(server.url, token, 'testWidgets', [{ newDocumentState: widget('w-current', 'Courant') }], 1);
    expect(pushed.status).toBe(200);
    expect(pushed.body.results).toEqual([{ status: 'accepted', id: 'w-current' }]);
    const pulled = await pullRaw(server.url, token, 'testWidgets', null, 10, 1);
    expect(pulled.status).toBe(200);
    expect(pulled.body.documents.map((d) => d.label)).toEqual(['Courant']);
  });

  it('answers 426 CLIENT_OUTDATED to an older client, on pull and on push, and writes nothing', async () => {
    const pulled = await pullRaw(server.url, token, 'testWidgets', null, 10, 0);
    expect(pulled.status).toBe(426);
    expect(pulled.body).toMatchObject({ error: { code: 'CLIENT_OUTDATED', message: expect.stringMatching(/mise à jour/) as string } });
    const pushed = await pushRaw(server.url, token, 'testWidgets', [{ newDocumentState: widget('w-old', 'Ancien') }], 0);
    expect(pushed.status).toBe(426);
    expect(pushed.body).toMatchObject({ error: { code: 'CLIENT_OUTDATED' } });
    expect(await stored()).not.toContain('w-old');
  });

  it('answers 409 SERVER_OUTDATED to a client newer than this server (retry later, not reload), and writes nothing', async () => {
    const pulled = await pullRaw(server.url, token, 'testWidgets', null, 10, 2);
    expect(pulled.status).toBe(409);
    expect(pulled.body).toMatchObject({ error: { code: 'SERVER_OUTDATED', message: expect.stringMatching(/serveur/) as string } });
    const pushed = await pushRaw(server.url, token, 'testWidgets', [{ newDocumentState: widget('w-new', 'Nouveau') }], 2);
    expect(pushed.status).toBe(409);
    expect(await stored()).not.toContain('w-new');
    // The same rule holds for the shared collections (all at their own version).
    const usages = await pushRaw(server.url, token, 'usages', [{ newDocumentState: usageDoc('u-future') }], collections.usages.version + 1);
    expect(usages.status).toBe(409);
  });

  it('refuses a request without a schema version with 400', async () => {
    const res = await fetch(`${server.url}/sync/v1/testWidgets/pull?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'VALIDATION' } });
  });
});
