import { describe, expect, it } from 'vitest';
import { canonical, resolveConflict, type Canonical } from './conflict.ts';

const base = { id: 's1', rev: 2, updatedAt: 100, writeId: 'w-a', serviceId: 'svc', startedAt: 1000, endedAt: null as number | null, note: 'x', deleted: false };
const c = (patch: Partial<typeof base> = {}): Canonical => canonical({ ...base, ...patch });

describe('resolveConflict', () => {
  it('merges when each side changed different fields, on top of the server revision', () => {
    const r = resolveConflict(c({ writeId: 'w-b', endedAt: 2000 }), c(), c({ rev: 3, updatedAt: 200, writeId: 'w-srv', note: 'y' }));
    expect(r).toEqual({ kind: 'merged', doc: { ...base, rev: 3, updatedAt: 200, writeId: 'w-b', endedAt: 2000, note: 'y', deleted: false } });
  });

  it('absorbs the re-stamp of our own previous write (same content, new rev)', () => {
    const r = resolveConflict(c({ writeId: 'w-b', endedAt: 2000 }), c(), c({ rev: 3, updatedAt: 200 }));
    expect(r.kind).toBe('merged');
  });

  it('keeps the server version and reports the loss when both changed the same field', () => {
    expect(resolveConflict(c({ writeId: 'w-b', endedAt: 2000 }), c(), c({ rev: 3, writeId: 'w-s', endedAt: 3000 }))).toEqual({ kind: 'server', lost: true });
  });

  it('reports nothing lost when both sides made the same change', () => {
    expect(resolveConflict(c({ writeId: 'w-b', endedAt: 2000 }), c(), c({ rev: 3, writeId: 'w-s', endedAt: 2000 }))).toEqual({ kind: 'server', lost: false });
  });

  it('never lets a deletion silently beat an edit, either way', () => {
    expect(resolveConflict(c({ writeId: 'w-b', deleted: true }), c(), c({ rev: 3, writeId: 'w-s', note: 'y' }))).toEqual({ kind: 'server', lost: true });
    expect(resolveConflict(c({ writeId: 'w-b', note: 'z' }), c(), c({ rev: 3, writeId: 'w-s', deleted: true }))).toEqual({ kind: 'server', lost: true });
    const both = resolveConflict(c({ writeId: 'w-b', deleted: true }), c(), c({ rev: 3, writeId: 'w-s', deleted: true }));
    expect(both).toEqual({ kind: 'server', lost: false });
  });

  it('treats two creations of the same id with different content as a loss for this device', () => {
    expect(resolveConflict(c({ rev: 0, writeId: 'w-b', startedAt: 5 }), null, c({ rev: 1 }))).toEqual({ kind: 'server', lost: true });
  });

  it('reads RxDB documents and wire documents alike', () => {
    expect(canonical({ id: 'a', pendingAt: 5, _deleted: true, _meta: {}, _rev: '1-x', _attachments: {} })).toEqual({ id: 'a', deleted: true });
    expect(canonical({ id: 'a', deleted: false })).toEqual({ id: 'a', deleted: false });
  });
});
