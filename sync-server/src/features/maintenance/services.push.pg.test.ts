import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPrivateActivity } from '@itercraft/shared/maintenance/activity.rules';
import { privateActivityId } from '@itercraft/shared/ids';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { pullAll, push, type Doc } from '../../../test/sync-client.ts';
import { newUser } from './maintenance.test-kit.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const T = Date.UTC(2026, 4, 12);
const activity = (sub: string, label: string, patch: Partial<Doc> = {}): Doc => ({
  ...newPrivateActivity(sub, label, T),
  rev: 0,
  updatedAt: 0,
  writeId: `w-${Math.random().toString(36).slice(2)}`,
  deleted: false,
  ...patch,
});

describe('services push rules (private activities)', () => {
  it('stores a private activity that only its creator sees, next to the three global ones', async () => {
    const alice = await newUser(server, 'alice');
    const bob = await newUser(server, 'bob');
    const doc = activity(alice.sub, 'Jardinage');
    expect(await push(server.url, alice.token, 'services', [{ newDocumentState: doc }])).toEqual([{ status: 'accepted', id: doc.id }]);
    const mine = (await pullAll(server.url, alice.token, 'services')).map((d) => d.code);
    const theirs = (await pullAll(server.url, bob.token, 'services')).map((d) => d.code);
    expect(mine).toEqual(expect.arrayContaining(['tondeuse', 'piscine', 'karcher', 'jardinage']));
    expect(theirs).not.toContain('jardinage');
    expect(theirs).toEqual(expect.arrayContaining(['tondeuse', 'piscine', 'karcher']));
  });

  it('converges when two offline devices create the same label', async () => {
    const u = await newUser(server);
    const phone = activity(u.sub, 'Tailler la haie');
    const laptop = activity(u.sub, 'TAILLER LA HAIE', { createdAt: T + 1000 });
    expect(phone.id).toBe(laptop.id);
    await push(server.url, u.token, 'services', [{ newDocumentState: phone }]);
    expect(await push(server.url, u.token, 'services', [{ newDocumentState: laptop }])).toEqual([{ status: 'accepted', id: phone.id }]);
    const mine = (await pullAll(server.url, u.token, 'services')).filter((d) => d.code === 'tailler_la_haie');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ label: 'Tailler la haie', createdAt: T, scope: 'private' });
  });

  it('reports a stale edit of an activity as a conflict instead of silently dropping it', async () => {
    const u = await newUser(server);
    const doc = activity(u.sub, 'Arroser', { description: null });
    await push(server.url, u.token, 'services', [{ newDocumentState: doc }]);
    const v1 = (await pullAll(server.url, u.token, 'services')).find((d) => d.id === doc.id)!;
    const edit = { ...v1, description: 'Le potager', writeId: 'w-edit-a' };
    expect(await push(server.url, u.token, 'services', [{ assumedMasterState: v1, newDocumentState: edit }])).toEqual([{ status: 'accepted', id: doc.id }]);
    const stale = { ...v1, description: 'Les fleurs', writeId: 'w-edit-b' };
    const [r] = await push(server.url, u.token, 'services', [{ assumedMasterState: v1, newDocumentState: stale }]);
    expect(r).toMatchObject({ status: 'conflict', master: { description: 'Le potager' } });
  });

  it.each([
    ['a code used by a global activity', (sub: string) => activity(sub, 'Tondeuse'), 'DUPLICATE', 'Une activité avec ce nom existe déjà'],
    ['a label without letters or digits', (sub: string) => activity(sub, 'Jardin', { label: '?!' }), 'LABEL_NO_ALNUM', "Le nom de l'activité doit contenir au moins une lettre ou un chiffre"],
    ['a code that is not derived from the label', (sub: string) => activity(sub, 'Jardin', { code: 'potager' }), 'CODE_MISMATCH', "Le code de l'activité ne correspond pas à son nom"],
    ['an id that is not derived from user and code', (sub: string) => activity(sub, 'Jardin', { id: 'x-1' }), 'ID_MISMATCH', "L'identifiant de l'activité ne correspond pas à son nom"],
    ['a global activity', (sub: string) => activity(sub, 'Jardin', { scope: 'global' }), 'INVALID_SCOPE', 'Seules les activités personnelles peuvent être créées'],
  ])('rejects %s with a French reason', async (_name, make, code, reason) => {
    const u = await newUser(server);
    const doc = make(u.sub);
    expect(await push(server.url, u.token, 'services', [{ newDocumentState: doc }])).toEqual([{ status: 'rejected', id: doc.id, code, reason }]);
  });

  it('rejects a blank label (schema validation) and a write to a global activity (read-only)', async () => {
    const u = await newUser(server);
    const blank = activity(u.sub, 'x', { label: '   ', code: '' });
    const [r1] = await push(server.url, u.token, 'services', [{ newDocumentState: blank }]);
    expect(r1).toMatchObject({ status: 'rejected', code: 'VALIDATION' });
    const global = (await pullAll(server.url, u.token, 'services')).find((d) => d.code === 'tondeuse')!;
    const [r2] = await push(server.url, u.token, 'services', [{ assumedMasterState: global, newDocumentState: { ...global, label: 'Tondre' } }]);
    expect(r2).toMatchObject({ status: 'rejected', code: 'READ_ONLY' });
  });

  it('keeps different users apart: the same label gives each user their own activity', async () => {
    const a = await newUser(server);
    const b = await newUser(server);
    for (const u of [a, b]) {
      const [r] = await push(server.url, u.token, 'services', [{ newDocumentState: activity(u.sub, 'Potager') }]);
      expect(r?.status).toBe('accepted');
    }
    expect(privateActivityId(a.sub, 'potager')).not.toBe(privateActivityId(b.sub, 'potager'));
  });
});
