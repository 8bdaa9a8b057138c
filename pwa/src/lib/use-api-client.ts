/** The REST client with the signed-in user's token, for TanStack queries of features. */
import { useMemo } from 'react';
import { useAuth } from '../auth/use-auth.ts';
import { createApiClient, type ApiClient } from './api-client.ts';
import { apiBaseUrl } from './env.ts';

export function useApiClient(): ApiClient {
  const { getAccessToken } = useAuth();
  return useMemo(() => createApiClient({ baseUrl: apiBaseUrl(), getAccessToken }), [getAccessToken]);
}
