/**
 * Entretien offline in Chromium, on the real stack: start a session online, go offline, wait a
 * minute, stop it, reload with the network still off (the session is there, marked pending),
 * reconnect: the server has the session with the right duration and nothing is pending.
 */
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, signIn, startStack, type Stack } from './harness.ts';
import { waitForServiceWorkerControl } from './pwa-shell.ts';

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

interface SessionRow {
  id: string;
  started_at: string;
  ended_at: string | null;
  duration_minutes: number | null;
  auto_stopped: boolean;
  deleted: boolean;
}

async function serverSessions(): Promise<SessionRow[]> {
  const client = new pg.Client({ connectionString: stack.databaseUrl });
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

const mowCard = () => page.getByRole('region', { name: 'Passer la tondeuse' });
const pendingMarks = () => page.locator('main').getByRole('img', { name: 'Non synchronisé' });
const pendingBadge = () => page.locator('.sync-indicator .badge');

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  context = await newContext(browser, stack);
  page = await context.newPage();
  await page.goto('/');
  await page.getByRole('button', { name: 'Refuser' }).click();
  await page.getByRole('button', { name: 'Connexion' }).first().click();
  await signIn(page, stack.demoUsers[0]!);
  await page.getByText('laurent', { exact: true }).first().waitFor({ timeout: 15_000 });
  await waitForServiceWorkerControl(page);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.stop();
});

describe('Entretien offline', () => {
  it('keeps a session stopped offline across a reload and delivers it with the right duration', async () => {
    await page.goto('/entretien');
    await mowCard().waitFor({ timeout: 20_000 });

    // Online start: it reaches the server and stops being pending.
    await mowCard().getByRole('button', { name: /Démarrer/ }).click();
    const clickedStartAt = Date.now();
    await mowCard().getByRole('button', { name: /Stop/ }).waitFor();
    await expect.poll(async () => (await serverSessions()).length, { timeout: 20_000 }).toBe(1);
    await expect.poll(() => pendingMarks().count(), { timeout: 20_000 }).toBe(0);

    // Offline: the timer keeps ticking; the stop is a local write, pending.
    await context.setOffline(true);
    await page.waitForTimeout(61_000);
    expect(await mowCard().getByRole('timer').textContent()).toMatch(/^00:01:0\d$/);
    await mowCard().getByRole('button', { name: /Stop/ }).click();
    const clickedStopAt = Date.now();
    await mowCard().getByRole('button', { name: /Démarrer/ }).waitFor();
    expect(await mowCard().getByRole('timer').textContent()).toBe('--:--:--');
    expect((await serverSessions())[0]?.ended_at).toBeNull();

    // Reload with the network still off: served by the service worker, the session is there, pending.
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await mowCard().waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: /Passer la tondeuse.*1 session\(s\)/ }).click();
    const history = page.getByRole('table', { name: 'Sessions : Passer la tondeuse' });
    const row = history.getByRole('row').nth(1);
    await expect.poll(() => row.textContent()).toContain('1min');
    expect(await row.getByRole('img', { name: 'Non synchronisé' }).count()).toBe(1);
    expect(await pendingBadge().count()).toBe(1);

    // Back online: the stop reaches the server; nothing is pending any more.
    await context.setOffline(false);
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
    expect(await row.textContent()).toContain('1min');
  });
});
