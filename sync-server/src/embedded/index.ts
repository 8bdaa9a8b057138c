/**
 * The infrastructure the server runs on, chosen by configuration only: each of PostgreSQL, the
 * identity provider and the MQTT broker is the external one when its variable is set
 * (DATABASE_URL, OIDC_ISSUER, MQTT_URL) and an embedded one otherwise (`npm start`).
 */
import type { Middleware } from 'koa';
import type { Config } from '../config.ts';
import type { Logger } from '../platform/logger.ts';
import { startEmbeddedBroker, type MqttAuthenticator } from './broker.ts';

export type { MqttAuthenticator, MqttRole } from './broker.ts';

export interface Infrastructure {
  databaseUrl: string;
  oidc: { issuer: string; jwksUri: string; audience: string; clientId: string };
  /** Koa middleware serving the embedded identity provider under /oidc on the app's own origin; null when OIDC_ISSUER is set. */
  oidcMiddleware: Middleware | null;
  mqtt: { url: string; username: string | undefined; password: string | undefined; embedded: boolean };
  /** Demo accounts of the embedded identity provider; empty when not embedded. */
  demoUsers: { username: string; password: string; email: string }[];
  stop(): Promise<void>;
}

export interface InfrastructureOptions {
  /** Public origin of the app; the embedded issuer is `${publicUrl}/oidc`. */
  publicUrl: string;
  /** Checks device credentials on the embedded broker; without it only the backend account connects. */
  mqttAuthenticator?: MqttAuthenticator;
}

type Stop = () => Promise<void>;

/** `npm run dev -w pwa` (vite.config.ts proxies /oidc, /api and /sync to the server). */
const VITE_DEV_ORIGIN = 'http://localhost:5173';

const redact = (url: string) => url.replace(/:[^:@/]*@/, ':***@');

async function database(config: Config, logger: Logger, stops: Stop[]): Promise<string> {
  if (config.database.url) return config.database.url;
  const { startEmbeddedPostgres } = await import('./postgres.ts');
  const pg = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.database.embeddedPort, logger });
  stops.push(() => pg.stop());
  logger.info({ url: redact(pg.url) }, 'embedded PostgreSQL started');
  return pg.url;
}

async function identity(config: Config, logger: Logger, publicUrl: string, stops: Stop[]) {
  const { audience, clientId } = config.oidc;
  if (config.oidc.issuer) {
    if (!config.oidc.jwksUri) throw new Error('OIDC_JWKS_URI is required when OIDC_ISSUER is set');
    return { oidc: { issuer: config.oidc.issuer, jwksUri: config.oidc.jwksUri, audience, clientId }, middleware: null, demoUsers: [] };
  }
  const { startEmbeddedOidc } = await import('./oidc/index.ts');
  const idp = await startEmbeddedOidc({
    publicUrl,
    dataDir: config.dataDir,
    clientId,
    audience,
    // The Vite dev server (as in the production realm's redirect URIs) and any origin trusted
    // for API calls (CORS_ORIGINS) may also receive sign-in redirects.
    extraAppOrigins: [VITE_DEV_ORIGIN, ...(config.corsOrigins ?? [])],
    // Read here rather than in config.ts: it only exists for the embedded demo accounts.
    demoPassword: process.env.DEMO_PASSWORD || undefined,
    accessTokenTtlSeconds: Number(process.env.EMBEDDED_OIDC_ACCESS_TOKEN_TTL) || 300,
    logger,
  });
  stops.push(() => idp.stop());
  logger.info({ issuer: idp.issuer }, 'embedded identity provider started');
  const demoUsers = idp.demoUsers.map(({ username, password, email }) => ({ username, password, email }));
  return { oidc: { issuer: idp.issuer, jwksUri: idp.jwksUri, audience, clientId }, middleware: idp.middleware, demoUsers };
}

async function broker(config: Config, logger: Logger, authenticator: MqttAuthenticator | undefined, stops: Stop[]): Promise<Infrastructure['mqtt']> {
  if (config.mqtt.url) return { url: config.mqtt.url, username: config.mqtt.username, password: config.mqtt.password, embedded: false };
  const mqtt = await startEmbeddedBroker({ port: config.mqtt.embeddedPort, logger, ...(authenticator ? { authenticator } : {}) });
  stops.push(() => mqtt.stop());
  logger.info({ url: mqtt.url }, 'embedded MQTT broker started');
  return { url: mqtt.url, username: mqtt.backend.username, password: mqtt.backend.password, embedded: true };
}

export async function startInfrastructure(config: Config, logger: Logger, opts: InfrastructureOptions): Promise<Infrastructure> {
  const stops: Stop[] = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) {
      await s().catch((err: unknown) => logger.error({ err }, 'failed to stop embedded infrastructure'));
    }
  };
  try {
    const databaseUrl = await database(config, logger, stops);
    const idp = await identity(config, logger, opts.publicUrl, stops);
    const mqtt = await broker(config, logger, opts.mqttAuthenticator, stops);
    return { databaseUrl, oidc: idp.oidc, oidcMiddleware: idp.middleware, mqtt, demoUsers: idp.demoUsers, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
