/** Public entry of the sync layer for the UI shell and features. */
import { useContext, useMemo, useSyncExternalStore } from 'react';
import { SyncContext } from './sync-context.ts';
import type { SyncEngine } from './sync-engine.ts';
import type { SyncActions, SyncStatus } from './sync-status.types.ts';

export { SyncProvider, type SyncProviderProps } from './sync-provider.tsx';
export type { RejectedChange, SyncActions, SyncConnection, SyncStatus } from './sync-status.types.ts';

/** The sync status of this browser (the same in every tab) and the actions on it. */
export function useSyncStatus(): SyncStatus & SyncActions {
  const { store, actions } = useContext(SyncContext);
  const status = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  return useMemo(
    () => ({ ...status, discardRejected: (key: string) => actions.discardRejected(key), retryNow: () => actions.retryNow() }),
    [status, actions],
  );
}

/** The replication engine of the signed-in user (null while nobody is signed in). */
export function useSyncEngine(): SyncEngine | null {
  return useContext(SyncContext).engine;
}
