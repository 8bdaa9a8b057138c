/**
 * Recording and closing sync issues (see sync-issue.schema.ts). Called by the replication's push
 * handler (rejections, lost conflicts, acceptances), by the write helpers (a re-save supersedes a
 * refusal) and by discardIssue (the user gives up a refused change).
 */
import { map, type Observable } from 'rxjs';
import type { RejectedChange } from '../sync/sync-status.types.ts';
import type { AppDatabase, CollectionName } from './collections.ts';
import { describeDocument } from './labels.ts';
import { issueKey, type SyncIssue, type WireDocument } from './sync-issue.schema.ts';

export interface PushedRow {
  newDocumentState: WireDocument;
  assumedMasterState?: WireDocument | null;
}

export const CONFLICT_REASON =
  'Modifié ailleurs entre-temps : la version du serveur a été gardée (votre version reste consultable ici)';

/** A revision above 0 means the server stored the document at least once. */
function serverStateOf(doc: WireDocument | null | undefined): WireDocument | null {
  return doc && doc.rev > 0 ? doc : null;
}

export async function recordRejection(
  db: AppDatabase,
  collection: CollectionName,
  row: PushedRow,
  outcome: { code: string; reason: string },
): Promise<void> {
  const doc = row.newDocumentState;
  const key = issueKey(collection, doc.id);
  const previous = (await db.syncIssues.findOne(key).exec())?.toMutableJSON();
  // After a first refusal RxDB's assumed master is the refused state: keep the server's real one.
  const serverDoc = previous && previous.kind === 'rejected' ? previous.serverDoc : serverStateOf(row.assumedMasterState);
  const issue: SyncIssue = {
    key,
    collectionName: collection,
    docId: doc.id,
    kind: 'rejected',
    status: 'open',
    code: outcome.code.slice(0, 64),
    reason: (outcome.reason || 'Modification refusée par le serveur').slice(0, 2000),
    at: Date.now(),
    label: (await describeDocument(db, collection, doc)).slice(0, 300),
    writeId: doc.writeId,
    localDoc: doc,
    serverDoc,
    restoreDoc: null,
  };
  await db.syncIssues.upsert(issue);
}

export async function recordLostConflict(
  db: AppDatabase,
  collection: CollectionName,
  local: WireDocument,
  master: WireDocument,
): Promise<void> {
  const issue: SyncIssue = {
    key: issueKey(collection, local.id),
    collectionName: collection,
    docId: local.id,
    kind: 'conflict',
    status: 'open',
    code: 'CONFLICT',
    reason: CONFLICT_REASON,
    at: Date.now(),
    label: (await describeDocument(db, collection, master.deleted ? local : master)).slice(0, 300),
    writeId: local.writeId,
    localDoc: local,
    serverDoc: master,
    restoreDoc: null,
  };
  await db.syncIssues.upsert(issue);
}

/** The user saved the document again: its refusal leaves the list (the new save may succeed). */
export async function markResubmitted(db: AppDatabase, collection: CollectionName, docId: string): Promise<void> {
  const issue = await db.syncIssues.findOne(issueKey(collection, docId)).exec();
  if (issue && issue.kind === 'rejected' && issue.status === 'open') {
    await issue.incrementalPatch({ status: 'resubmitted' });
  }
}

/** Accepted writes close the refusals they supersede; conflicts stay until the user dismisses them. */
export async function closeSupersededIssues(db: AppDatabase, collection: CollectionName, accepted: WireDocument[]): Promise<void> {
  if (accepted.length === 0) return;
  const byKey = new Map(accepted.map((d) => [issueKey(collection, d.id), d]));
  const found = await db.syncIssues.findByIds([...byKey.keys()]).exec();
  await Promise.all(
    [...found.values()].map(async (issue) => {
      const doc = byKey.get(issue.key);
      if (issue.kind !== 'rejected' || issue.status === 'discarding') return;
      if (issue.status === 'resubmitted' || issue.writeId !== doc?.writeId) await issue.remove();
    }),
  );
}

export function toRejectedChange(issue: SyncIssue): RejectedChange {
  return {
    key: issue.key,
    collection: issue.collectionName,
    docId: issue.docId,
    code: issue.code,
    reason: issue.reason,
    at: issue.at,
    label: issue.label,
  };
}

/** Open issues, newest first, as the status contract shows them. */
export function openIssues$(db: AppDatabase): Observable<SyncIssue[]> {
  return db.syncIssues
    .find({ selector: { status: 'open' } })
    .$.pipe(map((docs) => docs.map((d) => d.toJSON() as SyncIssue).sort((a, b) => b.at - a.at)));
}

export function rejectedChanges$(db: AppDatabase): Observable<RejectedChange[]> {
  return openIssues$(db).pipe(map((issues) => issues.map(toRejectedChange)));
}
