/**
 * Live state of the server's circuit breakers (public endpoints, shapes of the original §1.3):
 *   GET /api/resilience/status → { [breaker]: { state, failureRate, slowCallRate, bufferedCalls, … } }
 *   GET /api/resilience/health → { status, services: { [breaker]: HEALTHY|DEGRADED|UNHEALTHY|UNKNOWN } }
 */
import { queryOptions } from '@tanstack/react-query';
import { createApiClient } from '../../lib/api-client.ts';
import { apiBaseUrl } from '../../lib/env.ts';

export interface BreakerStatus {
  state: string;
  /** Percent, or -1 until enough calls were recorded. */
  failureRate: number;
  slowCallRate: number;
  bufferedCalls: number;
  failedCalls: number;
  successfulCalls: number;
  notPermittedCalls: number;
}

export type ResilienceStatus = Record<string, BreakerStatus>;

export interface ResilienceHealth {
  status: string;
  services: Record<string, string>;
}

/** Polling period while online (the original's 5 s). */
export const RESILIENCE_POLL_MS = 5_000;

const NUMBER_FIELDS = ['failureRate', 'slowCallRate', 'bufferedCalls', 'failedCalls', 'successfulCalls', 'notPermittedCalls'] as const;

function isBreakerStatus(value: unknown): value is BreakerStatus {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.state === 'string' && NUMBER_FIELDS.every((f) => typeof record[f] === 'number');
}

/** Keeps the breakers whose entry has the expected shape; anything else is ignored, not guessed. */
export function parseStatus(body: unknown): ResilienceStatus {
  if (typeof body !== 'object' || body === null) throw new Error('Réponse inattendue du serveur');
  const entries = Object.entries(body as Record<string, unknown>);
  return Object.fromEntries(entries.filter((e): e is [string, BreakerStatus] => isBreakerStatus(e[1])));
}

export function parseHealth(body: unknown): ResilienceHealth {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const services = typeof record.services === 'object' && record.services !== null ? record.services : {};
  return {
    status: typeof record.status === 'string' ? record.status : 'UNKNOWN',
    services: Object.fromEntries(Object.entries(services).filter((e): e is [string, string] => typeof e[1] === 'string')),
  };
}

// Public endpoints: no token.
const publicApi = createApiClient({ baseUrl: apiBaseUrl(), getAccessToken: () => Promise.resolve(null) });

export const resilienceQueries = {
  status: () =>
    queryOptions({
      queryKey: ['resilience', 'status'],
      queryFn: async ({ signal }) => parseStatus(await publicApi.get<unknown>('/api/resilience/status', { signal })),
    }),
  health: () =>
    queryOptions({
      queryKey: ['resilience', 'health'],
      queryFn: async ({ signal }) => parseHealth(await publicApi.get<unknown>('/api/resilience/health', { signal })),
    }),
};
