/**
 * The sync status every tab shows. The leader tab (the only one replicating) owns the connection
 * part and broadcasts it to the other tabs over a BroadcastChannel; each tab computes the
 * pending count and the refused changes itself from the shared IndexedDB (RxDB keeps them
 * reactive across tabs), so those are exact everywhere without any message.
 * A follower that starts asks the leader for its current state ("hello"); "Réessayer" pressed in
 * a follower is forwarded to the leader. The last sync time is persisted so it survives reloads.
 *
 * Immutable snapshots + subscribe: ready for React's useSyncExternalStore.
 */
import type { SyncStatus } from './sync-status.types.ts';
import { browserKeyValueStore, type KeyValueStore } from '../lib/kv-store.ts';

export type SharedStatus = Pick<SyncStatus, 'connection' | 'syncing' | 'lastSyncedAt' | 'clockOffsetMs' | 'lastError' | 'updateRequired'>;
export type LocalStatus = Pick<SyncStatus, 'pendingCount' | 'rejected'>;

type Message = { type: 'status'; status: SharedStatus } | { type: 'hello' } | { type: 'retry' };

interface ChannelLike {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

export interface SyncStatusStoreOptions {
  /** BroadcastChannel name shared by the tabs of one database; omit for a single-tab store. */
  channelName?: string;
  kv?: KeyValueStore;
  /** Key of the persisted last sync time. */
  storageKey?: string;
  createChannel?: (name: string) => ChannelLike;
}

function defaultChannel(name: string): ChannelLike | null {
  return typeof BroadcastChannel === 'function' ? (new BroadcastChannel(name)) : null;
}

export class SyncStatusStore {
  private shared: SharedStatus;
  private local: LocalStatus = { pendingCount: 0, rejected: [] };
  private snapshot: SyncStatus;
  private leader = false;
  private readonly listeners = new Set<() => void>();
  private readonly channel: ChannelLike | null;
  private readonly kv: KeyValueStore;
  private readonly storageKey: string;
  private retryHandler: (() => void) | null = null;

  constructor(options: SyncStatusStoreOptions = {}) {
    this.kv = options.kv ?? browserKeyValueStore();
    this.storageKey = options.storageKey ?? 'itercraft.lastSyncedAt';
    const saved = Number(this.kv.get(this.storageKey));
    this.shared = {
      connection: 'connecting',
      syncing: false,
      lastSyncedAt: Number.isFinite(saved) && saved > 0 ? saved : null,
      clockOffsetMs: 0,
      lastError: null,
      updateRequired: false,
    };
    this.snapshot = this.compose();
    const create = options.createChannel ?? defaultChannel;
    this.channel = options.channelName ? create(options.channelName) : null;
    if (this.channel) {
      this.channel.onmessage = (event) => this.receive(event.data as Message);
      this.post({ type: 'hello' });
    }
  }

  getSnapshot = (): SyncStatus => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get isLeader(): boolean {
    return this.leader;
  }

  /** This tab became the replicating one: its connection state is now the truth for all tabs. */
  setLeader(leader: boolean): void {
    this.leader = leader;
    if (leader) this.post({ type: 'status', status: this.shared });
  }

  /** Leader only (followers receive it). */
  updateShared(patch: Partial<SharedStatus>): void {
    const next = { ...this.shared, ...patch };
    if (next.lastSyncedAt !== this.shared.lastSyncedAt && next.lastSyncedAt !== null) {
      this.kv.set(this.storageKey, String(next.lastSyncedAt));
    }
    if (!this.changed(this.shared, next)) return;
    this.shared = next;
    this.emit();
    if (this.leader) this.post({ type: 'status', status: next });
  }

  updateLocal(patch: Partial<LocalStatus>): void {
    const next = { ...this.local, ...patch };
    if (!this.changed(this.local, next)) return;
    this.local = next;
    this.emit();
  }

  /** What "Réessayer" does in the leader tab. */
  onRetryRequest(handler: () => void): void {
    this.retryHandler = handler;
  }

  requestRetry(): void {
    if (this.leader || !this.channel) this.retryHandler?.();
    else this.post({ type: 'retry' });
  }

  close(): void {
    this.listeners.clear();
    if (this.channel) {
      this.channel.onmessage = null;
      this.channel.close();
    }
  }

  private receive(message: Message): void {
    if (message.type === 'hello' && this.leader) this.post({ type: 'status', status: this.shared });
    else if (message.type === 'retry' && this.leader) this.retryHandler?.();
    else if (message.type === 'status' && !this.leader) {
      const lastSyncedAt = Math.max(message.status.lastSyncedAt ?? 0, this.shared.lastSyncedAt ?? 0) || null;
      this.shared = { ...message.status, lastSyncedAt };
      this.emit();
    }
  }

  private post(message: Message): void {
    try {
      this.channel?.postMessage(message);
    } catch {
      // A closed channel (tab shutting down) has nobody to tell.
    }
  }

  private changed<T extends object>(a: T, b: T): boolean {
    return (Object.keys(b) as (keyof T)[]).some((k) => a[k] !== b[k]);
  }

  private compose(): SyncStatus {
    return { ...this.shared, ...this.local };
  }

  private emit(): void {
    this.snapshot = this.compose();
    for (const listener of [...this.listeners]) listener();
  }
}
