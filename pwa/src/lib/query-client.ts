/**
 * TanStack Query is for server-only data (weather suggestions, AI answers, server aggregates);
 * the user's own data is read from RxDB with useRxQuery, never through this cache.
 *
 * networkMode: 'online' (the default, stated on purpose). Offline, a query does not fire and does
 * not fail: it is `paused` (fetchStatus === 'paused') and keeps its last data, so a screen can say
 * "Hors ligne : dernier résultat du …" instead of spinning or showing an error, and it refetches
 * by itself when the browser is back online. Mutations also pause offline: these endpoints are
 * online-only by nature and must not be replayed hours later without the user knowing.
 * A queryFn that reads RxDB must opt in with `networkMode: 'always'` (conventions B4).
 */
import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './api-error.ts';

const MAX_RETRIES = 2;

/** Retries network and server errors only: a 4xx will not get better by asking again. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  if (isApiError(error)) return error.kind === 'network' || error.kind === 'server';
  return true;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        networkMode: 'online',
        staleTime: 60_000,
        // Keep the last answer for a day so it stays readable while offline.
        gcTime: 24 * 3600_000,
        retry: shouldRetry,
        refetchOnWindowFocus: false,
      },
      mutations: {
        networkMode: 'online',
        retry: false,
      },
    },
  });
}

export const queryClient = createQueryClient();
