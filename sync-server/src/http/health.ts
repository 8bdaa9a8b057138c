/** Liveness (`/healthcheck`, the original's contract) and readiness (database reachable). */
import Router from '@koa/router';
import { sql, type DatabasePool } from '../platform/db.ts';
import type { Metrics } from '../platform/metrics.ts';

export function healthRouter(db: DatabasePool, metrics: Metrics): Router {
  const router = new Router();
  router.get('/healthcheck', (ctx) => {
    ctx.body = { status: 'UP' };
  });
  router.get('/readyz', async (ctx) => {
    try {
      await db.oneFirst(sql.unsafe`SELECT 1`);
      ctx.body = { status: 'UP', database: 'UP' };
    } catch {
      ctx.status = 503;
      ctx.body = { status: 'DOWN', database: 'DOWN' };
    }
  });
  router.get('/metrics', async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
  return router;
}
