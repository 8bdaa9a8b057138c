/**
 * The real sync server on a fresh migrated database and a free port, authenticated by the local
 * test issuer. Used by protocol tests, client convergence tests and benchmarks.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../src/app.ts';
import { closeDeps, createDeps } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import type { Deps } from '../src/deps.ts';
import { createModules } from '../src/modules.ts';
import type { Clock } from '../src/platform/clock.ts';
import type { DatabasePool } from '../src/platform/db.ts';
import { createScheduler } from '../src/platform/jobs.ts';
import { createLogger } from '../src/platform/logger.ts';
import type { FeatureModule } from '../src/platform/module.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';
import { startTestIssuer, type TestIssuer } from './test-issuer.ts';

export interface TestServer {
  url: string;
  databaseUrl: string;
  db: DatabasePool;
  deps: Deps;
  issuer: TestIssuer;
  tokenFor(sub: string, claims?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  clock?: Clock;
  env?: Record<string, string>;
  /** Replace the feature modules (default: the production list from modules.ts). */
  modules?: (deps: Deps) => FeatureModule[];
  /** Run the modules' scheduled jobs (off by default: tests call jobs directly). */
  runJobs?: boolean;
  /** Reuse an existing database (e.g. a second server instance on the same data). */
  database?: TestDatabase;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const database = opts.database ?? (await createTestDatabase());
  const issuer = await startTestIssuer();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    OIDC_ISSUER: issuer.issuer,
    OIDC_JWKS_URI: issuer.jwksUri,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...opts.env,
  });
  const logger = createLogger(config.logLevel);
  const deps = await createDeps(
    config,
    logger,
    { databaseUrl: database.url, oidc: { issuer: issuer.issuer, jwksUri: issuer.jwksUri, audience: config.oidc.audience } },
    opts.clock,
  );
  const modules = (opts.modules ?? createModules)(deps);
  const app = createApp(deps, modules, { corsOrigins: ['http://localhost:5173'] });
  const scheduler = createScheduler(opts.runJobs ? modules.flatMap((m) => m.jobs ?? []) : [], logger);
  scheduler.start();
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    databaseUrl: database.url,
    db: deps.db,
    deps,
    issuer,
    tokenFor: (sub, claims) => issuer.token(sub, { claims: claims ?? {} }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await scheduler.stop();
      for (const m of modules) await m.close?.();
      await closeDeps(deps);
      await issuer.close();
      if (!opts.database) await database.drop();
    },
  };
}
