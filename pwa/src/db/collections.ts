/** Types of the local database: one RxDB collection per shared definition, plus syncIssues. */
import type { RxCollection, RxDatabase } from 'rxdb';
import {
  collections,
  collectionNames,
  type CollectionName,
  type Collections,
} from '@itercraft/shared/collections/index';
import type { DocOf } from '@itercraft/shared/schema-kit/define-collection';
import type { SyncIssue } from './sync-issue.schema.ts';

/** Fields every local replicated document has. */
export interface SyncedFields {
  id: string;
  rev: number;
  updatedAt: number;
  writeId: string | null;
  /** Local-only: server time of the last unacknowledged local write, or null. */
  pendingAt: number | null;
}

/** A document of collection N as stored locally. */
export type LocalDoc<N extends CollectionName> = DocOf<Collections[N]> & { pendingAt: number | null };

export type ReplicatedCollections = { [N in CollectionName]: RxCollection<LocalDoc<N>> };

export type AppCollections = ReplicatedCollections & { syncIssues: RxCollection<SyncIssue> };

export type AppDatabase = RxDatabase<AppCollections>;

/** Collections the user writes (push: 'user'); the others are pull-only. */
export const writableCollectionNames: readonly CollectionName[] = collectionNames.filter(
  (name) => collections[name].push === 'user',
);

export function isWritable(name: CollectionName): boolean {
  return collections[name].push === 'user';
}

export { collections, collectionNames, type CollectionName };
