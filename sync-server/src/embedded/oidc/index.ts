/**
 * The embedded identity provider of `npm start`: oidc-provider served under /oidc on the app's
 * own origin (issuer `${publicUrl}/oidc`), with the two demo accounts and a French sign-in page.
 * Production sets OIDC_ISSUER (Keycloak) and never loads this module.
 */
import type { IncomingMessage } from 'node:http';
import { join, resolve } from 'node:path';
import type { Middleware } from 'koa';
import Provider from 'oidc-provider';
import type { Logger } from '../../platform/logger.ts';
import { ensureDir } from '../data-files.ts';
import { loadDemoDirectory, type DemoUser } from './demo-users.ts';
import { createFileStore } from './file-adapter.ts';
import { interactionRoutes } from './interactions.ts';
import { loadOidcSecrets } from './key-store.ts';
import { providerConfiguration } from './provider-config.ts';

export { API_RESOURCE } from './provider-config.ts';
export type { DemoUser } from './demo-users.ts';

export interface EmbeddedOidcOptions {
  /** The app's public origin, e.g. http://localhost:8080 (no trailing slash needed). */
  publicUrl: string;
  dataDir: string;
  clientId: string;
  audience: string;
  /** Other origins the PWA may run on (e.g. the Vite dev server); they get redirect URIs too. */
  extraAppOrigins?: string[];
  /** One password for both demo users instead of generated ones. */
  demoPassword?: string;
  /** Access-token lifetime (Keycloak realm: 300 s); shorter in tests of the PWA's token refresh. */
  accessTokenTtlSeconds?: number;
  logger: Logger;
}

export interface EmbeddedOidc {
  issuer: string;
  jwksUri: string;
  /** Serves everything under /oidc; mount it before any body parser (oidc-provider reads raw bodies). */
  middleware: Middleware;
  demoUsers: DemoUser[];
  stop(): Promise<void>;
}

export const MOUNT_PATH = '/oidc';

/** Hands /oidc/* requests to oidc-provider (itself a Koa app) with the prefix stripped, like koa-mount. */
function mount(provider: Provider, mountPath: string): Middleware {
  const handle = provider.callback();
  return async function oidcProvider(ctx, next) {
    if (ctx.path !== mountPath && !ctx.path.startsWith(`${mountPath}/`)) {
      await next();
      return;
    }
    const req = ctx.req as IncomingMessage & { originalUrl?: string };
    const original = req.url ?? mountPath;
    const rest = original.slice(mountPath.length);
    req.originalUrl = original; // oidc-provider derives its mount path from it when building URLs
    req.url = rest.startsWith('/') ? rest : `/${rest}`;
    ctx.respond = false;
    try {
      await handle(ctx.req, ctx.res);
    } finally {
      req.url = original;
    }
  };
}

/** http://localhost:8080 ↔ http://127.0.0.1:8080: whichever one the user types must be able to sign in. */
function loopbackAlias(origin: string): string[] {
  const url = new URL(origin);
  const other = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname === '127.0.0.1' ? 'localhost' : undefined;
  if (!other) return [];
  url.hostname = other;
  return [url.origin];
}

function logEvents(provider: Provider, log: Logger): void {
  provider.on('server_error', (_ctx: unknown, err: unknown) => log.error({ err }, 'identity provider error'));
  for (const event of ['authorization.error', 'grant.error', 'end_session.error', 'revocation.error', 'userinfo.error']) {
    provider.on(event, (_ctx: unknown, err: unknown) => log.info({ err: (err as Error).message, event }, 'identity provider refused a request'));
  }
  provider.on('error', (err: unknown) => log.error({ err }, 'identity provider error'));
}

export async function startEmbeddedOidc(opts: EmbeddedOidcOptions): Promise<EmbeddedOidc> {
  const log = opts.logger.child({ component: 'embedded-oidc' });
  const origin = new URL(opts.publicUrl).origin;
  const issuer = `${origin}${MOUNT_PATH}`;
  const appOrigins = [...new Set([origin, ...loopbackAlias(origin), ...(opts.extraAppOrigins ?? []).map((o) => new URL(o).origin)])];
  const oidcDir = join(resolve(opts.dataDir), 'oidc');
  await ensureDir(oidcDir, 0o700);
  const secrets = await loadOidcSecrets(oidcDir);
  const users = await loadDemoDirectory(oidcDir, opts.demoPassword);
  const store = await createFileStore(join(oidcDir, 'store.json'), (err) => log.error({ err }, 'cannot save identity provider state'));
  const provider = new Provider(
    issuer,
    providerConfiguration({
      mountPath: MOUNT_PATH,
      clientId: opts.clientId,
      audience: opts.audience,
      appOrigins,
      users,
      accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 300,
      ...secrets,
      Adapter: store.Adapter,
    }),
  );
  provider.proxy = true; // behind a reverse proxy, X-Forwarded-Proto decides whether cookies are Secure
  provider.use(interactionRoutes(provider, users, { mountPath: MOUNT_PATH, clientId: opts.clientId, formActionOrigins: appOrigins }));
  logEvents(provider, log);
  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    middleware: mount(provider, MOUNT_PATH),
    demoUsers: [...users.users],
    stop: () => store.flush(),
  };
}
