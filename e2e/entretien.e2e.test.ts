/**
 * Entretien offline in Chromium, on the real stack: start a session online, go offline, wait a
 * minute, stop it, reload with the network still off (the session is there, marked pending),
 * reconnect: the server has the session with the right duration and nothing is pending. An
 * activity created offline and refused as a duplicate opens from the sync panel's "Corriger",
 * clicked while the page is open. And a running timer survives a reload and a browser restart
 * with the network off.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { chromium, type BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, signIn, useSignedInPage } from './harness.ts';
import { runAxe, seriousViolations, waitForServiceWorkerControl } from './pwa-shell.ts';

const fx = useSignedInPage();

interface SessionRow {
  id: string;
  started_at: string;
  ended_at: string | null;
  duration_minutes: number | null;
  auto_stopped: boolean;
  deleted: boolean;
}

async function sql(text: string, values: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: fx.stack.databaseUrl });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

async function serverSessions(): Promise<SessionRow[]> {
  const client = new pg.Client({ connectionString: fx.stack.databaseUrl });
  await client.connect();
  try {
    const r = await client.query<SessionRow>(
      `SELECT id, started_at, ended_at, duration_minutes, auto_stopped, deleted FROM maintenance_sessions
       WHERE service_id = '5e000000-0000-0000-0000-000000000001' ORDER BY started_at`,
    );
    return r.rows;
  } finally {
    await client.end();
  }
}

async function ownerOfFirstSession(): Promise<string> {
  const client = new pg.Client({ connectionString: fx.stack.databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ owner_id: string }>('SELECT owner_id FROM maintenance_sessions LIMIT 1')).rows[0]!.owner_id;
  } finally {
    await client.end();
  }
}

async function serverRow(id: string): Promise<SessionRow | undefined> {
  return (await serverSessionsById())[id];
}

async function serverSessionsById(): Promise<Record<string, SessionRow>> {
  const client = new pg.Client({ connectionString: fx.stack.databaseUrl });
  await client.connect();
  try {
    const r = await client.query<SessionRow>('SELECT id, started_at, ended_at, duration_minutes, auto_stopped, deleted FROM maintenance_sessions');
    return Object.fromEntries(r.rows.map((row) => [row.id, row]));
  } finally {
    await client.end();
  }
}

const mowCard = () => fx.page.getByRole('region', { name: 'Passer la tondeuse' });
const pendingMarks = () => fx.page.locator('main').getByRole('img', { name: 'Non synchronisé' });
const pendingBadge = () => fx.page.locator('.sync-indicator .badge');

describe('Entretien offline', () => {
  it('keeps a session stopped offline across a reload and delivers it with the right duration', async () => {
    await fx.page.goto('/entretien');
    await mowCard().waitFor({ timeout: 20_000 });

    // Online start: it reaches the server and stops being pending.
    await mowCard().getByRole('button', { name: /Démarrer/ }).click();
    const clickedStartAt = Date.now();
    await mowCard().getByRole('button', { name: /Stop/ }).waitFor();
    await expect.poll(async () => (await serverSessions()).length, { timeout: 20_000 }).toBe(1);
    await expect.poll(() => pendingMarks().count(), { timeout: 20_000 }).toBe(0);

    // Offline: the timer keeps ticking; the stop is a local write, pending.
    await fx.context.setOffline(true);
    await fx.page.waitForTimeout(61_000);
    expect(await mowCard().getByRole('timer').textContent()).toMatch(/^00:01:0\d$/);
    await mowCard().getByRole('button', { name: /Stop/ }).click();
    const clickedStopAt = Date.now();
    await mowCard().getByRole('button', { name: /Démarrer/ }).waitFor();
    expect(await mowCard().getByRole('timer').textContent()).toBe('--:--:--');
    // The card itself says a session waits to be sent, without opening the history.
    expect(await mowCard().getByText("1 session en attente d'envoi").count()).toBe(1);
    expect((await serverSessions())[0]?.ended_at).toBeNull();

    // Reload with the network still off: served by the service worker, the session is there, pending.
    const response = await fx.page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await mowCard().waitFor({ timeout: 20_000 });
    await mowCard().getByText("1 session en attente d'envoi").waitFor();
    await fx.page.getByRole('button', { name: /Passer la tondeuse.*1 session\(s\)/ }).click();
    const history = fx.page.getByRole('table', { name: 'Sessions : Passer la tondeuse' });
    const row = history.getByRole('row').nth(1);
    await expect.poll(() => row.textContent()).toContain('1min');
    expect(await row.getByRole('img', { name: 'Non synchronisé' }).count()).toBe(1);
    expect(await pendingBadge().count()).toBe(1);

    // Back online: the stop reaches the server; nothing is pending any more.
    await fx.context.setOffline(false);
    await expect.poll(async () => (await serverSessions())[0]?.ended_at ?? null, { timeout: 45_000 }).not.toBeNull();
    const [stored] = await serverSessions();
    const startedAt = Number(stored!.started_at);
    const endedAt = Number(stored!.ended_at);
    expect(stored).toMatchObject({ duration_minutes: Math.floor((endedAt - startedAt) / 60_000), auto_stopped: false, deleted: false });
    expect(stored!.duration_minutes).toBe(1);
    // The recorded interval is the one the user clicked (the browser and the server share a clock here).
    expect(Math.abs(endedAt - startedAt - (clickedStopAt - clickedStartAt))).toBeLessThan(3000);
    await expect.poll(() => pendingBadge().count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => pendingMarks().count(), { timeout: 30_000 }).toBe(0);
    expect(await mowCard().getByText(/en attente d'envoi/).count()).toBe(0);
    expect(await row.textContent()).toContain('1min');
  });

  it('shows the 3 h 30 warning and an auto-stopped session in accessible colours, and lets the user correct it', async () => {
    await fx.context.setOffline(false);
    const owner = await ownerOfFirstSession();
    const now = Date.now();
    // A whole minute, so the minute-precision input gives exactly 90 minutes.
    const autoStart = Math.floor((now - 6 * 3600_000) / 60_000) * 60_000;
    // Written on the server side (as another device's push would be): they reach the page through the stream.
    await sql(
      `INSERT INTO maintenance_sessions (id, owner_id, service_id, started_at, ended_at, duration_minutes, auto_stopped)
       VALUES ('e2e-warn', $1, '5e000000-0000-0000-0000-000000000002', $2, NULL, NULL, false),
              ('e2e-auto', $1, '5e000000-0000-0000-0000-000000000003', $3, $4, 240, true)`,
      [owner, now - 215 * 60_000, autoStart, autoStart + 4 * 3600_000],
    );
    const pool = fx.page.getByRole('region', { name: 'Nettoyer la piscine' });
    await expect.poll(() => pool.textContent(), { timeout: 30_000 }).toContain('Arrêt auto dans 25min');
    await fx.page.getByRole('button', { name: /Passer le Karcher.*1 session\(s\)/ }).click();
    const karcher = fx.page.getByRole('table', { name: 'Sessions : Passer le Karcher' });
    await expect.poll(() => karcher.textContent()).toContain('(auto)');
    expect(seriousViolations(await runAxe(fx.page))).toEqual([]);

    await karcher.getByRole('button', { name: /Corriger/ }).click();
    const input = fx.page.getByLabel('Nouvelle fin');
    expect(await input.evaluate((e) => e === document.activeElement)).toBe(true);
    // The browser context runs in Europe/Paris: the input takes Paris wall time ("sv-SE" gives YYYY-MM-DD HH:mm).
    const wall = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });
    await input.fill(wall.format(autoStart + 90 * 60_000).replace(' ', 'T'));
    await fx.page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(async () => (await serverRow('e2e-auto'))?.duration_minutes, { timeout: 30_000 }).toBe(90);
    expect(await serverRow('e2e-auto')).toMatchObject({ auto_stopped: true, ended_at: String(autoStart + 90 * 60_000) });
    await expect.poll(() => karcher.textContent()).toContain('1h30');
  });
});

describe('a refused activity, from the sync panel', () => {
  const focusedLabel = () => fx.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);

  it('"Corriger" clicked while on the fx.page focuses its card with the reason, and again after moving on', async () => {
    await fx.context.setOffline(false);
    await fx.page.goto('/entretien');
    await mowCard().waitFor({ timeout: 20_000 });
    await fx.context.setOffline(true);
    await fx.page.getByLabel('Nouvelle activité').fill('Jardinage');
    await fx.page.getByRole('button', { name: 'Ajouter' }).click();
    await fx.page.getByRole('region', { name: 'Jardinage' }).waitFor();
    // Meanwhile the server got a global activity of that name: the one created offline is a duplicate.
    await sql(`INSERT INTO services (id, code, label, scope, created_at) VALUES ('5e000000-0000-0000-0000-0000000000e2', 'jardinage', 'Jardinage', 'global', $1)`, [
      Date.now(),
    ]);
    await fx.context.setOffline(false);
    await fx.page.locator('.sync-indicator .badge-alert').waitFor({ timeout: 45_000 });

    const syncButton = fx.page.locator('.sync-button');
    const corriger = fx.page.getByRole('region', { name: 'Synchronisation' }).getByRole('listitem', { name: 'Activité « Jardinage »' }).getByRole('link', { name: 'Corriger' });
    await syncButton.click();
    await corriger.click();
    await expect.poll(focusedLabel, { timeout: 10_000 }).toBe('Jardinage');
    const refused = fx.page.locator('.entretien-card.is-target');
    expect(await refused.getByRole('note').textContent()).toMatch(/^Refusée par le serveur : .*existe déjà/);
    expect(fx.page.url()).toMatch(/\/entretien\?corriger=/);

    // The user moves on, then asks again: same URL, a new request.
    await mowCard().getByRole('button', { name: /Démarrer/ }).focus();
    await syncButton.click();
    await corriger.click();
    await expect.poll(focusedLabel, { timeout: 10_000 }).toBe('Jardinage');
  });
});

/** Seconds shown by a HH:MM:SS timer. */
function timerSeconds(text: string | null): number {
  const m = /^(\d\d):(\d\d):(\d\d)$/.exec(text ?? '');
  if (!m) throw new Error(`not a running timer: ${text}`);
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/** Chromium with a profile on disk (what a browser restart keeps), as launchBrowser() and newContext() set it up. */
function launchProfile(profile: string, offline: boolean): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    baseURL: fx.stack.url,
    serviceWorkers: 'allow',
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    offline,
    args: CHROMIUM_ARGS,
  });
}

