/**
 * Builds the dependency graph shared by main.ts and the tests: database, change hub, auth,
 * metrics. No process concerns here (signals, listen) — those belong to main.ts.
 */
import type { Config } from './config.ts';
import type { Deps, MqttEndpoint } from './deps.ts';
import { authenticate } from './http/auth.ts';
import { createChangeHub } from './features/sync/change-hub.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { createDatabase } from './platform/db.ts';
import type { Logger } from './platform/logger.ts';
import { createMetrics } from './platform/metrics.ts';
import { migrate } from './platform/migrate.ts';

export interface ResolvedEndpoints {
  databaseUrl: string;
  oidc: { issuer: string; jwksUri: string; audience: string };
  /** The broker the MQTT relay connects to (configured, or the embedded one); absent in tests that need none. */
  mqtt?: MqttEndpoint;
}

export async function createDeps(
  config: Config,
  logger: Logger,
  endpoints: ResolvedEndpoints,
  clock: Clock = systemClock,
): Promise<Deps> {
  await migrate(endpoints.databaseUrl, logger);
  const db = await createDatabase(endpoints.databaseUrl, config.database.poolSize);
  const changes = createChangeHub(endpoints.databaseUrl, logger);
  await changes.start();
  return {
    config,
    logger,
    db,
    clock,
    metrics: createMetrics(),
    changes,
    requireAuth: authenticate(endpoints.oidc),
    mqtt: endpoints.mqtt ?? null,
  };
}

export async function closeDeps(deps: Deps): Promise<void> {
  await deps.changes.stop();
  await deps.db.end();
}
