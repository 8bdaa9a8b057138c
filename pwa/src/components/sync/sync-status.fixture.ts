/** Test data for the shell's sync UI: a status object as the replication layer reports it. */
import type { RejectedChange, SyncActions, SyncStatus } from '../../sync/sync-status.types.ts';

export function syncStatus(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    connection: 'connected',
    syncing: false,
    pendingCount: 0,
    lastSyncedAt: null,
    clockOffsetMs: 0,
    rejected: [],
    lastError: null,
    ...overrides,
  };
}

export function rejectedChange(overrides: Partial<RejectedChange> = {}): RejectedChange {
  return {
    key: 'maintenanceSessions:s1',
    collection: 'maintenanceSessions',
    docId: 's1',
    code: 'stop_before_start',
    reason: 'La fin de la session précède son début.',
    at: Date.UTC(2026, 2, 12, 9, 30),
    label: 'Session Passer la tondeuse du 12/03',
    ...overrides,
  };
}

/** Actions that record their calls, so a test can check what the UI asked for. */
export function recordingActions(): SyncActions & { discarded: string[]; retries: number } {
  const calls = {
    discarded: [] as string[],
    retries: 0,
    discardRejected(key: string) {
      calls.discarded.push(key);
      return Promise.resolve();
    },
    retryNow() {
      calls.retries += 1;
    },
  };
  return calls;
}
