/** The dependencies every feature module receives; built once in main.ts (or a test). */
import type { Middleware } from 'koa';
import type { Config } from './config.ts';
import type { Clock } from './platform/clock.ts';
import type { DatabasePool } from './platform/db.ts';
import type { Logger } from './platform/logger.ts';
import type { Metrics } from './platform/metrics.ts';
import type { ChangeHub } from './features/sync/change-hub.ts';

export interface MqttEndpoint {
  url: string;
  username: string | undefined;
  password: string | undefined;
  /** PEM file of the CA that signed the broker's certificate (mqtts). */
  caFile: string | undefined;
  /** The embedded aedes broker speaks MQTT 3.1.1 only; Mosquitto gets MQTT 5. */
  protocolVersion: 4 | 5;
}

export interface Deps {
  config: Config;
  logger: Logger;
  db: DatabasePool;
  clock: Clock;
  metrics: Metrics;
  /** Receives post-commit change notifications (LISTEN) and fans them out to stream clients. */
  changes: ChangeHub;
  /** Bearer-token check (koa-jwt + jwks-rsa); mounted by each protected router. */
  requireAuth: Middleware;
  /** Where the MQTT relay connects; null when no broker is configured (some tests). */
  mqtt: MqttEndpoint | null;
}
