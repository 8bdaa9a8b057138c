/**
 * The replication manager: one RxDB replication per collection, the change stream (leader tab
 * only), the shared backoff and the status store. Framework-free, with injectable fetch, token
 * source, base URL, clock and key-value store, so Node tests and benchmarks can run several
 * clients in one process (React binds it in sync-provider.tsx).
 *
 * Halts:
 * - 401: "needs sign-in". Replications are paused (RxDB keeps unsent writes; nothing is marked
 *   as pushed while paused), local reads and writes go on. A fresh token (different from the one
 *   refused) resumes everything, found by polling the token source and on retryNow().
 * - 426: "Nouvelle version requise". Replication stops until the app reloads.
 * - pause(): taken offline on purpose (tests, benchmarks), until resume().
 */
import { combineLatest, type Subscription } from 'rxjs';
import { streamChangeSchema, STREAM_EVENTS } from '@itercraft/shared/sync/protocol';
import { isCollectionName } from '@itercraft/shared/collections/index';
import { collectionNames, type AppDatabase, type CollectionName } from '../db/collections.ts';
import { clockOf } from '../db/database-clock.ts';
import { discardIssue } from '../db/discard.ts';
import { syncSummary$ } from '../db/pending.ts';
import { toRejectedChange } from '../db/sync-issues.ts';
import type { ApiError } from '../lib/api-error.ts';
import { memoryKeyValueStore, type KeyValueStore } from '../lib/kv-store.ts';
import type { ServerClock } from '../lib/server-clock.ts';
import { BackoffGate, defaultBackoff, type BackoffOptions } from './backoff.ts';
import { ChangeStream } from './change-stream.ts';
import { replicateCollection, type CollectionReplication } from './collection-replication.ts';
import { serverDocLookup } from './server-lookup.ts';
import type { SseEvent } from './sse-parser.ts';
import { SyncStatusStore } from './status-store.ts';
import type { SyncActions } from './sync-status.types.ts';
import { isCheckpointExpired, SyncTransport, type FetchLike, type TransportObserver } from './transport.ts';

export const MESSAGES = {
  signIn: 'Session expirée : reconnectez-vous pour synchroniser',
  outdated: "Nouvelle version requise : rechargez l'application",
  offline: 'Hors ligne : vos modifications sont enregistrées sur cet appareil',
  local: 'Erreur de synchronisation locale : nouvel essai bientôt',
} as const;

export interface SyncEngineOptions {
  db: AppDatabase;
  baseUrl: string;
  getAccessToken: () => Promise<string | null>;
  fetch?: FetchLike;
  /** Default: the clock the database stamps its writes with. */
  clock?: ServerClock;
  /** Where the status store persists the last sync time. Default: in memory. */
  kv?: KeyValueStore;
  /** Default: a store of its own (closed by stop()). */
  status?: SyncStatusStore;
  collections?: readonly CollectionName[];
  /** Open the change stream (default true). Without it, changes arrive on retryNow()/resyncs only. */
  stream?: boolean;
  backoff?: BackoffOptions;
  heartbeatTimeoutMs?: number;
  /** RxDB's pause between retries of a failed handler (the backoff adds to it). */
  retryTimeMs?: number;
  /** How often a fresh token is looked for while signed out. */
  tokenPollMs?: number;
}

export interface SyncEngine extends SyncActions {
  readonly db: AppDatabase;
  readonly status: SyncStatusStore;
  readonly clock: ServerClock;
  readonly replications: readonly CollectionReplication[];
  /** Takes this client offline on purpose: no request leaves until resume(). */
  pause(): Promise<void>;
  resume(): void;
  /** Resolves when every replication has pushed and pulled everything it knows of. */
  awaitInSync(): Promise<void>;
  stop(): Promise<void>;
}

type Halt = 'sign-in' | 'outdated' | 'paused' | 'stopped';

export class SyncHaltedError extends Error {
  override readonly name = 'SyncHaltedError';
  constructor(readonly reason: Halt) {
    super(`synchronisation suspendue (${reason})`);
  }
}

function isOurError(err: unknown): boolean {
  const inner = (err as { parameters?: { errors?: { name?: string }[] } }).parameters?.errors ?? [];
  return inner.some((e) => e.name === 'ApiError' || e.name === 'SyncHaltedError' || e.name === 'AbortError');
}

export function startSync(options: SyncEngineOptions): SyncEngine {
  return new Engine(options);
}

class Engine implements SyncEngine {
  readonly db: AppDatabase;
  readonly status: SyncStatusStore;
  readonly clock: ServerClock;
  readonly replications: CollectionReplication[];
  private readonly ownsStatus: boolean;
  private readonly transport: SyncTransport;
  private readonly gate: BackoffGate;
  private readonly stream: ChangeStream | null;
  private readonly subs: Subscription[] = [];
  private readonly cleanups: (() => void)[] = [];
  private halt: Halt | null = null;
  private inFlight = 0;
  private lastRequestOk = false;
  private leader = false;
  private tokenTimer: ReturnType<typeof setInterval> | null = null;
  /** Resolved when a halt ends; requests wait on it instead of failing in a loop. */
  private released: Promise<void> = Promise.resolve();
  private release: () => void = () => undefined;

