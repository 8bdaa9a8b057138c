/**
 * Opens the signed-in user's local database and its replication, and provides the database
 * (useDatabase), the sync status (useSyncStatus) and the engine. Children render at once: while
 * nobody is signed in there is no database and the status says "needs-sign-in"; while the
 * database opens (a few ms) `fallback` is shown instead of the children.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { onSignOut } from '../auth/sign-out-hooks.ts';
import { useAuth } from '../auth/use-auth.ts';
import { DatabaseContext } from '../db/database-context.ts';
import type { LocalSession } from './local-session.ts';
import { idleSyncContext, SyncContext, type SyncContextValue } from './sync-context.ts';

export interface SyncProviderProps {
  children: ReactNode;
  fallback?: ReactNode;
}

export function SyncProvider({ children, fallback = null }: SyncProviderProps) {
  const { user, tokenExpired, getAccessToken } = useAuth();
  const sub = user?.sub ?? null;
  const [session, setSession] = useState<LocalSession | null>(null);
  const [idle] = useState(idleSyncContext);

  useEffect(() => {
    if (!sub) return;
    let current: LocalSession | null = null;
    let cancelled = false;
    // Loaded on demand: RxDB, Dexie and rxjs stay out of the bundle the home page needs first.
    void import('./local-session.ts')
      .then(({ openLocalSession }) => openLocalSession(sub, getAccessToken))
      .then(
      (opened) => {
        if (cancelled) return void opened.close();
        current = opened;
        setSession(opened);
      },
      (err: unknown) => console.error('local database failed to open', err),
    );
    const unregister = onSignOut(async () => {
      await current?.wipe();
    });
    return () => {
      cancelled = true;
      unregister();
      void current?.close();
    };
  }, [sub, getAccessToken]);

  // A refreshed token (tokenExpired back to false) resumes a replication waiting for sign-in.
  const active = session && session.sub === sub ? session : null;
  useEffect(() => {
    if (active && !tokenExpired) active.engine.retryNow();
  }, [active, tokenExpired]);

  const value = useMemo<SyncContextValue>(
    () => (active ? { store: active.status, engine: active.engine, actions: active.engine } : idle),
    [active, idle],
  );
  const opening = sub !== null && !active;
  return (
    <SyncContext.Provider value={value}>
      <DatabaseContext.Provider value={active?.db ?? null}>{opening ? fallback : children}</DatabaseContext.Provider>
    </SyncContext.Provider>
  );
}
