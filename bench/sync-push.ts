/**
 * Push throughput: 10,000 documents pushed in batches of 100 through the real push endpoint (validation,
 * locking, conflict detection, idempotency check, upsert), 4 concurrent pushers like 4 devices.
 * Baseline: the same documents written with a multi-row INSERT … ON CONFLICT through pg, same batches.
 */
import pg from 'pg';
import { report } from './lib/report.ts';
import type { TestServer } from '../sync-server/test/test-server.ts';
import { push, usageDoc, type Doc } from '../sync-server/test/sync-client.ts';

const TOTAL = 10_000;
const BATCH = 100;
const PUSHERS = 4;

function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function runConcurrently<T>(work: T[], workers: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < work.length) await fn(work[next++]!);
    }),
  );
}

export async function benchPush(server: TestServer): Promise<void> {
  const token = await server.tokenFor('bench-pusher');
  const docs: Doc[] = Array.from({ length: TOTAL }, (_, i) => usageDoc(`push-${i}`, 1_700_000_000_000 + i));
  await push(server.url, token, 'usages', [{ newDocumentState: usageDoc('warmup') }]);
  let t0 = performance.now();
  await runConcurrently(batches(docs, BATCH), PUSHERS, async (batch) => {
    const results = await push(server.url, token, 'usages', batch.map((d) => ({ newDocumentState: d })));
    if (results.some((r) => r.status !== 'accepted')) throw new Error('bench push: unexpected outcome');
  });
  const pushSeconds = (performance.now() - t0) / 1000;

  const pool = new pg.Pool({ connectionString: server.databaseUrl, max: PUSHERS });
  const baselineDocs: Doc[] = docs.map((d) => ({ ...d, id: `base-${d.id}` }));
  t0 = performance.now();
  await runConcurrently(batches(baselineDocs, BATCH), PUSHERS, async (batch) => {
    const values: unknown[] = [];
    const tuples = batch.map((d, i) => {
      values.push(d.id, 'bench-baseline', d.serviceId, d.usedAt, d.writeId);
      const b = i * 5;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`;
    });
    await pool.query(
      `INSERT INTO usages (id, owner_id, service_id, used_at, write_id) VALUES ${tuples.join(',')}
       ON CONFLICT (id) DO UPDATE SET used_at = EXCLUDED.used_at, write_id = EXCLUDED.write_id`,
      values,
    );
  });
  const baseSeconds = (performance.now() - t0) / 1000;
  await pool.end();
  report({
    bench: 'sync',
    metric: 'push_docs_per_s',
    value: TOTAL / pushSeconds,
    unit: 'docs/s',
    baseline: TOTAL / baseSeconds,
    baselineDesc: 'multi-row INSERT … ON CONFLICT of the same documents via pg, batches of 100, 4 connections',
    target: '>= 2000 docs/s and ratio >= 0.5',
    notes: `${TOTAL} usage documents, batches of ${BATCH}, ${PUSHERS} concurrent pushers, HTTP + JWT + validation + FOR UPDATE + conflict check`,
  });
}
