/** The real sync server on a bench database (same code path as the tests' startTestServer). */
import { startTestServer, type TestServer } from '../../sync-server/test/test-server.ts';
import { benchDatabase } from './database.ts';

export async function benchServer(env: Record<string, string> = {}): Promise<TestServer & { release(): Promise<void> }> {
  const database = await benchDatabase();
  const server = await startTestServer({ database, env: { DATABASE_POOL_SIZE: '20', ...env } });
  return {
    ...server,
    async release() {
      await server.close();
      await database.release();
    },
  };
}
