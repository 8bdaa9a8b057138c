/**
 * Pending local writes: documents whose `pendingAt` is set, minus those whose current write was
 * refused (an open rejection with the same writeId). Deleted documents count too (a deletion
 * waiting to be pushed is a pending change), which RxQuery cannot see: RxQuery always adds
 * `_deleted: false`, so we query the storage instance directly and re-run on every change of the
 * collection (local writes, other tabs, replication).
 */
import {
  normalizeMangoQuery,
  prepareQuery,
  type RxCollection,
} from 'rxdb';
import { auditTime, combineLatest, distinctUntilChanged, map, startWith, switchMap, type Observable } from 'rxjs';
import type { AppDatabase, CollectionName, SyncedFields } from './collections.ts';
import { writableCollectionNames } from './collections.ts';
import { issueKey, type SyncIssue } from './sync-issue.schema.ts';
import { openIssues$ } from './sync-issues.ts';

export interface PendingDoc {
  collection: CollectionName;
  id: string;
  writeId: string | null;
  pendingAt: number;
  deleted: boolean;
}

/** All documents of one collection (deleted ones included) with a pending write. */
export async function findPendingDocs(collection: RxCollection<SyncedFields>, name: CollectionName): Promise<PendingDoc[]> {
  const schema = collection.schema.jsonSchema;
  const query = normalizeMangoQuery<SyncedFields>(schema, { selector: { pendingAt: { $ne: null } } });
  const result = await collection.storageInstance.query(prepareQuery(schema, query));
  return result.documents
    .filter((d) => typeof d.pendingAt === 'number')
    .map((d) => ({ collection: name, id: d.id, writeId: d.writeId, pendingAt: d.pendingAt as number, deleted: d._deleted }));
}

function collectionPending$(db: AppDatabase, name: CollectionName): Observable<PendingDoc[]> {
  const collection = db[name] as unknown as RxCollection<SyncedFields>;
  return collection.$.pipe(
    // Bulk writes (a pull of 500 documents) emit once per document: query once per burst.
    auditTime(16),
    startWith(null),
    switchMap(() => findPendingDocs(collection, name)),
  );
}

export interface SyncSummary {
  /** Pending documents of every user-writable collection, refused ones excluded. */
  pending: PendingDoc[];
  /** Open sync issues, newest first. */
  issues: SyncIssue[];
}

/** Pending writes and open issues from one emission, so the two figures never disagree. */
export function syncSummary$(db: AppDatabase): Observable<SyncSummary> {
  const perCollection = writableCollectionNames.map((name) => collectionPending$(db, name));
  return combineLatest([combineLatest(perCollection), openIssues$(db)]).pipe(
    map(([lists, issues]) => {
      const refused = new Map(issues.filter((i) => i.kind === 'rejected').map((i) => [i.key, i.writeId]));
      const pending = lists.flat().filter((d) => {
        const key = issueKey(d.collection, d.id);
        return !(refused.has(key) && refused.get(key) === d.writeId);
      });
      return { pending, issues };
    }),
  );
}

export function pendingDocs$(db: AppDatabase): Observable<PendingDoc[]> {
  return syncSummary$(db).pipe(map((s) => s.pending));
}

export function pendingCount$(db: AppDatabase): Observable<number> {
  return pendingDocs$(db).pipe(
    map((docs) => docs.length),
    distinctUntilChanged(),
  );
}
