/**
 * Opens the signed-in user's local database and its replication, and provides the database
 * (useDatabase), the sync status (useSyncStatus), the engine, and the state of the local data
 * (useLocalData: none / opening / open / failed, with a retry). Children always render: the
 * public pages, the header and the footer never wait for the database, and a database (or its
 * lazy chunk) that cannot be opened is reported to the protected pages instead of hanging the app.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { onSignOut } from '../auth/sign-out-hooks.ts';
import { useAuth } from '../auth/use-auth.ts';
import { DatabaseContext } from '../db/database-context.ts';
import type { LocalSession } from './local-session.ts';
import { SyncStatusStore } from './status-store.ts';
import { idleSyncContext, SyncContext, type SyncContextValue } from './sync-context.ts';

export type LocalDataState =
  /** Nobody is signed in: there is no local database. */
  | { kind: 'none' }
  | { kind: 'opening' }
  | { kind: 'open' }
  | { kind: 'failed'; error: unknown };

export interface LocalData {
  state: LocalDataState;
  /** Tries to open the database again (after a failure). */
  retry: () => void;
}

const LocalDataContext = createContext<LocalData>({ state: { kind: 'none' }, retry: () => undefined });

/** Whether the signed-in user's local data is usable, and how to try again when it is not. */
export function useLocalData(): LocalData {
  return useContext(LocalDataContext);
}

export type OpenLocalSession = (sub: string, getAccessToken: () => Promise<string | null>) => Promise<LocalSession>;

/** Loaded on demand: RxDB, Dexie and rxjs stay out of the bundle the home page needs first. */
const openLazily: OpenLocalSession = async (sub, getAccessToken) => {
  const { openLocalSession } = await import('./local-session.ts');
  return openLocalSession(sub, getAccessToken);
};

export const LOCAL_DATA_FAILED_MESSAGE = 'Vos données locales n’ont pas pu être ouvertes sur cet appareil.';

/**
 * The status shown while a signed-in user has no open database: "connecting" while it opens, an
 * error once it failed (never "needs sign-in": the session is fine, the device storage is not).
 */
function localOnlyContext(failed: boolean): SyncContextValue {
  const base = idleSyncContext();
  const store = new SyncStatusStore({ storageKey: 'itercraft.lastSyncedAt.idle' });
  store.updateShared(failed ? { connection: 'error', lastError: LOCAL_DATA_FAILED_MESSAGE } : { connection: 'connecting' });
  return { ...base, store };
}

export interface SyncProviderProps {
  children: ReactNode;
  /** Injected in tests; by default the lazily loaded RxDB session. */
  open?: OpenLocalSession;
}

export function SyncProvider({ children, open = openLazily }: SyncProviderProps) {
  const { user, tokenExpired, getAccessToken } = useAuth();
  const sub = user?.sub ?? null;
  const [session, setSession] = useState<LocalSession | null>(null);
  const [failure, setFailure] = useState<{ sub: string; attempt: number; error: unknown } | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [idle] = useState(idleSyncContext);
  const [opening] = useState(() => localOnlyContext(false));
  const [failedContext] = useState(() => localOnlyContext(true));

  useEffect(() => {
    if (!sub) return;
    let current: LocalSession | null = null;
    let cancelled = false;
    open(sub, getAccessToken).then(
      (opened) => {
        if (cancelled) return void opened.close();
        current = opened;
        setSession(opened);
      },
      (error: unknown) => {
        console.error('local database failed to open', error);
        if (!cancelled) setFailure({ sub, attempt, error });
      },
    );
    const unregister = onSignOut(async () => {
      await current?.wipe();
    });
    return () => {
      cancelled = true;
      unregister();
      void current?.close();
    };
  }, [sub, getAccessToken, open, attempt]);

  // A refreshed token (tokenExpired back to false) resumes a replication waiting for sign-in.
  const active = session && session.sub === sub ? session : null;
  useEffect(() => {
    if (active && !tokenExpired) active.engine.retryNow();
  }, [active, tokenExpired]);

  const failed = !active && failure !== null && failure.sub === sub && failure.attempt === attempt ? failure : null;
  const state = useMemo<LocalDataState>(() => {
    if (!sub) return { kind: 'none' };
    if (active) return { kind: 'open' };
    return failed ? { kind: 'failed', error: failed.error } : { kind: 'opening' };
  }, [sub, active, failed]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const localData = useMemo<LocalData>(() => ({ state, retry }), [state, retry]);

  const value = useMemo<SyncContextValue>(() => {
    if (active) return { store: active.status, engine: active.engine, actions: active.engine };
    if (!sub) return idle;
    return failed ? failedContext : opening;
  }, [active, sub, failed, idle, opening, failedContext]);

  return (
    <LocalDataContext.Provider value={localData}>
      <SyncContext.Provider value={value}>
        <DatabaseContext.Provider value={active?.db ?? null}>{children}</DatabaseContext.Provider>
      </SyncContext.Provider>
    </LocalDataContext.Provider>
  );
}
