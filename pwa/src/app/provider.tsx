/**
 * Providers around the router: TanStack Query (server-only data), auth (OIDC session, works
 * offline), and sync (RxDB replication status). Sync sits inside auth: it needs the access token.
 */
import type { ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { AuthProvider } from '../auth/use-auth.ts';
import { queryClient } from '../lib/query-client.ts';
import { SyncProvider } from '../sync/use-sync-status.ts';

/** Shown for the few ms the signed-in user's local database takes to open. */
function OpeningData() {
  return (
    <p className="app-opening" role="status">
      Ouverture de vos données…
    </p>
  );
}

export function AppProvider({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <SyncProvider fallback={<OpeningData />}>{children}</SyncProvider>
      </AuthProvider>
    </QueryClientProvider>
  );
}
