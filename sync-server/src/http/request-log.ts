import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../platform/logger.ts';
import type { Metrics } from '../platform/metrics.ts';

/** Request id, access log and HTTP metrics. The route label is the matched pattern, never the raw path. */
export function requestLog(logger: Logger, metrics: Metrics): Middleware {
  return async function requestLog(ctx, next) {
    const requestId = ctx.get('x-request-id') || randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('x-request-id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (ctx as { _matchedRoute?: unknown })._matchedRoute;
      const label = typeof route === 'string' ? route : 'unmatched';
      metrics.httpRequests.inc({ method: ctx.method, route: label, status: String(ctx.status) });
      metrics.httpDuration.observe({ method: ctx.method, route: label }, seconds);
      if (ctx.path !== '/metrics' && ctx.path !== '/healthcheck') {
        logger.debug({ requestId, method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(seconds * 1000) }, 'request');
      }
    }
  };
}
