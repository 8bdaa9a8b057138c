/**
 * Contract between the replication layer (pwa/src/sync, pwa/src/db) and the UI shell
 * (header indicator, status panel, update prompt, sign-out guard). The replication layer owns
 * the implementation; the shell only reads these shapes.
 */

/** Connection state of the replication (the leader tab's, broadcast to every tab). */
export type SyncConnection =
  | 'connecting'
  | 'connected'
  | 'offline'
  | 'error'
  /** The token expired or was refused: local reads and writes go on, sync waits for sign-in. */
  | 'needs-sign-in';

/** A change the server refused: kept until the user discards it or fixes and re-saves the document. */
export interface RejectedChange {
  /** Stable key `${collection}:${docId}`. */
  key: string;
  collection: string;
  docId: string;
  code: string;
  /** Human-readable reason in French, from the server. */
  reason: string;
  /** Epoch ms when the refusal was received. */
  at: number;
  /** A short French label of the document for the list ("Session Passer la tondeuse du 12/03"). */
  label: string;
}

export interface SyncStatus {
  connection: SyncConnection;
  /** True while a pull or push is in flight. */
  syncing: boolean;
  /** Local writes not yet acknowledged by the server (refused ones excluded). */
  pendingCount: number;
  /** Epoch ms of the last moment every collection was in sync with the server, or null. */
  lastSyncedAt: number | null;
  /** Server clock minus this device's clock, in ms, measured at each sync. */
  clockOffsetMs: number;
  rejected: RejectedChange[];
  /** Last error message worth showing (French), or null. */
  lastError: string | null;
  /**
   * The server refused this build (426 CLIENT_OUTDATED): replication is stopped and the UI should
   * offer to reload ("Nouvelle version requise"). Optional so older consumers keep compiling.
   */
  updateRequired?: boolean;
}

export interface SyncActions {
  /** Drops a refused change: the document goes back to the server's version (or disappears if the server has none). */
  discardRejected: (key: string) => Promise<void>;
  /** Asks the replication to retry now (after sign-in, or from the panel). */
  retryNow: () => void;
}
