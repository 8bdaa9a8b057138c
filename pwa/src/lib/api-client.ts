/**
 * REST client for the sync server's /api endpoints (not the replication, see pwa/src/sync).
 * Adds the bearer token, sends cookies (`credentials: 'include'`) and the double-submit CSRF
 * header on mutations: the `XSRF-TOKEN` cookie is set by the server on any response, so when it
 * is missing the first mutation is refused with code CSRF; we retry that once, now with the cookie.
 */
import { ApiError, parseErrorResponse } from './api-error.ts';

export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'X-XSRF-TOKEN';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ApiClientOptions {
  baseUrl: string;
  getAccessToken: () => Promise<string | null>;
  fetch?: typeof fetch;
  /** Reads the cookie header of the page (document.cookie); injectable for tests. */
  readCookies?: () => string;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  put<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  patch<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  delete<T>(path: string, options?: RequestOptions): Promise<T>;
}

export function readCookie(cookieHeader: string, name: string): string | null {
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

function documentCookies(): string {
  return typeof document !== 'undefined' ? document.cookie : '';
}

function buildUrl(baseUrl: string, path: string, query?: RequestOptions['query']): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`));
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const readCookies = options.readCookies ?? documentCookies;

  async function send(method: string, path: string, opts: RequestOptions): Promise<Response> {
    const headers = new Headers({ accept: 'application/json' });
    const token = await options.getAccessToken();
    if (token) headers.set('authorization', `Bearer ${token}`);
    if (!SAFE_METHODS.has(method)) {
      const csrf = readCookie(readCookies(), CSRF_COOKIE);
      if (csrf) headers.set(CSRF_HEADER, csrf);
    }
    if (opts.body !== undefined) headers.set('content-type', 'application/json');
    try {
      return await doFetch(buildUrl(options.baseUrl, path, opts.query), {
        method,
        headers,
        credentials: 'include',
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: opts.signal,
      });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw ApiError.network(err);
    }
  }

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const upper = method.toUpperCase();
    let res = await send(upper, path, opts);
    if (!res.ok && res.status === 403 && !SAFE_METHODS.has(upper)) {
      const err = await parseErrorResponse(res.clone());
      // The refusal itself set the cookie: one retry, never a loop.
      if (err.code === 'CSRF') res = await send(upper, path, opts);
    }
    if (!res.ok) throw await parseErrorResponse(res);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    request,
    get: (path, opts) => request('GET', path, opts),
    post: (path, body, opts) => request('POST', path, { ...opts, body }),
    put: (path, body, opts) => request('PUT', path, { ...opts, body }),
    patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
    delete: (path, opts) => request('DELETE', path, opts),
  };
}
