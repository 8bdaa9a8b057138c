import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../platform/clock.ts';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { openStream, pullAll } from '../../../test/sync-client.ts';
import { HOUR, MIN, PISCINE, TONDEUSE, newUser, pushSessions, restClient, session, sessionsById } from './maintenance.test-kit.ts';

// Tuesday 12 May 2026, 10:00 in Paris (08:00 UTC).
const T0 = Date.UTC(2026, 4, 12, 8, 0, 0);
const clock = new FakeClock(T0);
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ clock });
});
afterAll(() => server.close());

type Json = Record<string, unknown>;

describe('/api/maintenance (REST parity)', () => {
  it('lists the three global activities for a new user, with the original JSON shape', async () => {
    clock.set(T0);
    const call = await restClient(server, (await newUser(server)).token);
    const res = await call('GET', '/activities');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { serviceCode: 'piscine', serviceLabel: 'Nettoyer la piscine', isActive: false, startedAt: null, totalMinutesToday: 0 },
      { serviceCode: 'tondeuse', serviceLabel: 'Passer la tondeuse', isActive: false, startedAt: null, totalMinutesToday: 0 },
      { serviceCode: 'karcher', serviceLabel: 'Passer le Karcher', isActive: false, startedAt: null, totalMinutesToday: 0 },
    ]);
  });

  it('creates a private activity (201), refuses a duplicate (409) and a blank label (400), in French', async () => {
    const alice = await newUser(server);
    const call = await restClient(server, alice.token);
    expect(await call('POST', '/activities', { label: '  Jardinage ' })).toEqual({
      status: 201,
      body: { serviceCode: 'jardinage', serviceLabel: 'Jardinage', isActive: false, startedAt: null, totalMinutesToday: 0 },
    });
    expect(await call('POST', '/activities', { label: 'JARDINAGE' })).toEqual({
      status: 409,
      body: { error: { code: 'DUPLICATE', message: 'Une activité avec ce nom existe déjà' } },
    });
    expect(await call('POST', '/activities', { label: 'Passer la Tondeuse' })).toMatchObject({ status: 409 });
    expect(await call('POST', '/activities', { label: '  ' })).toEqual({
      status: 400,
      body: { error: { code: 'LABEL_BLANK', message: "Le nom de l'activité est requis" } },
    });
    expect((await call('POST', '/activities', {})).status).toBe(400);
    // The activity replicated: the user's devices pull it; another user does not see it.
    expect((await pullAll(server.url, alice.token, 'services')).map((d) => d.code)).toContain('jardinage');
    const other = await restClient(server, (await newUser(server)).token);
    expect(((await other('GET', '/activities')).body as Json[]).map((a) => a.serviceCode)).not.toContain('jardinage');
  });

  it('starts (201) and stops (200) a session; a second start is 409, a stop without session is 409', async () => {
    const u = await newUser(server);
    const call = await restClient(server, u.token);
    clock.set(T0);
    const started = await call('POST', '/activities/tondeuse/start');
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ serviceCode: 'tondeuse', serviceLabel: 'Passer la tondeuse', startedAt: new Date(T0).toISOString(), endedAt: null, durationMinutes: null, autoStopped: false });
    expect(await call('POST', '/activities/tondeuse/start')).toEqual({
      status: 409,
      body: { error: { code: 'ALREADY_RUNNING', message: 'Une session est déjà en cours pour ce service' } },
    });
    const listed = ((await call('GET', '/activities')).body as Json[]).find((a) => a.serviceCode === 'tondeuse');
    expect(listed).toMatchObject({ isActive: true, startedAt: new Date(T0).toISOString(), totalMinutesToday: 0 });
    clock.set(T0 + 61 * MIN + 59_000);
    const stopped = await call('POST', '/activities/tondeuse/stop');
    expect(stopped).toMatchObject({ status: 200, body: { id: (started.body as Json).id, durationMinutes: 61, autoStopped: false, endedAt: new Date(T0 + 61 * MIN + 59_000).toISOString() } });
    expect(await call('POST', '/activities/tondeuse/stop')).toEqual({
      status: 409,
      body: { error: { code: 'NO_ACTIVE_SESSION', message: 'Aucune session active pour ce service' } },
    });
    expect(await call('POST', '/activities/inconnu/start')).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'Service non trouvé: inconnu' } } });
    // The REST write is an ordinary replicated document.
    expect((await sessionsById(server, u.token)).get((started.body as Json).id as string)).toMatchObject({ durationMinutes: 61 });
  });

  it('answers 404 "Service non trouvé: X" for start, stop and history of an unknown code', async () => {
    const call = await restClient(server, (await newUser(server)).token);
    const notFound = { status: 404, body: { error: { code: 'NOT_FOUND', message: 'Service non trouvé: nulle_part' } } };
    expect(await call('POST', '/activities/nulle_part/start')).toEqual(notFound);
    expect(await call('POST', '/activities/nulle_part/stop')).toEqual(notFound);
    expect(await call('GET', '/activities/nulle_part/history')).toEqual(notFound);
  });

  it('refuses a label without letter or digit, one over 100 characters and a missing one (400, in French)', async () => {
    const call = await restClient(server, (await newUser(server)).token);
    expect(await call('POST', '/activities', { label: '?! --' })).toEqual({
      status: 400,
      body: { error: { code: 'LABEL_NO_ALNUM', message: "Le nom de l'activité doit contenir au moins une lettre ou un chiffre" } },
    });
    expect(await call('POST', '/activities', { label: 'a'.repeat(101) })).toEqual({
      status: 400,
      body: { error: { code: 'LABEL_TOO_LONG', message: "Le nom de l'activité ne doit pas dépasser 100 caractères" } },
    });
    expect(await call('POST', '/activities', { label: 'a'.repeat(100) })).toMatchObject({ status: 201 });
    const missing = await call('POST', '/activities', { name: 'Jardinage' });
    expect(missing).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION', message: 'Corps de requête invalide' } } });
    expect(JSON.stringify(missing.body)).toContain('Le champ \\"label\\" est requis');
  });

  it('shows a session left running past 4 h as auto-stopped at start + 4 h before the job ran', async () => {
    const u = await newUser(server);
    const call = await restClient(server, u.token);
    clock.set(T0);
    await pushSessions(server, u.token, [{ newDocumentState: session('overdue-rest', T0 - 10 * MIN) }]);
    clock.set(T0 + 5 * HOUR);
    const expected = { id: 'overdue-rest', endedAt: new Date(T0 - 10 * MIN + 4 * HOUR).toISOString(), durationMinutes: 240, autoStopped: true };
    expect((await call('GET', '/activities/tondeuse/history')).body).toEqual([expect.objectContaining(expected)]);
    // Still running in the table: only the reading applies the rule.
    expect((await sessionsById(server, u.token)).get('overdue-rest')).toMatchObject({ endedAt: null });
    expect(((await call('GET', '/activities')).body as Json[]).find((a) => a.serviceCode === 'tondeuse')).toMatchObject({ isActive: false });
    expect(await call('POST', '/activities/tondeuse/stop')).toMatchObject({ status: 409, body: { error: { code: 'NO_ACTIVE_SESSION' } } });
  });

  it('reaches the stream like any other write', async () => {
    const u = await newUser(server);
    const call = await restClient(server, u.token);
    const stream = await openStream(server.url, u.token);
    try {
      const t = performance.now();
      expect((await call('POST', '/activities/piscine/start')).status).toBe(201);
      await stream.next((e) => e.at >= t && e.event === 'change' && (e.data as Json).collection === 'maintenanceSessions');
    } finally {
      stream.close();
    }
  });

  it('gives the history newest first with the running session, and deletes (204) even a running one', async () => {
    const u = await newUser(server);
    const call = await restClient(server, u.token);
    clock.set(T0 + 2 * HOUR);
    await pushSessions(server, u.token, [
      { newDocumentState: session('h-old', T0 - 10 * HOUR, { endedAt: T0 - 9 * HOUR }) },
      { newDocumentState: session('h-mid', T0 - 6 * HOUR, { endedAt: T0 - 90 * MIN }) },
      { newDocumentState: session('h-run', T0 + 2 * HOUR) },
    ]);
    const history = await call('GET', '/activities/tondeuse/history');
    expect((history.body as Json[]).map((s) => [s.id, s.endedAt === null, s.autoStopped])).toEqual([
      ['h-run', true, false],
      ['h-mid', false, true],
      ['h-old', false, false],
    ]);
    expect(await call('DELETE', '/sessions/h-run')).toEqual({ status: 204, body: null });
    expect((await sessionsById(server, u.token)).get('h-run')?.deleted).toBe(true);
    expect(await call('DELETE', '/sessions/h-run')).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'Session non trouvée' } } });
  });

  it("answers 404 for another user's session exactly as for an unknown id", async () => {
    const owner = await newUser(server);
    await pushSessions(server, owner.token, [{ newDocumentState: session('private-s', T0, { endedAt: T0 + MIN }) }]);
    const intruder = await restClient(server, (await newUser(server)).token);
    const foreign = await intruder('DELETE', '/sessions/private-s');
    const unknown = await intruder('DELETE', '/sessions/nope');
    expect(foreign).toEqual(unknown);
    expect(foreign.status).toBe(404);
    expect((await sessionsById(server, owner.token)).get('private-s')?.deleted).toBe(false);
  });

  it('computes totals per period in the requested time zone, the midnight split and the running session included', async () => {
    const u = await newUser(server);
    const call = await restClient(server, u.token);
    const now = T0 + 30 * MIN;
    clock.set(now);
    await pushSessions(server, u.token, [
      { newDocumentState: session('tot-1', Date.UTC(2026, 4, 11, 21, 50), { endedAt: Date.UTC(2026, 4, 11, 22, 20) }) }, // across Paris midnight
      { newDocumentState: session('tot-2', Date.UTC(2026, 4, 4, 8), { endedAt: Date.UTC(2026, 4, 4, 9, 5), serviceId: PISCINE }) },
      { newDocumentState: session('tot-3', Date.UTC(2026, 0, 2, 8), { endedAt: Date.UTC(2026, 0, 2, 8, 45) }) },
      { newDocumentState: session('tot-4', T0) }, // running: 30 min so far
    ]);
    const res = await call('GET', '/totals?tz=Europe/Paris');
    expect(res.status).toBe(200);
    const body = res.body as Json & { byActivity: Json[] };
    // That the PWA's page model gives the same figures on the same data, through a real RxDB
    // client, is tested in test/convergence.test.ts ("Entretien through the PWA data layer").
    expect(body).toMatchObject({ todayMinutes: 20 + 30, weekMinutes: 30 + 30, monthMinutes: 30 + 65 + 30, yearMinutes: 30 + 65 + 45 + 30 });
    expect(body.byActivity.find((a) => a.serviceCode === 'tondeuse')).toMatchObject({ todayMinutes: 50, yearMinutes: 105 });
    // The activity list's "today" counts finished sessions only (the page adds the running time).
    const listed = ((await call('GET', '/activities')).body as Json[]).find((a) => a.serviceCode === 'tondeuse');
    expect(listed).toMatchObject({ isActive: true, totalMinutesToday: 20 });
    // In UTC the midnight split falls elsewhere: all 30 minutes are on 11 May, not today.
    expect(((await call('GET', '/totals?tz=UTC')).body as Json).todayMinutes).toBe(30);
    void TONDEUSE;
  });

  it('validates the time zone, the token and the CSRF header', async () => {
    const u = await newUser(server);
    const call = await restClient(server, u.token);
    expect(await call('GET', '/totals?tz=Mars/Olympus')).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION' } } });
    expect(await call('POST', '/activities/tondeuse/start', undefined, { csrf: false })).toMatchObject({ status: 403, body: { error: { code: 'CSRF' } } });
    const anonymous = await fetch(`${server.url}/api/maintenance/totals`);
    expect(anonymous.status).toBe(401);
  });
});
