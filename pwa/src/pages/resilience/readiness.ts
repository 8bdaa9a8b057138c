/**
 * The sync server's readiness, as `GET /readyz` reports it: 200 `{status: "UP", database: "UP"}`,
 * or 503 with the failing part `DOWN`. A part the server does not report (an older server without
 * `mqtt`) is simply absent, never guessed.
 */
import { queryOptions } from '@tanstack/react-query';
import { apiBaseUrl } from '../../lib/env.ts';

export type PartState = 'UP' | 'DOWN' | 'UNKNOWN';

export interface Readiness {
  /** HTTP status of the answer (200 ready, 503 not ready). */
  httpStatus: number;
  status: PartState;
  database: PartState;
  /** Only when the server reports its MQTT relay. */
  mqtt?: PartState;
}

/** Polling period while the page is open and the browser is online. */
export const READINESS_POLL_MS = 15_000;

function part(value: unknown): PartState {
  return value === 'UP' || value === 'DOWN' ? value : 'UNKNOWN';
}

/** Reads a /readyz body; anything that is not an object is an unexpected answer. */
export function parseReadiness(httpStatus: number, body: unknown): Readiness {
  if (typeof body !== 'object' || body === null) throw new Error('Réponse inattendue du serveur');
  const record = body as Record<string, unknown>;
  const readiness: Readiness = { httpStatus, status: part(record.status), database: part(record.database) };
  if ('mqtt' in record) readiness.mqtt = part(record.mqtt);
  return readiness;
}

export async function fetchReadiness(baseUrl: string, signal?: AbortSignal): Promise<Readiness> {
  const res = await fetch(`${baseUrl.replace(/\/+$/, '')}/readyz`, { cache: 'no-store', signal, headers: { accept: 'application/json' } });
  // 503 is an answer too (the server is up but a part of it is not): its body says which.
  if (res.status !== 200 && res.status !== 503) throw new Error(`HTTP ${res.status}`);
  return parseReadiness(res.status, await res.json());
}

export const readinessQuery = () =>
  queryOptions({
    queryKey: ['server', 'readiness'],
    queryFn: ({ signal }) => fetchReadiness(apiBaseUrl(), signal),
    // A readiness answer is only worth its moment: never shown from an older visit as current.
    staleTime: 0,
    retry: false,
  });
