import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstValueFrom, filter } from 'rxjs';
import { createTestDatabase, type TestDatabase } from '../../test/rx-test-db.ts';
import { pendingCount$, pendingDocs$ } from './pending.ts';
import { recordRejection } from './sync-issues.ts';
import { issueKey } from './sync-issue.schema.ts';
import { localToWire } from './wire.ts';
import { patchDocument, removeDocument, writeDocument } from './write.ts';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase('write');
});
afterEach(async () => {
  await t.destroy();
});

const session = (id: string) => ({
  id,
  serviceId: 'svc-1',
  startedAt: 1_700_000_000_000,
  endedAt: null,
  durationMinutes: null,
  autoStopped: false,
  mergedInto: null,
});

function countIs(n: number) {
  return firstValueFrom(pendingCount$(t.db).pipe(filter((c) => c === n)));
}

describe('write helpers', () => {
  it('stamp writeId and pendingAt (server time) in the same write, keeping the server fields', async () => {
    t.clock.adopt(3_600_000);
    const before = Date.now() + 3_600_000;
    const doc = await writeDocument(t.db.maintenanceSessions, session('s1'));
    expect(doc.rev).toBe(0);
    expect(doc.updatedAt).toBe(0);
    expect(doc.writeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(doc.pendingAt).toBeGreaterThanOrEqual(before - 5);
    expect(doc.pendingAt).toBeLessThanOrEqual(Date.now() + 3_600_000 + 5);

    const patched = await patchDocument(t.db.maintenanceSessions, 's1', { endedAt: 1_700_000_600_000, durationMinutes: 10 });
    expect(patched.writeId).not.toBe(doc.writeId);
    expect(patched.endedAt).toBe(1_700_000_600_000);
    expect(patched.serviceId).toBe('svc-1');
  });

  it('counts every pending write, deletions included, across collections', async () => {
    await expect(countIs(0)).resolves.toBe(0);
    await writeDocument(t.db.maintenanceSessions, session('s1'));
    await writeDocument(t.db.usages, { id: 'u1', serviceId: 'svc-1', usedAt: 1_700_000_000_000 });
    await expect(countIs(2)).resolves.toBe(2);
    await removeDocument(t.db.usages, 'u1');
    // The deletion is invisible to queries but still waits to be pushed.
    expect(await t.db.usages.findOne('u1').exec()).toBeNull();
    const docs = await firstValueFrom(pendingDocs$(t.db).pipe(filter((d) => d.some((x) => x.deleted))));
    expect(docs.map((d) => [d.collection, d.id, d.deleted]).sort()).toEqual([
      ['maintenanceSessions', 's1', false],
      ['usages', 'u1', true],
    ]);
  });

  it('excludes a refused write from the count until the document is saved again', async () => {
    const doc = await writeDocument(t.db.maintenanceSessions, session('s1'));
    await countIs(1);
    await recordRejection(t.db, 'maintenanceSessions', { newDocumentState: localToWire(doc.toJSON()) }, {
      code: 'VALIDATION',
      reason: 'Durée invalide',
    });
    await expect(countIs(0)).resolves.toBe(0);
    const issue = await t.db.syncIssues.findOne(issueKey('maintenanceSessions', 's1')).exec();
    expect(issue?.status).toBe('open');
    expect(issue?.reason).toBe('Durée invalide');
    expect(issue?.label).toMatch(/^Session activité inconnue du \d\d\/\d\d$/);

    await patchDocument(t.db.maintenanceSessions, 's1', { durationMinutes: 5 });
    await expect(countIs(1)).resolves.toBe(1);
    expect((await t.db.syncIssues.findOne(issueKey('maintenanceSessions', 's1')).exec())?.status).toBe('resubmitted');
  });
});
