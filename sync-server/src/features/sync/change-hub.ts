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
 *
 * Held hints are bounded: a hint only says "pull this collection", so the hints of one (user,
 * collection) collapse into one entry that remembers the oldest and newest writer. It is delivered
 * when the oldest passes the watermark and kept (for the newest) if that one has not. However many
 * writes a long transaction holds back, there is at most one entry per (user, collection); past
 * `maxHeldHints` distinct entries, the rest collapse into one resync for every client.
 */
import pg from 'pg';
import type { Logger } from '../../platform/logger.ts';

export const SYNC_CHANNEL = 'itercraft_sync';
/** application_name of the LISTEN connection, so operators (and tests) can find it in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'itercraft-sync-listener';
const DEFAULT_MAX_HELD_HINTS = 10_000;

export interface ChangeNotice {
  collection: string;
  /** Owner of the changed rows; null for global rows (every user hears about them). */
  owner: string | null;
}

export interface ChangeListener {
  onChange(notice: ChangeNotice): void;
  onResync(): void;
  /** The server is shutting down: end the connection now (the client reconnects, elsewhere). */
  onEnd?(): void;
}

export interface ChangeHub {
  /** Registers a listener for one user's changes (and all global ones). Returns the unsubscribe function. */
  subscribe(userId: string, listener: ChangeListener): () => void;
  /** Listeners for every change of every user (used by server-side consumers and tests). */
  subscribeAll(listener: ChangeListener): () => void;
  start(): Promise<void>;
  /** Shutdown, first step: tells every user listener (stream) to end and marks the hub as ending. */
  endStreams(): void;
  /** True once endStreams() was called: no new stream should open on this process. */
  readonly ending: boolean;
  stop(): Promise<void>;
  readonly clientCount: number;
  /** Hint entries waiting for the watermark (bounded, see above). */
  readonly heldHints: number;
}

export interface ChangeHubOptions {
  /** Distinct (user, collection) entries held at most before collapsing into one resync. */
  maxHeldHints?: number;
}

export function createChangeHub(databaseUrl: string, logger: Logger, opts: ChangeHubOptions = {}): ChangeHub {
  const maxHeld = opts.maxHeldHints ?? DEFAULT_MAX_HELD_HINTS;
  const byUser = new Map<string, Set<ChangeListener>>();
  const everyone = new Set<ChangeListener>();
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  let attempt = 0;
  let count = 0;
  let ending = false;

  const each = (fn: (l: ChangeListener) => void) => {
    for (const set of byUser.values()) for (const l of set) fn(l);
    for (const l of everyone) fn(l);
  };

  /** One entry per (owner, collection): the oldest and newest writer whose hint is not delivered yet. */
  const held = new Map<string, { notice: ChangeNotice; first: bigint; last: bigint }>();
  /** Newest writer of the hints that did not fit in `held`: everyone resyncs once it is visible. */
  let overflow: bigint | null = null;
  let pollTimer: NodeJS.Timeout | null = null;
  let polling = false;
  let pollDelay = 5;
  const waiting = () => held.size > 0 || overflow !== null;

  const hold = (txid: bigint, notice: ChangeNotice) => {
    const key = `${notice.owner ?? ''}\u0000${notice.collection}`;
    const entry = held.get(key);
    if (entry) {
      if (txid < entry.first) entry.first = txid;
      if (txid > entry.last) entry.last = txid;
    } else if (held.size < maxHeld) {
      held.set(key, { notice, first: txid, last: txid });
    } else if (overflow === null || txid > overflow) {
      overflow = txid;
    }
  };

  /** Delivers what the watermark has passed; returns whether anything was delivered. */
  const release = (watermark: bigint): boolean => {
    let delivered = false;
    for (const [key, entry] of held) {
      if (entry.first >= watermark) continue;
      delivered = true;
      // One pull after the oldest writer became visible sees every writer up to the watermark;
      // the newer ones (if any are still invisible) get their own hint later.
      if (entry.last < watermark) held.delete(key);
      else entry.first = entry.last;
      deliver(entry.notice);
    }
    if (overflow !== null && overflow < watermark) {
      overflow = null;
      delivered = true;
      each((l) => l.onResync());
    }
    return delivered;
  };

  const pollWatermark = async () => {
    pollTimer = null;
    if (polling || !client || !waiting()) return;
    polling = true;
    try {
      const { rows } = await client.query<{ w: string }>('SELECT sync_watermark()::text AS w');
      if (release(BigInt(rows[0]!.w))) pollDelay = 5;
      else pollDelay = Math.min(100, pollDelay * 2);
    } catch (err) {
      logger.warn({ err }, 'sync watermark poll failed');
    } finally {
      polling = false;
      if (waiting() && !pollTimer) pollTimer = setTimeout(() => void pollWatermark(), pollDelay);
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
    hold(txid, notice);
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
    const c = new pg.Client({ connectionString: databaseUrl, keepAlive: true, application_name: LISTENER_APPLICATION_NAME });
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
    endStreams() {
      ending = true;
      for (const set of byUser.values()) for (const l of [...set]) l.onEnd?.();
    },
    get ending() {
      return ending;
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      if (pollTimer) clearTimeout(pollTimer);
      held.clear();
      overflow = null;
      const c = client;
      client = null;
      c?.removeAllListeners();
      await c?.end().catch(() => undefined);
    },
    get clientCount() {
      return count;
    },
    get heldHints() {
      return held.size + (overflow === null ? 0 : 1);
    },
  };
}
