/**
 * Composition of the HTTP app: middleware order and mounted routers, no logic. A pure function
 * of its dependencies so tests build it with a test database and a test identity provider.
 */
import Koa from 'koa';
import cors from '@koa/cors';
import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import type { Deps } from './deps.ts';
import { errorHandler } from './http/error-handler.ts';
import { healthRouter } from './http/health.ts';
import { requestLog } from './http/request-log.ts';
import { serverTime } from './http/server-time.ts';
import type { FeatureModule } from './platform/module.ts';

export interface AppOptions {
  /** Allowed CORS origins; the app's own origin needs no entry. */
  corsOrigins: string[];
  /** Extra middleware mounted before the features (embedded identity provider, static PWA). */
  before?: Middleware[];
  after?: Middleware[];
}

export function createApp(deps: Deps, modules: FeatureModule[], opts: AppOptions): Koa {
  const app = new Koa({ proxy: true });
  const allowed = new Set(opts.corsOrigins);
  app.use(requestLog(deps.logger, deps.metrics));
  app.use(errorHandler(deps.logger));
  app.use(serverTime(deps.clock));
  for (const m of opts.before ?? []) app.use(m);
  app.use(
    cors({
      origin: (ctx) => (allowed.has(ctx.get('origin')) ? ctx.get('origin') : ''),
      credentials: true,
      allowHeaders: ['Authorization', 'Content-Type', 'X-XSRF-TOKEN', 'X-Request-Id'],
      exposeHeaders: ['X-Server-Time', 'X-Request-Id'],
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    }),
  );
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '5mb' }));
  const health = healthRouter(deps.db, deps.metrics);
  app.use(health.routes()).use(health.allowedMethods());
  for (const m of modules) {
    if (m.router) app.use(m.router.routes()).use(m.router.allowedMethods());
  }
  for (const m of opts.after ?? []) app.use(m);
  app.on('error', (err: unknown) => deps.logger.debug({ err }, 'koa error event'));
  return app;
}
