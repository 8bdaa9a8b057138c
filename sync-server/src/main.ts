/**
 * Process entry: configuration → infrastructure (embedded parts for unset variables) →
 * dependencies → app → listen → jobs; graceful shutdown in reverse order on SIGINT/SIGTERM:
 * HTTP stops accepting, replication streams end, in-flight requests finish (SHUTDOWN_GRACE_MS),
 * then jobs, modules, the pool and embedded services stop, and the process exits 0.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { createApp } from './app.ts';
import { closeDeps, createDeps } from './bootstrap.ts';
import { ConfigError, loadConfig } from './config.ts';
import { startInfrastructure } from './embedded/index.ts';
import { servePwa } from './http/static-pwa.ts';
import { createDeviceAuthenticator } from './features/sensors/index.ts';
import { createModules } from './modules.ts';
import type { Deps } from './deps.ts';
import type { DatabasePool } from './platform/db.ts';
import { createScheduler } from './platform/jobs.ts';
import { createLogger, type Logger } from './platform/logger.ts';
import { printBanner } from './banner.ts';

const DEFAULT_PWA_DIST = fileURLToPath(new URL('../../pwa/dist', import.meta.url));

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const publicUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  // The embedded broker starts before the pool exists: its device check binds to it late.
  let devicesDb: DatabasePool | null = null;
  const infra = await startInfrastructure(config, logger, { publicUrl, mqttAuthenticator: createDeviceAuthenticator(() => devicesDb) });
  const deps = await createDeps(config, logger, {
    databaseUrl: infra.databaseUrl,
    oidc: infra.oidc,
    mqtt: { ...infra.mqtt, caFile: config.mqtt.caFile, protocolVersion: infra.mqtt.embedded ? 4 : 5 },
  });
  devicesDb = deps.db;
  const modules = createModules(deps);
  const pwaDist = config.pwaDist ?? (existsSync(`${DEFAULT_PWA_DIST}/index.html`) ? DEFAULT_PWA_DIST : undefined);
  const app = createApp(deps, modules, {
    corsOrigins: config.corsOrigins ?? [new URL(publicUrl).origin],
    before: infra.oidcMiddleware ? [infra.oidcMiddleware] : [],
    after: pwaDist ? [servePwa(pwaDist)] : [],
  });
  const scheduler = createScheduler(modules.flatMap((m) => m.jobs ?? []), logger);
  const server: Server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  scheduler.start();
  printBanner({ publicUrl, pwaServed: Boolean(pwaDist), infra });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Whatever hangs below, the process still ends (non-zero: something did not stop cleanly).
    setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + HARD_DEADLINE_EXTRA_MS).unref();
    await drainHttp(server, deps, config.shutdownGraceMs, logger);
    await scheduler.stop();
    for (const m of [...modules].reverse()) await m.close?.();
    await closeDeps(deps);
    await infra.stop();
    logger.info('stopped');
    process.exit(0);
  };
  const onSignal = (signal: string) =>
    void shutdown(signal).catch((err: unknown) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Time left to modules, the pool and embedded services after the HTTP grace period. */
const HARD_DEADLINE_EXTRA_MS = 10_000;

/**
 * Stops accepting connections, ends every replication stream (clients reconnect, to another
 * instance), lets in-flight requests finish within `graceMs`, then cuts what is left.
 */
async function drainHttp(server: Server, deps: Deps, graceMs: number, logger: Logger): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  deps.changes.endStreams();
  // Keep-alive connections become idle as their last response ends; close them as they do.
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  let timer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    closed.then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
  ]);
  clearTimeout(timer);
  clearInterval(sweep);
  if (!drained) {
    logger.warn({ graceMs }, 'requests still running after the grace period; closing their connections');
    server.closeAllConnections();
    await closed;
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('Itercraft failed to start:', err);
  process.exit(1);
});
