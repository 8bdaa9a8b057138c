/** Minimal protocol client for server tests and benchmarks (the PWA has its own, richer one). */
import { collections, type CollectionName } from '@itercraft/shared/collections/index';
import { encodeCheckpoint, type Checkpoint, type PullResponse, type PushOutcome } from '@itercraft/shared/sync/protocol';

export type Doc = Record<string, unknown> & { id: string };

export interface HttpResult<T> {
  status: number;
  body: T;
  headers: Headers;
}

async function call<T>(url: string, init: RequestInit): Promise<HttpResult<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

export function pullRaw(base: string, token: string, collection: string, cp: Checkpoint | null, limit = 100, schema?: number) {
  const version = schema ?? (collections as Record<string, { version: number }>)[collection]?.version ?? 0;
  const qs = new URLSearchParams({ checkpoint: encodeCheckpoint(cp), limit: String(limit), schema: String(version) });
  return call<PullResponse<Doc>>(`${base}/sync/v1/${collection}/pull?${qs}`, { headers: { authorization: `Bearer ${token}` } });
}

export async function pull(base: string, token: string, collection: CollectionName, cp: Checkpoint | null, limit = 100) {
  const r = await pullRaw(base, token, collection, cp, limit);
  if (r.status !== 200) throw new Error(`pull ${collection} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Pulls every page until the server has nothing more. */
export async function pullAll(base: string, token: string, collection: CollectionName, limit = 500): Promise<Doc[]> {
  const docs: Doc[] = [];
  let cp: Checkpoint | null = null;
  for (;;) {
    const page = await pull(base, token, collection, cp, limit);
    docs.push(...page.documents);
    cp = page.checkpoint;
    if (page.documents.length < limit) return docs;
  }
}

export interface Row {
  assumedMasterState?: Doc | null;
  newDocumentState: Doc;
}

export function pushRaw(base: string, token: string, collection: string, rows: unknown, schema?: number) {
  const version = schema ?? (collections as Record<string, { version: number }>)[collection]?.version ?? 0;
  return call<{ results: PushOutcome<Doc>[] }>(`${base}/sync/v1/${collection}/push?schema=${version}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(rows),
  });
}

export async function push(base: string, token: string, collection: CollectionName, rows: Row[]) {
  const r = await pushRaw(base, token, collection, rows);
  if (r.status !== 200) throw new Error(`push ${collection} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.results;
}

export interface StreamEvent {
  event: string;
  data: unknown;
  at: number;
}

export interface StreamReader {
  events: StreamEvent[];
  /** Resolves with the first event (after `fromIndex`) matching the predicate. */
  next(pred: (e: StreamEvent) => boolean, timeoutMs?: number, fromIndex?: number): Promise<StreamEvent>;
  closed: Promise<void>;
  close(): void;
}

/** Opens the SSE stream with fetch (Node has no EventSource with headers) and parses events. */
export async function openStream(base: string, token: string): Promise<StreamReader> {
  const controller = new AbortController();
  const res = await fetch(`${base}/sync/v1/stream`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  if (res.status !== 200 || !res.body) throw new Error(`stream → ${res.status}`);
  const events: StreamEvent[] = [];
  const waiters = new Set<() => void>();
  const decoder = new TextDecoder();
  let buffer = '';
  const closed = (async () => {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let idx;
        while ((idx = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, idx);
          buffer = buffer.slice(idx + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length === 0) continue;
          events.push({ event, data: JSON.parse(data.join('\n')) as unknown, at: performance.now() });
          for (const w of waiters) w();
        }
      }
    } catch {
      /* aborted or cut off */
    }
    for (const w of waiters) w();
  })();
  return {
    events,
    closed,
    close: () => controller.abort(),
    next(pred, timeoutMs = 5000, fromIndex = 0) {
      return new Promise((resolve, reject) => {
        let done = false;
        const check = () => {
          const found = events.slice(fromIndex).find(pred);
          if (found && !done) {
            done = true;
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          done = true;
          waiters.delete(check);
          reject(new Error(`no matching stream event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.event))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** A new maintenance session document in wire form (handy for protocol tests). */
export function sessionDoc(id: string, startedAt: number, extra: Partial<Doc> = {}): Doc {
  return {
    id,
    rev: 0,
    updatedAt: 0,
    writeId: `w-${id}-${Math.random().toString(36).slice(2)}`,
    deleted: false,
    serviceId: '5e000000-0000-0000-0000-000000000001',
    startedAt,
    endedAt: null,
    durationMinutes: null,
    autoStopped: false,
    mergedInto: null,
    ...extra,
  };
}

/** A usage document (a plain user collection without domain rules). */
export function usageDoc(id: string, usedAt = 1_700_000_000_000, extra: Partial<Doc> = {}): Doc {
  return {
    id,
    rev: 0,
    updatedAt: 0,
    writeId: `w-${id}-${Math.random().toString(36).slice(2)}`,
    deleted: false,
    serviceId: '5e000000-0000-0000-0000-000000000001',
    usedAt,
    ...extra,
  };
}