describe('a running timer offline', () => {
  it('survives a reload and a fx.browser restart with the network off, with the right elapsed time', async () => {
    const profile = await mkdtemp(join(tmpdir(), 'itercraft-entretien-'));
    let persistent = await launchProfile(profile, false);
    try {
      // The second demo user, so the first tests' sessions are not in the way.
      let tab = persistent.pages()[0] ?? (await persistent.newPage());
      await tab.goto('/');
      await tab.getByRole('button', { name: 'Refuser' }).click();
      await tab.getByRole('button', { name: 'Connexion' }).first().click();
      await signIn(tab, fx.stack.demoUsers[1]!);
      await tab.getByText(fx.stack.demoUsers[1]!.username, { exact: true }).first().waitFor({ timeout: 15_000 });
      await waitForServiceWorkerControl(tab);
      await tab.goto('/entretien');
      const card = () => tab.getByRole('region', { name: 'Passer la tondeuse' });
      await card().getByRole('button', { name: /Démarrer/ }).click();
      await card().getByRole('button', { name: /Stop/ }).waitFor();
      // The start as the server stored it (browser and server share this machine's clock).
      let startedAt = 0;
      await expect
        .poll(async () => {
          const running = Object.values(await serverSessionsById()).filter((r) => r.ended_at === null && !r.deleted && r.id !== 'e2e-warn');
          startedAt = running.length === 1 ? Number(running[0]!.started_at) : 0;
          return startedAt;
        }, { timeout: 20_000 })
        .toBeGreaterThan(0);
      const expectRightElapsed = async () => {
        const shown = timerSeconds(await card().getByRole('timer').textContent());
        expect(Math.abs(shown - (Date.now() - startedAt) / 1000)).toBeLessThanOrEqual(2);
      };

      await persistent.setOffline(true);
      await tab.waitForTimeout(2_000);
      expect((await tab.reload())?.fromServiceWorker()).toBe(true);
      await card().getByRole('button', { name: /Stop/ }).waitFor({ timeout: 20_000 });
      await expectRightElapsed();
      const before = timerSeconds(await card().getByRole('timer').textContent());
      await tab.waitForTimeout(2_100);
      expect(timerSeconds(await card().getByRole('timer').textContent())).toBeGreaterThanOrEqual(before + 2);
      await expectRightElapsed();

      // The whole browser closes; it comes back on the same profile, still without network.
      await persistent.close();
      persistent = await launchProfile(profile, true);
      tab = persistent.pages()[0] ?? (await persistent.newPage());
      expect((await tab.goto('/entretien'))?.fromServiceWorker()).toBe(true);
      await card().getByRole('button', { name: /Stop/ }).waitFor({ timeout: 20_000 });
      await expectRightElapsed();
      expect(await tab.evaluate(() => navigator.onLine)).toBe(false);
    } finally {
      await persistent.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
});
