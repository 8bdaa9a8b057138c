import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SESSION_MS, shouldAutoStop } from '@itercraft/shared/maintenance/session.rules';
import { FakeClock } from '../../platform/clock.ts';
import { sql } from '../../platform/db.ts';
import { createTestDatabase } from '../../../test/pg.ts';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { openStream } from '../../../test/sync-client.ts';
import { autoStopJob } from './auto-stop.job.ts';
import { HOUR, MIN, newUser, pushSessions, session, sessionsById } from './maintenance.test-kit.ts';

const NOW = Date.UTC(2026, 4, 12, 18, 0, 0);
const clock = new FakeClock(NOW);
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ clock });
});
afterAll(() => server.close());

/** The stored end of a session, read with a plain client (int8 as text). */
async function sessionEnd(databaseUrl: string, id: string): Promise<{ ended_at: string | null; auto_stopped: boolean }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ ended_at: string | null; auto_stopped: boolean }>('SELECT ended_at, auto_stopped FROM maintenance_sessions WHERE id = $1', [id]);
    return r.rows[0]!;
  } finally {
    await client.end();
  }
}

interface Fixture {
  id: string;
  owner: string;
  service: string;
  startedAt: number;
  endedAt: number | null;
  deleted: boolean;
}

/** Boundary cases around the 4-hour limit, one running session per (owner, service). */
function fixture(): Fixture[] {
  const rows: Fixture[] = [];
  const starts = [
    NOW - 3 * 24 * HOUR, // server down for a weekend
    NOW - MAX_SESSION_MS - MIN,
    NOW - MAX_SESSION_MS - 1,
    NOW - MAX_SESSION_MS, // exactly 4 h: not yet
    NOW - MAX_SESSION_MS + 1,
    NOW - 30 * MIN,
    NOW + 2 * MIN, // slightly in the future (client clock tolerance)
  ];
  starts.forEach((startedAt, i) => {
    rows.push({ id: `fx-run-${i}`, owner: 'fx-owner', service: `svc-${i}`, startedAt, endedAt: null, deleted: false });
    rows.push({ id: `fx-del-${i}`, owner: 'fx-other', service: `svc-${i}`, startedAt, endedAt: null, deleted: true });
    rows.push({ id: `fx-stop-${i}`, owner: 'fx-third', service: `svc-${i}`, startedAt, endedAt: startedAt + MIN, deleted: false });
  });
  return rows;
}

describe('maintenance.auto-stop', () => {
  it('closes exactly the sessions shared shouldAutoStop selects, at startedAt + 4 h with 240 minutes', async () => {
    const rows = fixture();
    for (const r of rows) {
      await server.db.query(sql.unsafe`
        INSERT INTO maintenance_sessions (id, owner_id, service_id, started_at, ended_at, duration_minutes, auto_stopped, deleted)
        VALUES (${r.id}, ${r.owner}, ${r.service}, ${r.startedAt}, ${r.endedAt}, ${r.endedAt === null ? null : 1}, false, ${r.deleted})`);
    }
    const expected = rows.filter((r) => shouldAutoStop(r, NOW)).map((r) => r.id).sort();
    expect(expected).toEqual(['fx-run-0', 'fx-run-1', 'fx-run-2']);
    clock.set(NOW);
    const stopped = await autoStopJob({ db: server.db, clock, logger: server.deps.logger }).run();
    expect(stopped.map((s) => s.id).sort()).toEqual(expected);
    const after = (await server.db.any(sql.unsafe`
      SELECT id, started_at, ended_at, duration_minutes, auto_stopped, rev FROM maintenance_sessions WHERE id = ANY(${sql.array(expected, 'text')})`)) as readonly { startedAt: number; endedAt: number }[];
    for (const row of after) {
      expect(row.endedAt).toBe(row.startedAt + MAX_SESSION_MS);
      expect(row).toMatchObject({ durationMinutes: 240, autoStopped: true, rev: 2 });
    }
    // A second run finds nothing more to do.
    expect(await autoStopJob({ db: server.db, clock, logger: server.deps.logger }).run()).toEqual([]);
  });

  it('reaches a connected client through the stream within seconds', async () => {
    const { token } = await newUser(server);
    clock.set(NOW);
    await pushSessions(server, token, [{ newDocumentState: session('stream-auto', NOW - 10 * MIN) }]);
    const stream = await openStream(server.url, token);
    try {
      const from = stream.events.length;
      clock.set(NOW + MAX_SESSION_MS);
      const t = performance.now();
      await autoStopJob({ db: server.db, clock, logger: server.deps.logger }).run();
      const isOurs = (e: { event: string; data: unknown; at: number }) =>
        e.at >= t && e.event === 'change' && (e.data as { collection?: string }).collection === 'maintenanceSessions';
      const ev = await stream.next(isOurs, 5000, from);
      expect(ev.at - t).toBeLessThan(5000);
      expect((await sessionsById(server, token)).get('stream-auto')).toMatchObject({ endedAt: NOW - 10 * MIN + MAX_SESSION_MS, autoStopped: true });
    } finally {
      stream.close();
    }
  });

  it('closes at startup, through the real scheduler and the production modules, a session left open by downtime', async () => {
    // The server was down: the session was started 4 h 01 ago and nothing closed it.
    const database = await createTestDatabase();
    const startedAt = NOW - MAX_SESSION_MS - MIN;
    const seed = await startTestServer({ database, clock: new FakeClock(startedAt) });
    const { token } = await newUser(seed);
    await pushSessions(seed, token, [{ newDocumentState: session('downtime', startedAt) }]);
    await seed.close();
    expect(await sessionEnd(database.url, 'downtime')).toEqual({ ended_at: null, auto_stopped: false });

    // Restart with the scheduler on (modules.ts, as main.ts does): the first run is at start, not 60 s later.
    const restarted = await startTestServer({ database, clock: new FakeClock(NOW), runJobs: true });
    try {
      const deadline = Date.now() + 15_000;
      while ((await sessionEnd(database.url, 'downtime')).ended_at === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await sessionEnd(database.url, 'downtime')).toEqual({ ended_at: String(startedAt + MAX_SESSION_MS), auto_stopped: true });
    } finally {
      await restarted.close();
      await database.drop();
    }
  });

  it('is registered to run every 60 s under its name', () => {
    const job = autoStopJob({ db: server.db, clock, logger: server.deps.logger });
    expect(job).toMatchObject({ name: 'maintenance.auto-stop', everyMs: 60_000 });
  });
});