  constructor(private readonly options: SyncEngineOptions) {
    this.db = options.db;
    this.clock = options.clock ?? clockOf(options.db);
    this.ownsStatus = !options.status;
    this.status = options.status ?? new SyncStatusStore({ kv: options.kv ?? memoryKeyValueStore() });
    this.gate = new BackoffGate(options.backoff ?? defaultBackoff);
    this.transport = new SyncTransport({
      baseUrl: options.baseUrl,
      getAccessToken: options.getAccessToken,
      clock: this.clock,
      fetch: options.fetch,
      observer: this.observer(),
    });
    const context = {
      db: this.db,
      transport: this.transport,
      beforeRequest: () => this.beforeRequest(),
      retryTimeMs: options.retryTimeMs ?? 500,
      identifierPrefix: `${this.transport.baseUrl}/sync/v1/`,
    };
    this.replications = (options.collections ?? collectionNames).map((name) => replicateCollection(context, name));
    this.stream = options.stream === false ? null : this.createStream();
    this.watchLocalStatus();
    this.watchReplications();
    this.status.onRetryRequest(() => this.retryLocally());
    void this.awaitLeadership();
  }

  // ---- lifecycle -------------------------------------------------------------------------

  private async awaitLeadership(): Promise<void> {
    if (this.db.multiInstance) await this.db.waitForLeadership();
    if (this.halt === 'stopped') return;
    this.leader = true;
    this.status.setLeader(true);
    this.status.updateShared({ clockOffsetMs: this.clock.offsetMs });
    this.subs.push(this.clock.offset$.subscribe((clockOffsetMs) => this.status.updateShared({ clockOffsetMs })));
    this.listenToBrowserNetwork();
    if (!this.halt) this.stream?.start();
  }

