/**
 * Post-commit change fan-out. Every replicated table's trigger calls pg_notify, which
 * PostgreSQL delivers only after commit and to every listening server process, so N stateless
 * servers behind a load balancer all hear every change. A dropped LISTEN connection may have
 * missed notifications, so on reconnect every client is told to resync.
 *
 * A notification arrives right after its transaction commits, but pulls only hand out rows below the
 * oldest in-progress transaction (see pull.ts). A hint delivered before that watermark passes would
 * make the client pull nothing and then wait for the next change, so each hint is held until the
 * watermark is above the writing transaction's id (polled by one query per process while hints wait).
 */
import pg from 'pg';
import type { Logger } from '../../platform/logger.ts';

export const SYNC_CHANNEL = 'itercraft_sync';

export interface ChangeNotice {
  collection: string;
  /** Owner of the changed rows; null for global rows (every user hears about them). */
  owner: string | null;
}

export interface ChangeListener {
  onChange(notice: ChangeNotice): void;
  onResync(): void;
}

export interface ChangeHub {
  /** Registers a listener for one user's changes (and all global ones). Returns the unsubscribe function. */
  subscribe(userId: string, listener: ChangeListener): () => void;
  /** Listeners for every change of every user (used by server-side consumers and tests). */
  subscribeAll(listener: ChangeListener): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly clientCount: number;
}

export function createChangeHub(databaseUrl: string, logger: Logger): ChangeHub {
  const byUser = new Map<string, Set<ChangeListener>>();
  const everyone = new Set<ChangeListener>();
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  let attempt = 0;
  let count = 0;

  const each = (fn: (l: ChangeListener) => void) => {
    for (const set of byUser.values()) for (const l of set) fn(l);
    for (const l of everyone) fn(l);
  };

  const held: { txid: bigint; notice: ChangeNotice }[] = [];
  let pollTimer: NodeJS.Timeout | null = null;
  let polling = false;
  let pollDelay = 5;

  const pollWatermark = async () => {
    pollTimer = null;
    if (polling || !client || held.length === 0) return;
    polling = true;
    try {
      const { rows } = await client.query<{ w: string }>('SELECT sync_watermark()::text AS w');
      const watermark = BigInt(rows[0]!.w);
      const ready = held.filter((h) => h.txid < watermark);
      if (ready.length > 0) {
        held.splice(0, held.length, ...held.filter((h) => h.txid >= watermark));
        pollDelay = 5;
        for (const h of ready) deliver(h.notice);
      } else {
        pollDelay = Math.min(100, pollDelay * 2);
      }
    } catch (err) {
      logger.warn({ err }, 'sync watermark poll failed');
    } finally {
      polling = false;
      if (held.length > 0 && !pollTimer) pollTimer = setTimeout(() => void pollWatermark(), pollDelay);
    }
  };

  const dispatch = (payload: string | undefined) => {
    let notice: ChangeNotice;
    let txid: bigint | null = null;
    try {
      const raw = JSON.parse(payload ?? '') as { c?: unknown; o?: unknown; t?: unknown };
      if (typeof raw.c !== 'string') return;
      notice = { collection: raw.c, owner: typeof raw.o === 'string' && raw.o !== '' ? raw.o : null };
      if (typeof raw.t === 'string' && /^\d+$/.test(raw.t)) txid = BigInt(raw.t);
    } catch {
      logger.warn({ payload }, 'ignoring malformed sync notification');
      return;
    }
    if (txid === null) {
      deliver(notice);
      return;
    }
    held.push({ txid, notice });
    if (!pollTimer && !polling) {
      pollDelay = 5;
      void pollWatermark();
    }
  };

  function deliver(notice: ChangeNotice) {
    for (const l of everyone) l.onChange(notice);
    if (notice.owner === null) {
      for (const set of byUser.values()) for (const l of set) l.onChange(notice);
    } else {
      const set = byUser.get(notice.owner);
      if (set) for (const l of set) l.onChange(notice);
    }
  }

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: databaseUrl, keepAlive: true });
    c.on('notification', (msg) => dispatch(msg.payload));
    c.on('error', (err) => {
      logger.warn({ err }, 'sync LISTEN connection lost');
      scheduleReconnect();
    });
    c.on('end', () => scheduleReconnect());
    await c.connect();
    await c.query(`LISTEN ${SYNC_CHANNEL}`);
    if (stopped) {
      await c.end();
      return;
    }
    const wasReconnect = attempt > 0 || client !== null;
    client = c;
    attempt = 0;
    if (wasReconnect) each((l) => l.onResync());
  };

  function scheduleReconnect() {
    if (stopped || retry) return;
    const old = client;
    client = null;
    old?.removeAllListeners();
    old?.end().catch(() => undefined);
    const delay = Math.min(30_000, 250 * 2 ** attempt);
    attempt++;
    retry = setTimeout(() => {
      retry = null;
      connect().catch((err: unknown) => {
        logger.warn({ err }, 'sync LISTEN reconnect failed');
        scheduleReconnect();
      });
    }, delay);
  }

  return {
    subscribe(userId, listener) {
      let set = byUser.get(userId);
      if (!set) byUser.set(userId, (set = new Set()));
      set.add(listener);
      count++;
      return () => {
        if (set.delete(listener)) count--;
        if (set.size === 0) byUser.delete(userId);
      };
    },
    subscribeAll(listener) {
      everyone.add(listener);
      return () => void everyone.delete(listener);
    },
    async start() {
      stopped = false;
      await connect();
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      if (pollTimer) clearTimeout(pollTimer);
      held.length = 0;
      const c = client;
      client = null;
      c?.removeAllListeners();
      await c?.end().catch(() => undefined);
    },
    get clientCount() {
      return count;
    },
  };
}
