import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './free-port.ts';
import { startEmbeddedPostgres, startEphemeralPostgres } from './postgres.ts';

const logger = pino({ level: 'silent' });

async function query(url: string, text: string, values: unknown[] = []): Promise<pg.QueryResult<Record<string, string>>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query<Record<string, string>>(text, values);
  } finally {
    await client.end();
  }
}

describe('startEphemeralPostgres', () => {
  it('runs a real PostgreSQL that accepts new databases, and is gone after stop()', async () => {
    const server = await startEphemeralPostgres();
    try {
      const { rows } = await query(server.url, 'show server_version_num');
      expect(Number(rows[0]!.server_version_num)).toBeGreaterThanOrEqual(170000);
      await query(server.url, 'create database scratch');
      const scratch = new URL(server.url);
      scratch.pathname = '/scratch';
      const encoding = await query(scratch.href, 'show server_encoding');
      expect(encoding.rows[0]!.server_encoding).toBe('UTF8');
    } finally {
      await server.stop();
    }
    await expect(query(server.url, 'select 1')).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('startEmbeddedPostgres', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('keeps data and credentials across restarts of the same data folder', async () => {
    const root = await mkdtemp(join(tmpdir(), 'itercraft-embedded-'));
    dirs.push(root);
    await chmod(root, 0o711);
    const dataDir = join(root, 'data');
    const port = await freePort();

    const first = await startEmbeddedPostgres({ dataDir, port, logger });
    try {
      expect(new URL(first.url).pathname).toBe('/itercraft');
      await query(first.url, 'create table kept (note text)');
      await query(first.url, 'insert into kept values ($1)', ['Entretien chaudière']);
    } finally {
      await first.stop();
    }
    expect((await stat(join(dataDir, 'postgres.json'))).mode & 0o777).toBe(0o600);

    const second = await startEmbeddedPostgres({ dataDir, port, logger });
    try {
      expect(second.url).toBe(first.url);
      const { rows } = await query(second.url, 'select note from kept');
      expect(rows).toEqual([{ note: 'Entretien chaudière' }]);
    } finally {
      await second.stop();
    }
  });

  it('explains a port that is already taken instead of failing silently', async () => {
    const root = await mkdtemp(join(tmpdir(), 'itercraft-embedded-'));
    dirs.push(root);
    await chmod(root, 0o711);
    const busy = await startEphemeralPostgres();
    try {
      const port = Number(new URL(busy.url).port);
      await expect(startEmbeddedPostgres({ dataDir: join(root, 'data'), port, logger })).rejects.toThrow(
        new RegExp(`did not start on port ${port}`),
      );
    } finally {
      await busy.stop();
    }
  });

  // Only root hands PostgreSQL to the `postgres` user; other users run it themselves.
  it.runIf(process.getuid?.() === 0)('explains a parent folder the postgres user cannot enter', async () => {
    const root = await mkdtemp(join(tmpdir(), 'itercraft-embedded-'));
    dirs.push(root); // mkdtemp leaves it 0700
    const port = await freePort();
    await expect(startEmbeddedPostgres({ dataDir: join(root, 'data'), port, logger })).rejects.toThrow(
      new RegExp(`cannot enter ${root}\\. Run "chmod o\\+x`),
    );
  });
});
