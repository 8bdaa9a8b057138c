/** HTTP surface of the replication protocol; handlers only unpack, call and respond. */
import Router from '@koa/router';
import { z } from 'zod/v4';
import { collections } from '@itercraft/shared/collections/index';
import type { CollectionDefinition } from '@itercraft/shared/schema-kit/define-collection';
import { MAX_PULL_LIMIT, MAX_PUSH_ROWS, SYNC_PROTOCOL_VERSION, decodeCheckpoint, syncErrorCodes } from '@itercraft/shared/sync/protocol';
import { errorCodes } from '@itercraft/shared/errors';
import type { Context } from 'koa';
import type { Deps } from '../../deps.ts';
import { userOf } from '../../http/auth.ts';
import { AppError, badRequest, conflict, forbidden, notFound, unavailable, upgradeRequired } from '../../http/errors.ts';
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

function specFor(specs: ReadonlyMap<string, TableSpec>, ctx: Context): TableSpec {
  const name = String((ctx.params as Record<string, string | undefined>).collection);
  const spec = specs.get(name);
  if (!spec) throw notFound(`Collection inconnue : ${name}`);
  return spec;
}

/**
 * The client's collection schema against ours: older → 426 (the app must reload to get the new
 * version); newer → 409 SERVER_OUTDATED (this server was not upgraded yet, e.g. mid-deployment:
 * the client keeps its data and retries later; reloading would only bring the same app back).
 */
function checkSchema(spec: TableSpec, version: number): void {
  if (version < spec.def.version) throw upgradeRequired();
  if (version > spec.def.version) {
    throw conflict("Le serveur n'est pas encore à jour pour cette version de l'application, nouvel essai plus tard", syncErrorCodes.SERVER_OUTDATED);
  }
}

function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const r = schema.safeParse(query);
  if (!r.success) throw badRequest('Paramètres invalides', r.error.issues);
  return r.data;
}

/**
 * `definitions` defaults to the shared registry; tests pass others (e.g. a collection at another
 * schema version) to exercise the real routes.
 */
export function syncRouter(
  deps: Deps,
  rules: RulesRegistry,
  streamOptions: StreamOptions,
  definitions: readonly CollectionDefinition[] = Object.values(collections),
): Router {
  const specs = new Map<string, TableSpec>(definitions.map((d) => [d.name, tableSpec(d)]));
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
    const spec = specFor(specs, ctx);
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
    const spec = specFor(specs, ctx);
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
    // One increment per outcome, not per row: each labelled inc hashes its labels.
    const counts = new Map<string, number>();
    for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    for (const [outcome, n] of counts) deps.metrics.syncPushOutcomes.inc({ collection: spec.def.name, outcome }, n);
    ctx.body = { results };
  });

  return router;
}
