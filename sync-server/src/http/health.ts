/** Liveness (`/healthcheck`, the original's contract) and readiness (database reachable). */
import Router from '@koa/router';
import { sql, type DatabasePool } from '../platform/db.ts';
import type { Metrics } from '../platform/metrics.ts';

/** A readiness probe must answer within the orchestrator's timeout even if the database hangs. */
const READINESS_TIMEOUT_MS = 2000;

async function databaseUp(db: DatabasePool): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), READINESS_TIMEOUT_MS)));
  const check = db.oneFirst(sql.unsafe`SELECT 1`).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRouter(db: DatabasePool, metrics: Metrics): Router {
  const router = new Router();
  router.get('/healthcheck', (ctx) => {
    ctx.body = { status: 'UP' };
  });
  router.get('/readyz', async (ctx) => {
    if (await databaseUp(db)) {
      ctx.body = { status: 'UP', database: 'UP' };
    } else {
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
