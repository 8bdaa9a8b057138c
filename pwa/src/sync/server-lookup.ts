/**
 * The server's current version of one document, found by pulling the collection from the start
 * (the protocol has no "get by id"; a user's collections are small and this runs only when the
 * user discards a refused change). Stops at the first page that holds the document.
 */
import { MAX_PULL_LIMIT, type Checkpoint } from '@itercraft/shared/sync/protocol';
import { collections, type CollectionName } from '../db/collections.ts';
import type { ServerDocLookup } from '../db/discard.ts';
import type { WireDocument } from '../db/sync-issue.schema.ts';
import type { SyncTransport } from './transport.ts';

export function serverDocLookup(transport: SyncTransport): ServerDocLookup {
  return async (name: CollectionName, id: string): Promise<WireDocument | null | undefined> => {
    let checkpoint: Checkpoint | null = null;
    try {
      for (;;) {
        const page = await transport.pull(name, checkpoint, MAX_PULL_LIMIT, collections[name].version, { observe: false });
        const found = page.documents.find((d) => d.id === id);
        if (found) return found;
        if (page.documents.length < MAX_PULL_LIMIT || !page.checkpoint) return null;
        checkpoint = page.checkpoint;
      }
    } catch {
      return undefined;
    }
  };
}
