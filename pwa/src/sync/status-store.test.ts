import { afterEach, describe, expect, it } from 'vitest';
import { memoryKeyValueStore } from '../lib/kv-store.ts';
import { SyncStatusStore } from './status-store.ts';
import type { SyncStatus } from './sync-status.types.ts';

const stores: SyncStatusStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

function store(channelName: string, kv = memoryKeyValueStore()) {
  const s = new SyncStatusStore({ channelName, kv, storageKey: 'last' });
  stores.push(s);
  return s;
}

function next(s: SyncStatusStore, until: (status: SyncStatus) => boolean): Promise<SyncStatus> {
  return new Promise((resolve) => {
    if (until(s.getSnapshot())) return resolve(s.getSnapshot());
    const off = s.subscribe(() => {
      if (until(s.getSnapshot())) {
        off();
        resolve(s.getSnapshot());
      }
    });
  });
}

describe('SyncStatusStore', () => {
  it('broadcasts the leader tab connection state to the other tabs', async () => {
    const name = `status-${Math.random()}`;
    const leader = store(name);
    const follower = store(name);
    leader.setLeader(true);
    leader.updateShared({ connection: 'connected', syncing: true, clockOffsetMs: 1234, lastSyncedAt: 1_700_000_000_000 });
    const seen = await next(follower, (s) => s.connection === 'connected' && s.syncing);
    expect(seen).toMatchObject({ clockOffsetMs: 1234, lastSyncedAt: 1_700_000_000_000 });
    leader.updateShared({ connection: 'needs-sign-in', syncing: false, lastError: 'Session expirée' });
    expect(await next(follower, (s) => s.connection === 'needs-sign-in')).toMatchObject({ lastError: 'Session expirée' });
  });

  it('gives a late tab the current state and forwards "Réessayer" to the leader', async () => {
    const name = `status-${Math.random()}`;
    const leader = store(name);
    leader.setLeader(true);
    leader.updateShared({ connection: 'offline' });
    let retries = 0;
    leader.onRetryRequest(() => retries++);
    const late = store(name);
    await next(late, (s) => s.connection === 'offline');
    late.requestRetry();
    await new Promise((r) => setTimeout(r, 50));
    expect(retries).toBe(1);
  });

  it('keeps pending count and refused changes local to each tab', async () => {
    const name = `status-${Math.random()}`;
    const leader = store(name);
    const follower = store(name);
    leader.setLeader(true);
    follower.updateLocal({ pendingCount: 3 });
    leader.updateShared({ connection: 'connected' });
    const seen = await next(follower, (s) => s.connection === 'connected');
    expect(seen.pendingCount).toBe(3);
    expect(leader.getSnapshot().pendingCount).toBe(0);
  });

  it('persists the last sync time across reloads', () => {
    const kv = memoryKeyValueStore();
    const first = new SyncStatusStore({ kv, storageKey: 'last' });
    first.updateShared({ lastSyncedAt: 1_700_000_123_000 });
    first.close();
    const reloaded = new SyncStatusStore({ kv, storageKey: 'last' });
    expect(reloaded.getSnapshot().lastSyncedAt).toBe(1_700_000_123_000);
    reloaded.close();
  });
});
