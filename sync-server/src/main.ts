/**
 * Process entry: configuration → infrastructure (embedded parts for unset variables) →
 * dependencies → app → listen → jobs; graceful shutdown in reverse order on SIGINT/SIGTERM.
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
import type { DatabasePool } from './platform/db.ts';
import { createScheduler } from './platform/jobs.ts';
import { createLogger } from './platform/logger.ts';
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
    server.close();
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 5000).unref();
    await scheduler.stop();
    for (const m of [...modules].reverse()) await m.close?.();
    await closeDeps(deps);
    await infra.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('Itercraft failed to start:', err);
  process.exit(1);
});
