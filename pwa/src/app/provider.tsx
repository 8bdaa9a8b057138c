/**
 * Providers around the router: TanStack Query (server-only data), auth (OIDC session, works
 * offline), and sync (RxDB replication status). Sync sits inside auth: it needs the access token.
 * Nothing here waits for the local database: protected pages do (ProtectedRoute), the rest renders at once.
 */
import type { ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { AuthProvider } from '../auth/use-auth.ts';
import { queryClient } from '../lib/query-client.ts';
import { SyncProvider } from '../sync/use-sync-status.ts';

export function AppProvider({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <SyncProvider>{children}</SyncProvider>
      </AuthProvider>
    </QueryClientProvider>
  );
}
