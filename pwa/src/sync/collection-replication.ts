/**
 * One RxDB replication per collection, against the sync server's pull/push endpoints.
 *
 * Pull: checkpoint iteration; `stream$` only carries 'RESYNC' (the change stream sends hints,
 * never documents). On 410 CHECKPOINT_EXPIRED the collection is pulled again from scratch and,
 * at the end, local documents the server no longer has are removed, unless they hold unsynced
 * local changes. The removals travel as tombstones appended to the last pulled page, so RxDB
 * applies them like any server state: never pushed back, and skipped automatically for
 * documents changed locally meanwhile.
 *
 * Push (user-writable collections only): per-row outcomes. Accepted rows come back through pull
 * (the server bumps rev/updatedAt) and clear `pendingAt`; conflicts return the server's state to
 * RxDB (resolved by db/conflict-handler.ts; what this device loses is kept in a sync issue);
 * rejections are recorded as sync issues and the document stays as the user wrote it.
 */
import type { RxCollection, RxReplicationWriteToMasterRow, WithDeleted } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { Subject } from 'rxjs';
import type { Checkpoint, PushRow } from '@itercraft/shared/sync/protocol';
import { collections, type AppDatabase, type CollectionName, type SyncedFields } from '../db/collections.ts';
import { canonical, resolveConflict } from '../db/conflict.ts';
import { isDiscardEcho } from '../db/discard.ts';
import { issueKey, type WireDocument } from '../db/sync-issue.schema.ts';
import { closeSupersededIssues, recordLostConflict, recordRejection } from '../db/sync-issues.ts';
import { localToWire } from '../db/wire.ts';
import { pullModifier, pushModifier } from './replication-hooks.ts';
import { isCheckpointExpired, type SyncTransport } from './transport.ts';

export const PULL_BATCH_SIZE = 500;
export const PUSH_BATCH_SIZE = 100;

export interface ReplicationContext {
  db: AppDatabase;
  transport: SyncTransport;
  /** Resolves when a request may be sent (backoff); throws when sync is halted (sign-in, outdated). */
  beforeRequest(): Promise<void>;
  /** Pause between RxDB's own retries; the real backoff happens in beforeRequest. */
  retryTimeMs: number;
  identifierPrefix: string;
}

export interface CollectionReplication {
  name: CollectionName;
  state: RxReplicationState<SyncedFields, Checkpoint>;
  /** Tells RxDB to run a checkpoint pull (and to re-check unpushed local writes). */
  resync(): void;
}

type Row = RxReplicationWriteToMasterRow<SyncedFields>;
type Doc = WithDeleted<SyncedFields>;

function asWire(doc: unknown): WireDocument {
  return doc as WireDocument;
}

function createPullHandler(ctx: ReplicationContext, name: CollectionName) {
  const def = collections[name];
  const collection = ctx.db[name] as unknown as RxCollection<SyncedFields>;
  // Ids seen during a full resync; null when not resyncing.
  let resync: Set<string> | null = null;

  async function staleTombstones(seen: Set<string>): Promise<WireDocument[]> {
    const local = await collection.find().exec();
    return local
      .filter((doc) => !seen.has(doc.id) && doc.pendingAt === null)
      .map((doc) => ({ ...localToWire(doc.toJSON()), deleted: true }));
  }

  return async (checkpoint: Checkpoint | undefined, batchSize: number) => {
    await ctx.beforeRequest();
    let page;
    try {
      page = await ctx.transport.pull(name, checkpoint ?? null, batchSize, def.version);
    } catch (err) {
      if (!isCheckpointExpired(err)) throw err;
      resync = new Set();
      page = await ctx.transport.pull(name, null, batchSize, def.version);
    }
    let documents = page.documents;
    if (resync) {
      for (const doc of documents) resync.add(doc.id);
      if (documents.length < batchSize) {
        documents = [...documents, ...(await staleTombstones(resync))];
        resync = null;
      }
    }
    return { documents: documents as unknown as Doc[], checkpoint: page.checkpoint ?? checkpoint };
  };
}

async function handleOutcomes(ctx: ReplicationContext, name: CollectionName, rows: Row[], outcomes: Awaited<ReturnType<SyncTransport['push']>>) {
  const conflicts: Doc[] = [];
  const accepted: WireDocument[] = [];
  for (const [i, outcome] of outcomes.entries()) {
    const row = rows[i]!;
    const local = asWire(row.newDocumentState);
    const assumed = row.assumedMasterState ? asWire(row.assumedMasterState) : null;
    if (outcome.status === 'accepted') accepted.push(local);
    else if (outcome.status === 'rejected') {
      await recordRejection(ctx.db, name, { newDocumentState: local, assumedMasterState: assumed }, outcome);
    } else {
      const master = outcome.master;
      const resolution = resolveConflict(canonical(local), assumed ? canonical(assumed) : null, canonical(master));
      if (resolution.kind === 'server' && resolution.lost) await recordLostConflict(ctx.db, name, local, master);
      // The pull modifier does not run on conflicts: give RxDB the master in local form.
      conflicts.push({ ...master, pendingAt: null } as unknown as Doc);
    }
  }
  await closeSupersededIssues(ctx.db, name, accepted);
  return conflicts;
}

/**
 * `onAccepted` runs after a push the server accepted rows of: the server's re-stamped versions
 * must come back to clear `pendingAt`, and waiting for the stream's hint would tie that to a live
 * stream (after a network cut the stream may still be reconnecting when the push goes through).
 */
function createPushHandler(ctx: ReplicationContext, name: CollectionName, onAccepted: () => void) {
  const def = collections[name];
  return async (rows: Row[]): Promise<Doc[]> => {
    const keys = rows.map((r) => issueKey(name, r.newDocumentState.id));
    const issues = await ctx.db.syncIssues.findByIds(keys).exec();
    const toSend: Row[] = [];
    for (const row of rows) {
      const issue = issues.get(issueKey(name, row.newDocumentState.id));
      // The local write of a discard is the server's own state (or a never-stored deletion): skip it.
      if (isDiscardEcho(issue?.toJSON(), asWire(row.newDocumentState))) await issue!.remove();
      else toSend.push(row);
    }
    if (toSend.length === 0) return [];
    await ctx.beforeRequest();
    const outcomes = await ctx.transport.push(name, toSend as unknown as PushRow<WireDocument>[], def.version);
    const conflicts = await handleOutcomes(ctx, name, toSend, outcomes);
    if (outcomes.some((o) => o.status === 'accepted')) onAccepted();
    return conflicts;
  };
}

export function replicateCollection(ctx: ReplicationContext, name: CollectionName): CollectionReplication {
  const def = collections[name];
  const stream$ = new Subject<'RESYNC'>();
  const state = replicateRxCollection<SyncedFields, Checkpoint>({
    collection: ctx.db[name],
    replicationIdentifier: `${ctx.identifierPrefix}${name}`,
    deletedField: 'deleted',
    live: true,
    retryTime: ctx.retryTimeMs,
    waitForLeadership: true,
    autoStart: true,
    // RxDB would start replications of non-leader tabs when they become visible: not wanted.
    toggleOnDocumentVisible: false,
    pull: { batchSize: PULL_BATCH_SIZE, handler: createPullHandler(ctx, name), modifier: pullModifier, stream$: stream$.asObservable() },
    push:
      def.push === 'user'
        ? { batchSize: PUSH_BATCH_SIZE, handler: createPushHandler(ctx, name, () => stream$.next('RESYNC')), modifier: pushModifier }
        : undefined,
  });
  return { name, state, resync: () => stream$.next('RESYNC') };
}
