/**
 * The only way features write replicated documents. Each helper stamps the write in the same
 * RxDB write as the change itself (so the pending marker can never be out of step with the data):
 * - `writeId = randomId()`: the server recognises a retransmitted push by it;
 * - `pendingAt = serverNow()`: the document counts as pending until the server's version comes
 *   back through pull (the pull modifier resets it to null).
 * `rev` and `updatedAt` are the server's: a write keeps the stored values (0 for a new document).
 */
import type { RxCollection, RxDocument } from 'rxdb';
import { randomId } from '@itercraft/shared/ids';
import { isCollectionName } from '@itercraft/shared/collections/index';
import type { AppDatabase, SyncedFields } from './collections.ts';
import { clockOf } from './database-clock.ts';
import { markResubmitted } from './sync-issues.ts';

/** What a feature provides: the document without the fields the sync layer manages. */
export type WriteInput<T extends SyncedFields> = Omit<T, 'rev' | 'updatedAt' | 'writeId' | 'pendingAt'> &
  Partial<Pick<T, 'rev' | 'updatedAt' | 'writeId' | 'pendingAt'>>;

export type DocumentPatch<T extends SyncedFields> = Partial<Omit<T, 'id' | 'rev' | 'updatedAt' | 'writeId' | 'pendingAt'>>;

export class DocumentNotFoundError extends Error {
  override readonly name = 'DocumentNotFoundError';
  constructor(collection: string, id: string) {
    super(`Document introuvable : ${collection}/${id}`);
  }
}

function stamp<T extends SyncedFields>(collection: RxCollection<T>): Pick<SyncedFields, 'writeId' | 'pendingAt'> {
  return { writeId: randomId(), pendingAt: clockOf(collection.database).now() };
}

/** A refusal of this document is superseded by the new save (best effort, never fails the write). */
async function afterWrite<T extends SyncedFields>(collection: RxCollection<T>, id: string): Promise<void> {
  if (!isCollectionName(collection.name)) return;
  try {
    await markResubmitted(collection.database as unknown as AppDatabase, collection.name, id);
  } catch (err) {
    console.warn('sync issue update failed', err);
  }
}

function isConflictError(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === 'CONFLICT';
}

/** Creates or replaces a document (all its fields), as one pending write. */
export async function writeDocument<T extends SyncedFields>(
  collection: RxCollection<T>,
  doc: WriteInput<T>,
): Promise<RxDocument<T>> {
  const build = (current: T | null): T =>
    ({ ...doc, rev: current?.rev ?? 0, updatedAt: current?.updatedAt ?? 0, ...stamp(collection) }) as unknown as T;
  for (;;) {
    const existing = await collection.findOne(doc.id).exec();
    try {
      const written = existing
        ? await existing.incrementalModify((current) => build(current))
        : await collection.insert(build(null));
      await afterWrite(collection, doc.id);
      return written;
    } catch (err) {
      // Another write created the document between findOne and insert: modify it instead.
      if (!existing && isConflictError(err)) continue;
      throw err;
    }
  }
}

/** Changes some fields of an existing document, as one pending write. */
export async function patchDocument<T extends SyncedFields>(
  collection: RxCollection<T>,
  id: string,
  patch: DocumentPatch<T>,
): Promise<RxDocument<T>> {
  const existing = await collection.findOne(id).exec();
  if (!existing) throw new DocumentNotFoundError(collection.name, id);
  const written = await existing.incrementalModify((current) => ({ ...current, ...patch, ...stamp(collection) }));
  await afterWrite(collection, id);
  return written;
}

/** Deletes a document (a tombstone that replicates), as one pending write. */
export async function removeDocument<T extends SyncedFields>(collection: RxCollection<T>, id: string): Promise<void> {
  const existing = await collection.findOne(id).exec();
  if (!existing) return;
  await existing.incrementalModify((current) => {
    const next = { ...current, ...stamp(collection) } as T & { _deleted?: boolean };
    next._deleted = true;
    return next;
  });
  await afterWrite(collection, id);
}