  private listenToBrowserNetwork(): void {
    if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return;
    const online = () => this.retryLocally();
    const offline = () => {
      if (!this.halt) this.status.updateShared({ connection: 'offline', lastError: MESSAGES.offline });
    };
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    this.cleanups.push(() => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
    });
  }

  async stop(): Promise<void> {
    this.halt = 'stopped';
    this.release();
    this.stopTokenPolling();
    this.gate.kick();
    await this.stream?.stop();
    await Promise.all(this.replications.map((r) => r.state.cancel()));
    for (const sub of this.subs) sub.unsubscribe();
    for (const cleanup of this.cleanups) cleanup();
    if (this.ownsStatus) this.status.close();
  }

  async pause(): Promise<void> {
    if (this.halt === 'stopped') return;
    await this.suspend('paused');
    this.status.updateShared({ connection: 'offline', syncing: false });
  }

  resume(): void {
    if (this.halt === 'stopped' || this.halt === 'outdated') return;
    this.halt = null;
    this.release();
    this.stopTokenPolling();
    this.gate.kick();
    this.status.updateShared({ connection: 'connecting', lastError: null });
    // start() un-pauses and re-runs a full checkpoint cycle (pending pushes included).
    for (const r of this.replications) void r.state.start().catch(() => undefined);
    if (this.leader) this.stream?.start();
  }

  private async suspend(reason: Halt): Promise<void> {
    if (!this.halt) this.released = new Promise((resolve) => (this.release = resolve));
    this.halt = reason;
    this.gate.kick();
    await Promise.all([this.stream?.stop(), ...this.replications.map((r) => r.state.pause())]);
  }

  awaitInSync(): Promise<void> {
    return Promise.all(this.replications.map((r) => r.state.awaitInSync())).then(() => undefined);
  }

  // ---- actions (SyncActions) -------------------------------------------------------------

  retryNow(): void {
    this.status.requestRetry();
  }

  async discardRejected(key: string): Promise<void> {
    await discardIssue(this.db, key, serverDocLookup(this.transport));
  }

  /** "Réessayer" in the leader tab: end the backoff, pull everything, reconnect the stream. */
  private retryLocally(): void {
    if (this.halt === 'sign-in') {
      void this.checkForFreshToken();
      return;
    }
    if (this.halt) return;
    this.gate.kick();
    for (const r of this.replications) r.resync();
    if (this.leader) this.stream?.reconnectNow();
  }

  // ---- requests --------------------------------------------------------------------------

  private async beforeRequest(): Promise<void> {
    while (this.halt && this.halt !== 'stopped') await this.released;
    await this.gate.wait();
    if (this.halt) throw new SyncHaltedError(this.halt);
  }

  private observer(): TransportObserver {
    return {
      requestStarted: () => {
        this.inFlight++;
        this.status.updateShared({ syncing: true });
      },
      requestSucceeded: () => {
        this.inFlight = Math.max(0, this.inFlight - 1);
        this.lastRequestOk = true;
        this.gate.succeeded();
        const connected = this.halt ? {} : { connection: 'connected' as const, lastError: null };
        this.status.updateShared({ syncing: this.inFlight > 0, ...connected });
        this.maybeInSync();
      },
      requestFailed: (error) => {
        this.inFlight = Math.max(0, this.inFlight - 1);
        this.status.updateShared({ syncing: this.inFlight > 0 });
        // An expired checkpoint is answered at once by a full pull: not a failure.
        if (!isCheckpointExpired(error)) this.onFailure(error);
      },
    };
  }

  private onFailure(error: ApiError): void {
    this.lastRequestOk = false;
    if (error.kind === 'unauthorized') {
      void this.enterSignIn();
      return;
    }
    if (error.kind === 'outdated') {
      void this.enterOutdated();
      return;
    }
    this.gate.failed();
    if (this.halt) return;
    if (error.kind === 'network') this.status.updateShared({ connection: 'offline', lastError: MESSAGES.offline });
    else this.status.updateShared({ connection: 'error', lastError: error.message });
  }

  private async enterSignIn(): Promise<void> {
    if (this.halt === 'sign-in' || this.halt === 'stopped' || this.halt === 'outdated') return;
    this.status.updateShared({ connection: 'needs-sign-in', lastError: MESSAGES.signIn, syncing: false });
    await this.suspend('sign-in');
    this.startTokenPolling();
  }

  private async enterOutdated(): Promise<void> {
    if (this.halt === 'outdated' || this.halt === 'stopped') return;
    this.stopTokenPolling();
    this.status.updateShared({ connection: 'error', lastError: MESSAGES.outdated, updateRequired: true, syncing: false });
    await this.suspend('outdated');
  }

  private startTokenPolling(): void {
    this.stopTokenPolling();
    this.tokenTimer = setInterval(() => void this.checkForFreshToken(), this.options.tokenPollMs ?? 15_000);
  }

  private stopTokenPolling(): void {
    if (this.tokenTimer) clearInterval(this.tokenTimer);
    this.tokenTimer = null;
  }

  private async checkForFreshToken(): Promise<void> {
    const token = await this.options.getAccessToken().catch(() => null);
    if (this.halt === 'sign-in' && token && token !== this.transport.lastRefusedToken) this.resume();
  }

  // ---- stream ----------------------------------------------------------------------------

  private createStream(): ChangeStream {
    return new ChangeStream({
      transport: this.transport,
      heartbeatTimeoutMs: this.options.heartbeatTimeoutMs,
      onOpen: () => {
        if (!this.halt) this.status.updateShared({ connection: 'connected', lastError: null });
      },
      onClose: (error) => {
        if (error) this.onFailure(error);
        else if (!this.halt) this.status.updateShared({ connection: 'connecting' });
      },
      onEvent: (event) => this.onStreamEvent(event),
    });
  }

  private onStreamEvent(event: SseEvent): void {
    if (event.event === STREAM_EVENTS.resync) {
      for (const r of this.replications) r.resync();
    } else if (event.event === STREAM_EVENTS.change) {
      const parsed = streamChangeSchema.safeParse(safeJson(event.data));
      const name = parsed.success ? parsed.data.collection : '';
      if (isCollectionName(name)) this.replications.find((r) => r.name === name)?.resync();
    } else if (event.event === STREAM_EVENTS.heartbeat) {
      this.maybeInSync();
    }
  }

  // ---- status ----------------------------------------------------------------------------

  private watchLocalStatus(): void {
    this.subs.push(
      syncSummary$(this.db).subscribe(({ pending, issues }) =>
        this.status.updateLocal({ pendingCount: pending.length, rejected: issues.map(toRejectedChange) }),
      ),
    );
    // Tabs that do not replicate stamp their writes with the offset the leader measured.
    const follow = () => {
      const { clockOffsetMs } = this.status.getSnapshot();
      if (!this.leader && clockOffsetMs !== 0) this.clock.adopt(clockOffsetMs);
    };
    this.cleanups.push(this.status.subscribe(follow));
  }

  private watchReplications(): void {
    if (this.replications.length === 0) return;
    this.subs.push(
      combineLatest(this.replications.map((r) => r.state.active$)).subscribe(() => this.maybeInSync()),
      ...this.replications.map((r) =>
        r.state.error$.subscribe((err) => {
          if (isOurError(err)) return;
          console.warn('replication error', r.name, err);
          if (!this.halt) this.status.updateShared({ lastError: MESSAGES.local });
        }),
      ),
    );
  }

  /** Stamps lastSyncedAt when nothing is moving and the last exchange with the server worked. */
  private maybeInSync(): void {
    if (!this.leader || this.halt || this.inFlight > 0 || !this.lastRequestOk) return;
    if (this.replications.some((r) => r.state.isStopped() || isActive(r))) return;
    this.status.updateShared({ lastSyncedAt: Date.now(), connection: 'connected' });
  }
}

function isActive(r: CollectionReplication): boolean {
  let active = false;
  r.state.active$.subscribe((v) => (active = v)).unsubscribe();
  return active;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
