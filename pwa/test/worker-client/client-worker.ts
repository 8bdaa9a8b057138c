/** Runs one TestClient in this worker and serves the test's requests (see protocol.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import type { RxCollection } from 'rxdb';
import type { SyncedFields } from '../../src/db/collections.ts';
import { patchDocument, removeDocument, writeDocument, type WriteInput } from '../../src/db/write.ts';
import { serverNowOf } from '../../src/features/entretien/entretien-actions.ts';
import { buildView, recentSince, type ServiceDoc, type SessionDoc } from '../../src/features/entretien/entretien-model.ts';
import { startTestClient } from '../sync-test-client.ts';
import type { ClientApi, ClientInit, EntretienFigures, Json, Request, Response } from './protocol.ts';

const init = workerData as ClientInit;
const client = await startTestClient({ baseUrl: init.baseUrl, token: init.token, name: init.name });
const port = parentPort!;

const collection = (name: string) => client.db[name as keyof typeof client.db.collections] as unknown as RxCollection<SyncedFields>;

/** What the Entretien page computes, from the same local queries (use-entretien-data.ts). */
async function entretienView(timeZone: string): Promise<EntretienFigures> {
  const now = serverNowOf(client.db);
  const plain = <T,>(docs: readonly { toJSON(): unknown }[]) => docs.map((d) => d.toJSON() as T);
  const services = plain<ServiceDoc>(await client.db.services.find().exec());
  const recent = plain<SessionDoc>(await client.db.maintenanceSessions.find({ selector: { startedAt: { $gte: recentSince(now, timeZone) } } }).exec());
  const all = plain<SessionDoc>(await client.db.maintenanceSessions.find().exec());
  const view = buildView(services, recent, all, now, timeZone);
  const t = view.totals!;
  return {
    now,
    todayMinutes: t.todayMinutes,
    weekMinutes: t.weekMinutes,
    monthMinutes: t.monthMinutes,
    yearMinutes: t.yearMinutes,
    byActivity: t.byActivity.map((r) => ({ ...r })),
    cards: Object.fromEntries(view.activities.map((a) => [a.service.id, a.todayMinutes])),
  };
}

const api: ClientApi = {
  write: async (name, doc) => (await writeDocument(collection(name), doc as WriteInput<SyncedFields>)).toMutableJSON() as unknown as Json,
  patch: async (name, id, patch) => (await patchDocument(collection(name), id, patch)).toMutableJSON() as unknown as Json,
  remove: (name, id) => removeDocument(collection(name), id),
  get: async (name, id) => ((await collection(name).findOne(id).exec())?.toMutableJSON() as Json | undefined) ?? null,
  liveDocs: (name) => client.liveDocs(name),
  issue: async (key) => ((await client.db.syncIssues.findOne(key).exec())?.toMutableJSON() as Json | undefined) ?? null,
  issueCount: () => client.db.syncIssues.count().exec(),
  status: () => Promise.resolve(client.engine.status.getSnapshot()),
  requests: () => Promise.resolve([...client.requests]),
  responses: () => Promise.resolve([...client.responses]),
  setToken: (token) => {
    client.token = token;
    return Promise.resolve();
  },
  goOffline: () => client.goOffline(),
  goOnline: () => {
    client.goOnline();
    return Promise.resolve();
  },
  discardRejected: (key) => client.engine.discardRejected(key),
  awaitInSync: () => client.engine.awaitInSync(),
  entretienView,
};

port.on('message', (message: Request | 'close') => {
  if (message === 'close') {
    void client.close().then(() => port.close());
    return;
  }
  const method = api[message.method] as (...args: unknown[]) => Promise<unknown>;
  method(...message.args).then(
    (result) => port.postMessage({ id: message.id, result } satisfies Response),
    (err: unknown) => port.postMessage({ id: message.id, error: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies Response),
  );
});
port.postMessage('ready');
