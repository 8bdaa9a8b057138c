/**
 * Modifiers between the local documents and the wire (see db/rx-schema.ts for `pendingAt`).
 * Both return NEW objects: RxDB keeps the object it passes to the push modifier as the assumed
 * master state of the document, which must keep its `pendingAt` (the downstream compares it with
 * the local state to decide whether the server's version may overwrite it).
 */
import type { WithDeleted } from 'rxdb';
import type { SyncedFields } from '../db/collections.ts';

type Doc = WithDeleted<SyncedFields>;

/** Local → server: the local-only marker never leaves the device. */
export function pushModifier(doc: Doc): Promise<Doc> {
  const { pendingAt: _pendingAt, ...rest } = doc;
  void _pendingAt;
  return Promise.resolve(rest as Doc);
}

/** Server → local: a document that comes from the server is, by definition, not pending. */
export function pullModifier(doc: Doc): Promise<Doc> {
  return Promise.resolve({ ...doc, pendingAt: null });
}
