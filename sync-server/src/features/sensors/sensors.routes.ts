/** REST surface of the sensors feature; handlers only unpack, call and respond. */
import Router from '@koa/router';
import { z } from 'zod/v4';
import type { Deps } from '../../deps.ts';
import { userOf } from '../../http/auth.ts';
import { csrf } from '../../http/csrf.ts';
import { badRequest } from '../../http/errors.ts';
import { parseInput } from '../../http/validate.ts';
import { enrolDevice } from './enrolment.ts';
import { brokerAddressForDevices, credentialsHeader, readCaPem } from './provisioning.ts';
import { sensorDataInRange } from './sensor-data.ts';

const DAY_MS = 24 * 3_600_000;
/** Longest range one request may ask for: the rollups' retention. */
const MAX_RANGE_MS = 400 * DAY_MS;

const isoWithOffset = z.iso.datetime({ offset: true });
const dataQuery = z.object({
  from: isoWithOffset.optional(),
  to: isoWithOffset.optional(),
});

/** What the enrolment form sends. */
export const enrolBodySchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** seconds between readings; the same bounds as the firmware's `interval` command */
  intervalSeconds: z.int().min(10).max(86_400).default(30),
});

function dateRange(query: unknown, now: number): { from: number; to: number } {
  const q = parseInput(dataQuery, query, 'Dates invalides : format ISO-8601 avec fuseau attendu (ex. 2026-02-01T00:00:00+01:00)');
  const to = q.to ? Date.parse(q.to) : now;
  const from = q.from ? Date.parse(q.from) : to - 7 * DAY_MS;
  if (from > to) throw badRequest('La date de début doit précéder la date de fin');
  if (to - from > MAX_RANGE_MS) throw badRequest('Période trop longue : 400 jours au plus');
  return { from, to };
}

export function sensorsRouter(deps: Deps): Router {
  const router = new Router({ prefix: '/api/sensors' });
  const secure = (deps.config.publicUrl ?? '').startsWith('https:');
  router.use(csrf({ cookieDomain: deps.config.csrfCookieDomain, secure }));

  router.get('/data', deps.requireAuth, async (ctx) => {
    const user = userOf(ctx);
    const now = deps.clock.now();
    const { from, to } = dateRange(ctx.query, now);
    ctx.body = await sensorDataInRange(deps.db, user.sub, from, to, now);
  });

  router.post('/devices', deps.requireAuth, async (ctx) => {
    const user = userOf(ctx);
    const body = parseInput(enrolBodySchema, ctx.request.body, 'Capteur invalide');
    const now = deps.clock.now();
    const enrolment = await enrolDevice(deps.db, { ownerId: user.sub, name: body.name, intervalSeconds: body.intervalSeconds, now });
    const broker = brokerAddressForDevices({
      publicUrl: deps.config.mqtt.publicUrl,
      brokerUrl: deps.mqtt?.url ?? 'mqtts://localhost:8883',
      requestHost: ctx.host,
    });
    const provisioning = credentialsHeader({
      username: enrolment.username,
      password: enrolment.password,
      deviceName: body.name,
      intervalSeconds: body.intervalSeconds,
      broker,
      caPem: await readCaPem(deps.mqtt?.caFile),
      now,
    });
    ctx.status = 201;
    // The password is in this response and nowhere else: no cache may keep it.
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { ...enrolment, broker, provisioning };
  });

  return router;
}
