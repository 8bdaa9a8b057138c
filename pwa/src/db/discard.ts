/**
 * Discarding a sync issue. For a conflict the server's version is already in place: the issue is
 * simply closed. For a refused change the document goes back to the server's version, or
 * disappears when the server never had it. That local write must not be pushed (it is the
 * server's own state, or a deletion of something the server never stored): the issue is flagged
 * `discarding` with the exact state written, and the push handler recognises and skips it
 * (see isDiscardEcho), then deletes the issue.
 */
import type { RxCollection, RxDocumentData } from 'rxdb';
import { randomId } from '@itercraft/shared/ids';
import { isCollectionName } from '@itercraft/shared/collections/index';
import type { AppDatabase, CollectionName, SyncedFields } from './collections.ts';
import type { SyncIssue, WireDocument } from './sync-issue.schema.ts';
import { localToWire, wireToLocalFields } from './wire.ts';

/**
 * The server's current version of a document: the document, `null` when the server has none,
 * `undefined` when it could not be asked (offline).
 */
export type ServerDocLookup = (collection: CollectionName, id: string) => Promise<WireDocument | null | undefined>;

type LocalData = RxDocumentData<SyncedFields>;

async function localState(collection: RxCollection<SyncedFields>, id: string): Promise<LocalData | undefined> {
  const [found] = await collection.storageInstance.findDocumentsById([id], true);
  return found;
}

/** Writes `target` as the local state without marking it pending. */
async function writeLocally(collection: RxCollection<SyncedFields>, current: LocalData, target: WireDocument): Promise<void> {
  const fields = wireToLocalFields(target) as unknown as SyncedFields;
  if (current._deleted && !target.deleted) {
    await collection.insert(fields);
    return;
  }
  const doc = await collection.findOne(current.id).exec();
  if (!doc) return;
  await doc.incrementalModify(() => ({ ...fields, _deleted: target.deleted }));
}

/** True when a pushed row is the local echo of a discard (same state as the one restored). */
export function isDiscardEcho(issue: SyncIssue | undefined, pushed: WireDocument): boolean {
  const restore = issue?.status === 'discarding' ? issue.restoreDoc : null;
  return !!restore && restore.writeId === pushed.writeId && restore.rev === pushed.rev && restore.deleted === pushed.deleted;
}

export async function discardIssue(db: AppDatabase, key: string, lookup?: ServerDocLookup): Promise<void> {
  const issueDoc = await db.syncIssues.findOne(key).exec();
  if (!issueDoc) return;
  const issue = issueDoc.toMutableJSON();
  if (issue.kind === 'conflict' || !isCollectionName(issue.collectionName)) {
    await issueDoc.remove();
    return;
  }
  const collection = db[issue.collectionName] as unknown as RxCollection<SyncedFields>;
  const current = await localState(collection, issue.docId);
  // Nothing of the refused write is left locally (re-saved since, or replaced by the server's version).
  if (!current || current.pendingAt === null || current.writeId !== issue.writeId) {
    await issueDoc.remove();
    return;
  }
  const fetched = lookup ? await lookup(issue.collectionName, issue.docId).catch(() => undefined) : undefined;
  const server = fetched === undefined ? issue.serverDoc : fetched;
  if (!server && current._deleted) {
    await issueDoc.remove();
    return;
  }
  const target: WireDocument = server ?? { ...localToWire(current), deleted: true, writeId: randomId() };
  await issueDoc.incrementalPatch({ status: 'discarding', restoreDoc: target });
  await writeLocally(collection, current, target);
}
