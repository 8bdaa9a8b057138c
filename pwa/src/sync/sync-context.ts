import { createContext } from 'react';
import { SyncStatusStore } from './status-store.ts';
import type { SyncActions } from './sync-status.types.ts';
import type { SyncEngine } from './sync-engine.ts';

export interface SyncContextValue {
  store: SyncStatusStore;
  actions: SyncActions;
  engine: SyncEngine | null;
}

/** Nobody signed in (or no provider): nothing to sync, nothing pending. */
export function idleSyncContext(): SyncContextValue {
  const store = new SyncStatusStore({ storageKey: 'itercraft.lastSyncedAt.idle' });
  store.updateShared({ connection: 'needs-sign-in' });
  return {
    store,
    engine: null,
    actions: { discardRejected: () => Promise.resolve(), retryNow: () => undefined },
  };
}

export const SyncContext = createContext<SyncContextValue>(idleSyncContext());
