/**
 * Change propagation: device A of a user pushes a document; device B of the same user hears the
 * stream hint, pulls, and has the document. 25 users × 2 devices = 50 connected stream clients,
 * 250 changes spread over all users. Baseline: bare PostgreSQL NOTIFY → LISTEN latency measured in the
 * same run (the floor of the fan-out path, without HTTP, auth, pull or JSON).
 */
import pg from 'pg';
import { percentile, report } from './lib/report.ts';
import type { TestServer } from '../sync-server/test/test-server.ts';
import { push, usageDoc } from '../sync-server/test/sync-client.ts';
import { StreamClient } from './lib/stream-client.ts';

const USERS = 25;
const CHANGES = 250;


async function notifyBaseline(databaseUrl: string, samples: number): Promise<number[]> {
  const listener = new pg.Client({ connectionString: databaseUrl });
  const notifier = new pg.Client({ connectionString: databaseUrl });
  await listener.connect();
  await notifier.connect();
  await listener.query('LISTEN bench_baseline');
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const got = new Promise<void>((r) => listener.once('notification', () => r()));
    const t0 = performance.now();
    await notifier.query(`SELECT pg_notify('bench_baseline', $1)`, [String(i)]);
    await got;
    latencies.push(performance.now() - t0);
  }
  await listener.end();
  await notifier.end();
  return latencies;
}

export async function benchStreamLatency(server: TestServer): Promise<void> {
  const pairs = await Promise.all(
    Array.from({ length: USERS }, async (_, u) => {
      const token = await server.tokenFor(`bench-stream-${u}`);
      const a = new StreamClient(server.url, token, 'usages');
      const b = new StreamClient(server.url, token, 'usages');
      await Promise.all([a.connect(), b.connect()]);
      return { token, a, b };
    }),
  );
  const sent = new Map<string, { at: number; receiver: StreamClient }>();
  for (let i = 0; i < CHANGES; i++) {
    const pair = pairs[i % USERS]!;
    const id = `stream-${i}`;
    sent.set(id, { at: performance.now(), receiver: pair.b });
    await push(server.url, pair.token, 'usages', [{ newDocumentState: usageDoc(id) }]);
    await new Promise((r) => setTimeout(r, 10));
  }
  const deadline = Date.now() + 10_000;
  while ([...sent].some(([id, s]) => !s.receiver.arrivals.has(id)) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const latencies = [...sent].map(([id, s]) => (s.receiver.arrivals.get(id) ?? Infinity) - s.at);
  const lost = latencies.filter((l) => !Number.isFinite(l)).length;
  const baseline = await notifyBaseline(server.databaseUrl, CHANGES);
  for (const p of pairs) {
    p.a.close();
    p.b.close();
  }
  for (const [metric, p] of [
    ['stream_change_p50_ms', 50],
    ['stream_change_p95_ms', 95],
  ] as const) {
    report({
      bench: 'sync',
      metric,
      value: percentile(latencies, p),
      unit: 'ms',
      baseline: percentile(baseline, p),
      baselineDesc: `bare PostgreSQL NOTIFY→LISTEN p${p} in the same run`,
      target: p === 95 ? '<= 250 ms' : undefined,
      notes: `${CHANGES} changes, ${USERS * 2} connected stream clients (${USERS} users × 2 devices), push → stream hint → pull; ${lost} not delivered within 10 s`,
    });
  }
}
