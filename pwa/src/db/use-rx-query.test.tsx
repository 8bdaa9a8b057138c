import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import { createTestDatabase, type TestDatabase } from '../../test/rx-test-db.ts';
import { DatabaseContext, useDatabase } from './database-context.ts';
import { useRxQuery } from './use-rx-query.ts';
import { removeDocument, writeDocument } from './write.ts';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase('hook');
});
afterEach(async () => {
  await t.destroy();
});

function UsageList({ serviceId }: { serviceId: string }) {
  const db = useDatabase();
  // Rebuilt on every render on purpose: the hook follows the query's content, not its identity.
  const usages = useRxQuery(db.usages.find({ selector: { serviceId }, sort: [{ usedAt: 'asc' }] }));
  if (usages.loading) return <p>Chargement…</p>;
  return (
    <ul aria-label="utilisations">
      {usages.result?.map((u) => (
        <li key={u.id}>{`${u.id}${u.pendingAt === null ? '' : ' (en attente)'}`}</li>
      ))}
    </ul>
  );
}

describe('useRxQuery', () => {
  it('renders local documents and follows writes and deletions', async () => {
    await writeDocument(t.db.usages, { id: 'u1', serviceId: 'svc', usedAt: 1 });
    const view = render(
      <DatabaseContext.Provider value={t.db}>
        <UsageList serviceId="svc" />
      </DatabaseContext.Provider>,
    );
    await screen.findByText('u1 (en attente)');
    await writeDocument(t.db.usages, { id: 'u2', serviceId: 'svc', usedAt: 2 });
    await writeDocument(t.db.usages, { id: 'other', serviceId: 'autre', usedAt: 3 });
    await screen.findByText('u2 (en attente)');
    expect(screen.getAllByRole('listitem')).toHaveLength(2);
    await removeDocument(t.db.usages, 'u1');
    await waitFor(() => expect(screen.queryByText('u1 (en attente)')).toBeNull());

    view.rerender(
      <DatabaseContext.Provider value={t.db}>
        <UsageList serviceId="autre" />
      </DatabaseContext.Provider>,
    );
    await screen.findByText('other (en attente)');
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
  });
});
