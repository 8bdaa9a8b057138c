/**
 * A migrated scratch database for a benchmark run: on DATABASE_URL's server when set, else on an
 * ephemeral embedded PostgreSQL. Dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { migrate } from '../../sync-server/src/platform/migrate.ts';
import { startEphemeralPostgres } from '../../sync-server/src/embedded/postgres.ts';
import { adminQuery, databaseUrlFor } from '../../sync-server/test/pg-admin.ts';
import type { TestDatabase } from '../../sync-server/test/pg.ts';


export async function benchDatabase(): Promise<TestDatabase & { release(): Promise<void> }> {
  let baseUrl = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!baseUrl) {
    const embedded = await startEphemeralPostgres();
    baseUrl = embedded.url;
    stop = () => embedded.stop();
  }
  const name = `itercraft_bench_${randomBytes(5).toString('hex')}`;
  await adminQuery(baseUrl, `CREATE DATABASE ${name}`);
  const url = databaseUrlFor(baseUrl, name);
  await migrate(url);
  const drop = () => adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  return {
    url,
    name,
    drop,
    async release() {
      await drop();
      await stop?.();
    },
  };
}
