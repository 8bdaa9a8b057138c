/** HTTP surface of the replication protocol; handlers only unpack, call and respond. */
import Router from '@koa/router';
import { z } from 'zod/v4';
import { isCollectionName, collections } from '@itercraft/shared/collections/index';
import { MAX_PULL_LIMIT, MAX_PUSH_ROWS, SYNC_PROTOCOL_VERSION, decodeCheckpoint } from '@itercraft/shared/sync/protocol';
import { errorCodes } from '@itercraft/shared/errors';
import type { Context } from 'koa';
import type { Deps } from '../../deps.ts';
import { userOf } from '../../http/auth.ts';
import { AppError, badRequest, forbidden, notFound, unavailable, upgradeRequired } from '../../http/errors.ts';
import { pullChanges } from './pull.ts';
import { pushChanges } from './push.ts';
import type { RulesRegistry } from './rules.ts';
import { serveStream, type StreamOptions } from './stream.ts';
import { tableSpec, type TableSpec } from './table-spec.ts';

const pullQuery = z.object({
  checkpoint: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(100),
  schema: z.coerce.number().int().min(0),
});
const pushQuery = z.object({ schema: z.coerce.number().int().min(0) });

const specs = new Map<string, TableSpec>(Object.values(collections).map((d) => [d.name, tableSpec(d)]));

function specFor(ctx: Context): TableSpec {
  const name = String((ctx.params as Record<string, string | undefined>).collection);
  const spec = isCollectionName(name) ? specs.get(name) : undefined;
  if (!spec) throw notFound(`Collection inconnue : ${name}`);
  return spec;
}

function checkSchema(spec: TableSpec, version: number): void {
  if (version < spec.def.version) throw upgradeRequired();
  if (version > spec.def.version) throw badRequest('Version de schéma inconnue du serveur', undefined, errorCodes.VALIDATION);
}

function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const r = schema.safeParse(query);
  if (!r.success) throw badRequest('Paramètres invalides', r.error.issues);
  return r.data;
}

export function syncRouter(deps: Deps, rules: RulesRegistry, streamOptions: StreamOptions): Router {
  const router = new Router();

  // Any other protocol version than ours is an outdated (or future) client: tell it to reload.
  router.all(/^\/sync\/v(\d+)\//, async (ctx, next) => {
    const version = Number((/^\/sync\/v(\d+)\//.exec(ctx.path) ?? [])[1]);
    if (version !== SYNC_PROTOCOL_VERSION) throw upgradeRequired();
    await next();
  });

  router.get('/sync/v1/stream', deps.requireAuth, async (ctx) => {
    const user = userOf(ctx);
    // A stream opened while this process shuts down would only be cut again: send it elsewhere.
    if (deps.changes.ending) throw unavailable('Le serveur redémarre, reconnexion à un autre serveur');
    ctx.respond = false;
    await serveStream(ctx.res, user.sub, deps.changes, streamOptions, {
      now: () => deps.clock.now(),
      onOpen: () => deps.metrics.streamClients.inc(),
      onClose: (dropped) => {
        deps.metrics.streamClients.dec();
        if (dropped) deps.metrics.streamDropped.inc();
      },
    });
  });

  router.get('/sync/v1/:collection/pull', deps.requireAuth, async (ctx) => {
    const spec = specFor(ctx);
    const q = parseQuery(pullQuery, ctx.query);
    checkSchema(spec, q.schema);
    let checkpoint;
    try {
      checkpoint = decodeCheckpoint(q.checkpoint);
    } catch {
      throw badRequest('Point de reprise (checkpoint) invalide');
    }
    const result = await pullChanges(deps.db, spec, rules[spec.def.name], userOf(ctx).sub, checkpoint, q.limit, deps.clock.now());
    deps.metrics.syncPulledDocs.inc({ collection: spec.def.name }, result.documents.length);
    ctx.body = result;
  });

  router.post('/sync/v1/:collection/push', deps.requireAuth, async (ctx) => {
    const spec = specFor(ctx);
    const q = parseQuery(pushQuery, ctx.query);
    checkSchema(spec, q.schema);
    if (spec.def.push === 'server-only') throw forbidden('Collection en lecture seule', errorCodes.READ_ONLY);
    const rows: unknown = ctx.request.body;
    if (!Array.isArray(rows)) throw badRequest('Le corps doit être un tableau de lignes');
    if (rows.length > MAX_PUSH_ROWS) throw new AppError(413, errorCodes.PAYLOAD_TOO_LARGE, `Au plus ${MAX_PUSH_ROWS} lignes par envoi`);
    const results = await pushChanges(
      { db: deps.db, logger: deps.logger, now: () => deps.clock.now() },
      spec,
      rules[spec.def.name],
      userOf(ctx).sub,
      rows,
    );
    for (const r of results) deps.metrics.syncPushOutcomes.inc({ collection: spec.def.name, outcome: r.status });
    ctx.body = { results };
  });

  return router;
}
