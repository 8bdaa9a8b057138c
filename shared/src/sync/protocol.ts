/**
 * The replication protocol between the PWA (RxDB) and the sync server.
 *
 * GET  /sync/v1/<collection>/pull?checkpoint=<json>&limit=<n>&schema=<version>
 *        → PullResponse
 * POST /sync/v1/<collection>/push?schema=<version>   body: PushRow[]
 *        → PushResponse (one outcome per row, in order)
 * GET  /sync/v1/stream → text/event-stream of StreamEvent
 *
 * The checkpoint is commit-order safe: `txid` is the PostgreSQL transaction id (xid8) that
 * last wrote the row, and the server only hands out rows whose transaction is older than the
 * oldest transaction still running, so a row committing late can never fall behind a cursor.
 */
import { z } from 'zod/v4';

export const SYNC_PROTOCOL_VERSION = 1;
export const SYNC_BASE_PATH = `/sync/v${SYNC_PROTOCOL_VERSION}`;
export const MAX_PULL_LIMIT = 1000;
export const MAX_PUSH_ROWS = 500;
/** Tombstones are kept at least this long; older checkpoints must resync from scratch. */
export const MIN_TOMBSTONE_RETENTION_MS = 31 * 24 * 3600 * 1000;
/** Response header carrying the server clock (epoch ms) so clients can measure their offset. */
export const SERVER_TIME_HEADER = 'x-server-time';

/** Error codes of the replication protocol, besides the generic ones of errors.ts. */
export const syncErrorCodes = {
  /** Per row: a new document's id is not the one derived from the pushing user and its key (ids.ts). */
  ID_MISMATCH: 'ID_MISMATCH',
  /**
   * 409 on pull/push: the client's collection schema is newer than this server's (a server not yet
   * upgraded, e.g. during a rolling deployment). The client must keep its data and retry later, not
   * reload: reloading would bring the same newer app back.
   */
  SERVER_OUTDATED: 'SERVER_OUTDATED',
} as const;

export const checkpointSchema = z
  .object({
    /** xid8 of the last row handed out, as a decimal string (it can exceed 2^53). */
    txid: z.string().regex(/^\d{1,20}$/),
    id: z.string().max(64),
  })
  .strict();
export type Checkpoint = z.infer<typeof checkpointSchema>;

export function pullResponseSchema<T extends z.ZodType>(doc: T) {
  return z.object({
    documents: z.array(doc),
    checkpoint: checkpointSchema.nullable(),
  });
}
export interface PullResponse<T> {
  documents: T[];
  checkpoint: Checkpoint | null;
}

export function pushRowSchema<T extends z.ZodType>(doc: T) {
  return z.object({
    assumedMasterState: doc.nullable().optional(),
    newDocumentState: doc,
  });
}
export interface PushRow<T> {
  assumedMasterState?: T | null;
  newDocumentState: T;
}

/**
 * Per-row outcome. A rejection (invalid document, forbidden write) is not a conflict: nothing
 * of the row is written, the reason is reported, and the rest of the batch proceeds.
 */
export type PushOutcome<T> =
  | { status: 'accepted'; id: string }
  | { status: 'conflict'; id: string; master: T }
  | { status: 'rejected'; id: string; code: string; reason: string };

export interface PushResponse<T> {
  results: PushOutcome<T>[];
}

export function pushResponseSchema<T extends z.ZodType>(doc: T) {
  return z.object({
    results: z.array(
      z.discriminatedUnion('status', [
        z.object({ status: z.literal('accepted'), id: z.string() }),
        z.object({ status: z.literal('conflict'), id: z.string(), master: doc }),
        z.object({ status: z.literal('rejected'), id: z.string(), code: z.string(), reason: z.string() }),
      ]),
    ),
  });
}

/** Events on the multiplexed stream (SSE `event:` names). */
export const STREAM_EVENTS = {
  /** data: {"collection": name}; something in that collection changed for this user. */
  change: 'change',
  /** data: {}; the client must re-run a checkpoint pull for every collection. */
  resync: 'resync',
  /** data: {"serverTime": ms}; keeps proxies from cutting an idle connection. */
  heartbeat: 'heartbeat',
} as const;

export const streamChangeSchema = z.object({ collection: z.string() });
export const heartbeatSchema = z.object({ serverTime: z.number() });

export function encodeCheckpoint(cp: Checkpoint | null | undefined): string {
  return cp ? JSON.stringify(cp) : '';
}

export function decodeCheckpoint(raw: string | undefined | null): Checkpoint | null {
  if (!raw) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('checkpoint is not JSON');
  }
  return checkpointSchema.parse(parsed);
}
