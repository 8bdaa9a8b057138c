/** Helpers for the maintenance tests: a user per test, session documents, a REST client with CSRF. */
import type { TestServer } from '../../../test/test-server.ts';
import { pullAll, push, sessionDoc, type Doc, type Row } from '../../../test/sync-client.ts';

export const TONDEUSE = '5e000000-0000-0000-0000-000000000001';
export const PISCINE = '5e000000-0000-0000-0000-000000000002';
export const MIN = 60_000;
export const HOUR = 3600_000;

let counter = 0;

/** A fresh user (its own sessions, so tests never see each other's merges). */
export async function newUser(server: TestServer, name = 'user'): Promise<{ sub: string; token: string }> {
  const sub = `${name}-${process.pid}-${++counter}`;
  return { sub, token: await server.tokenFor(sub) };
}

export function session(id: string, startedAt: number, extra: Partial<Doc> = {}): Doc {
  return sessionDoc(id, startedAt, extra);
}

export async function pushSessions(server: TestServer, token: string, rows: Row[]) {
  return push(server.url, token, 'maintenanceSessions', rows);
}

/** Every session the user can pull (tombstones included), by id. */
export async function sessionsById(server: TestServer, token: string): Promise<Map<string, Doc>> {
  const docs = await pullAll(server.url, token, 'maintenanceSessions');
  return new Map(docs.map((d) => [d.id, d]));
}

export async function liveSessions(server: TestServer, token: string): Promise<Doc[]> {
  return [...(await sessionsById(server, token)).values()].filter((d) => !d.deleted);
}

/** Writes a new version of a stored document, as a device that knows the master would. */
export function edit(master: Doc, patch: Partial<Doc>): Row {
  return { assumedMasterState: master, newDocumentState: { ...master, ...patch, writeId: `w-${Math.random().toString(36).slice(2)}` } };
}

export interface RestResult {
  status: number;
  body: unknown;
}

/** A REST client that does what the PWA does for CSRF: read the XSRF-TOKEN cookie, echo it. */
export async function restClient(server: TestServer, token: string) {
  const first = await fetch(`${server.url}/api/maintenance/activities`, { headers: { authorization: `Bearer ${token}` } });
  await first.text();
  const cookie = /XSRF-TOKEN=([^;]+)/.exec(first.headers.get('set-cookie') ?? '')?.[1];
  if (!cookie) throw new Error('no XSRF-TOKEN cookie');
  return async function call(method: string, path: string, body?: unknown, opts: { csrf?: boolean } = {}): Promise<RestResult> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, cookie: `XSRF-TOKEN=${cookie}` };
    if (opts.csrf !== false) headers['x-xsrf-token'] = cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${server.url}/api/maintenance${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
}
