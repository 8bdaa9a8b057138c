/**
 * The original's REST API (`/api/maintenance/*`, same JSON shapes) on the replicated data, with
 * 4xx answers and French messages where the original answered 500. Handlers only unpack, call
 * and respond; mutations need the double-submit CSRF token as in the original.
 */
import Router from '@koa/router';
import { z } from 'zod/v4';
import { DEFAULT_TIME_ZONE, isValidTimeZone } from '@itercraft/shared/maintenance/time-zone';
import type { Deps } from '../../deps.ts';
import { userOf } from '../../http/auth.ts';
import { csrf } from '../../http/csrf.ts';
import { parseInput } from '../../http/validate.ts';
import * as commands from './maintenance.commands.ts';

const tzQuery = z.object({
  tz: z
    .string()
    .max(64)
    .refine(isValidTimeZone, { message: 'Fuseau horaire inconnu' })
    .default(DEFAULT_TIME_ZONE),
});
const createBody = z.object({ label: z.string({ message: 'Le champ "label" est requis' }).max(1000) });
const codeParam = z.string().min(1).max(100);
const idParam = z.string().min(1).max(64);

export function maintenanceRouter(deps: Deps): Router {
  const router = new Router({ prefix: '/api/maintenance' });
  const cmd: commands.CommandDeps = { db: deps.db, logger: deps.logger, now: () => deps.clock.now() };
  router.use(deps.requireAuth);
  router.use(csrf({ cookieDomain: deps.config.csrfCookieDomain, secure: deps.config.env === 'production' }));

  router.get('/activities', async (ctx) => {
    const { tz } = parseInput(tzQuery, ctx.query, 'Paramètres invalides');
    ctx.body = await commands.listActivities(cmd, userOf(ctx).sub, tz);
  });

  router.post('/activities', async (ctx) => {
    const { label } = parseInput(createBody, ctx.request.body ?? {}, 'Corps de requête invalide');
    ctx.status = 201;
    ctx.body = await commands.createActivity(cmd, userOf(ctx).sub, label);
  });

  router.post('/activities/:code/start', async (ctx) => {
    ctx.status = 201;
    ctx.body = await commands.startActivity(cmd, userOf(ctx).sub, parseInput(codeParam, ctx.params.code));
  });

  router.post('/activities/:code/stop', async (ctx) => {
    ctx.body = await commands.stopActivity(cmd, userOf(ctx).sub, parseInput(codeParam, ctx.params.code));
  });

  router.get('/activities/:code/history', async (ctx) => {
    ctx.body = await commands.activityHistory(cmd, userOf(ctx).sub, parseInput(codeParam, ctx.params.code));
  });

  router.get('/totals', async (ctx) => {
    const { tz } = parseInput(tzQuery, ctx.query, 'Paramètres invalides');
    ctx.body = await commands.maintenanceTotals(cmd, userOf(ctx).sub, tz);
  });

  router.delete('/sessions/:id', async (ctx) => {
    await commands.deleteSession(cmd, userOf(ctx).sub, parseInput(idParam, ctx.params.id));
    ctx.status = 204;
  });

  return router;
}
