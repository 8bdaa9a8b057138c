/**
 * HTTP side of the replication protocol (shared/src/sync/protocol.ts): pull, push and the stream.
 * Adds the bearer token, measures the clock offset from `x-server-time` on every response, maps
 * failures to ApiError kinds and tells an observer when requests start and end (the status store
 * shows "syncing" from that). `fetch` and the token source are injected, so tests and benchmarks
 * can run several clients in one process.
 */
import {
  SERVER_TIME_HEADER,
  SYNC_BASE_PATH,
  encodeCheckpoint,
  type Checkpoint,
  type PullResponse,
  type PushOutcome,
  type PushRow,
} from '@itercraft/shared/sync/protocol';
import { ApiError, parseErrorResponse } from '../lib/api-error.ts';
import { parseServerTimeHeader, type ServerClock } from '../lib/server-clock.ts';
import type { WireDocument } from '../db/sync-issue.schema.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface TransportObserver {
  requestStarted(): void;
  requestSucceeded(): void;
  requestFailed(error: ApiError): void;
}

export interface SyncTransportOptions {
  baseUrl: string;
  getAccessToken: () => Promise<string | null>;
  clock: ServerClock;
  fetch?: FetchLike;
  observer?: TransportObserver;
}

export function isCheckpointExpired(err: unknown): boolean {
  return err instanceof ApiError && (err.code === 'CHECKPOINT_EXPIRED' || err.status === 410);
}

function isWireDocument(value: unknown): value is WireDocument {
  const d = value as Partial<WireDocument> | null;
  return typeof d === 'object' && d !== null && typeof d.id === 'string' && typeof d.rev === 'number' && typeof d.deleted === 'boolean';
}

function badResponse(what: string): ApiError {
  return new ApiError('server', 200, 'BAD_RESPONSE', `Réponse du serveur illisible (${what})`);
}

export class SyncTransport {
  private readonly doFetch: FetchLike;
  /** The token the server refused last (401), so a fresh one can be told apart from it. */
  lastRefusedToken: string | null = null;

  constructor(private readonly options: SyncTransportOptions) {
    this.doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  get baseUrl(): string {
    return this.options.baseUrl.replace(/\/+$/, '');
  }

  private url(path: string, query: Record<string, string | number> = {}): string {
    const url = new URL(`${this.baseUrl}${SYNC_BASE_PATH}/${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    return url.toString();
  }

  /** Sends a request; resolves with an OK response or throws an ApiError. */
  private async send(url: string, init: RequestInit, observe = true): Promise<Response> {
    const observer = observe ? this.options.observer : undefined;
    observer?.requestStarted();
    try {
      const res = await this.sendUnobserved(url, init);
      observer?.requestSucceeded();
      return res;
    } catch (err) {
      const error = err instanceof ApiError ? err : ApiError.network(err);
      observer?.requestFailed(error);
      throw error;
    }
  }

  private async sendUnobserved(url: string, init: RequestInit): Promise<Response> {
    const token = await this.options.getAccessToken();
    if (!token) throw new ApiError('unauthorized', 401, 'UNAUTHORIZED', 'Connectez-vous pour synchroniser');
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    headers.set('accept', init.method === 'GET' && url.endsWith('/stream') ? 'text/event-stream' : 'application/json');
    const sentAt = Date.now();
    let res: Response;
    try {
      res = await this.doFetch(url, { ...init, headers, cache: 'no-store' });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw ApiError.network(err);
    }
    const serverTime = parseServerTimeHeader(res.headers.get(SERVER_TIME_HEADER));
    if (serverTime !== null) this.options.clock.record({ sentAt, receivedAt: Date.now(), serverTime });
    if (!res.ok) {
      const error = await parseErrorResponse(res);
      if (error.kind === 'unauthorized') this.lastRefusedToken = token;
      throw error;
    }
    return res;
  }

  private async json(res: Response): Promise<unknown> {
    try {
      return (await res.json()) as unknown;
    } catch {
      throw badResponse('JSON');
    }
  }

  async pull(
    collection: string,
    checkpoint: Checkpoint | null,
    limit: number,
    schemaVersion: number,
    options: { observe?: boolean } = {},
  ): Promise<PullResponse<WireDocument>> {
    const url = this.url(`${collection}/pull`, { checkpoint: encodeCheckpoint(checkpoint), limit, schema: schemaVersion });
    const res = await this.send(url, { method: 'GET' }, options.observe ?? true);
    const body = (await this.json(res)) as Partial<PullResponse<unknown>> | null;
    if (!body || !Array.isArray(body.documents) || !body.documents.every(isWireDocument)) throw badResponse('pull');
    return { documents: body.documents, checkpoint: body.checkpoint ?? null };
  }

  async push(collection: string, rows: PushRow<WireDocument>[], schemaVersion: number): Promise<PushOutcome<WireDocument>[]> {
    const res = await this.send(this.url(`${collection}/push`, { schema: schemaVersion }), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(rows),
    });
    const body = (await this.json(res)) as { results?: unknown } | null;
    if (!body || !Array.isArray(body.results) || body.results.length !== rows.length) throw badResponse('push');
    return body.results as PushOutcome<WireDocument>[];
  }

  /** Opens the change stream; the caller reads `res.body`. */
  openStream(signal: AbortSignal): Promise<Response> {
    return this.send(this.url('stream'), { method: 'GET', signal }, false);
  }
}
