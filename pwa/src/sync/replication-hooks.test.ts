import { describe, expect, it } from 'vitest';
import type { WithDeleted } from 'rxdb';
import type { SyncedFields } from '../db/collections.ts';
import { pullModifier, pushModifier } from './replication-hooks.ts';

const local = {
  id: 'u1',
  rev: 3,
  updatedAt: 1_700_000_000_000,
  writeId: 'w-1',
  pendingAt: 1_700_000_001_000,
  serviceId: 'svc',
  usedAt: 1_700_000_000_500,
  _deleted: false,
} as WithDeleted<SyncedFields>;

describe('replication modifiers', () => {
  it('push strips the local-only pendingAt and leaves the input untouched', async () => {
    const out = await pushModifier(local);
    expect(out).not.toHaveProperty('pendingAt');
    expect(out).toMatchObject({ id: 'u1', rev: 3, writeId: 'w-1', serviceId: 'svc', _deleted: false });
    // RxDB keeps the input object as the assumed master state: it must keep its marker.
    expect(local.pendingAt).toBe(1_700_000_001_000);
    expect(out).not.toBe(local);
  });

  it('pull marks the server state as not pending, in a new object', async () => {
    const fromServer = { ...local, pendingAt: undefined, rev: 4 } as unknown as WithDeleted<SyncedFields>;
    const out = await pullModifier(fromServer);
    expect(out.pendingAt).toBeNull();
    expect(out.rev).toBe(4);
    expect(out).not.toBe(fromServer);
  });
});
