/**
 * The replication session in Chromium on the real stack:
 * - several tabs of one browser profile hold exactly one live stream to the server (the leader
 *   tab's), and when the leader tab closes another tab takes over and keeps syncing;
 * - the access token is refreshed before it expires (the embedded provider issues 70-second
 *   tokens here), so sync keeps working past the first token's expiry without a new sign-in.
 */
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, signInFromHome, startStack, type Stack } from './harness.ts';
import { waitForServiceWorkerControl } from './pwa-shell.ts';

const TOKEN_TTL_S = 70;

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ env: { EMBEDDED_OIDC_ACCESS_TOKEN_TTL: String(TOKEN_TTL_S) } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function streamClients(): Promise<number> {
  const text = await (await fetch(`${stack.url}/metrics`)).text();
  const line = /^itercraft_sync_stream_clients (\d+)/m.exec(text);
  return line ? Number(line[1]) : NaN;
}

async function runningSessions(): Promise<number> {
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>('SELECT count(*) AS n FROM maintenance_sessions WHERE ended_at IS NULL AND NOT deleted');
    return Number(r.rows[0]!.n);
  } finally {
    await client.end();
  }
}

const pendingBadge = (page: Page) => page.locator('.sync-indicator .badge');

async function startActivity(page: Page, label: string): Promise<void> {
  await page.getByRole('region', { name: label }).getByRole('button', { name: 'Démarrer' }).click();
}

async function stopActivity(page: Page, label: string): Promise<void> {
  await page.getByRole('region', { name: label }).getByRole('button', { name: 'Stop' }).click();
}

/** The access token oidc-client-ts keeps for this origin. */
function storedAccessToken(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      if (key.includes('oidc.user:')) return (JSON.parse(localStorage.getItem(key)!) as { access_token?: string }).access_token ?? null;
    }
    return null;
  });
}

function expiryOf(token: string): number {
  return (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp * 1000;
}

describe('one live connection per browser profile', () => {
  let context: BrowserContext;

  afterAll(async () => {
    await context?.close();
  });

  it('keeps a single stream for three tabs, and another tab takes over when the leader closes', async () => {
    context = await newContext(browser, stack);
    const first = await context.newPage();
    await signInFromHome(first, stack);
    await waitForServiceWorkerControl(first);
    await first.goto('/entretien');
    await expect.poll(streamClients, { timeout: 20_000 }).toBe(1);
    const others = [await context.newPage(), await context.newPage()];
    for (const p of others) await p.goto('/entretien');
    for (const p of others) await p.getByRole('heading', { name: 'Entretien', level: 1 }).waitFor();
    // Give the other tabs every chance to open a stream of their own: they must not.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await streamClients()).toBe(1);

    await first.close();
    await expect.poll(streamClients, { timeout: 15_000 }).toBe(1);
    const survivor = others[1]!;
    await startActivity(survivor, 'Nettoyer la piscine');
    await expect.poll(runningSessions, { timeout: 15_000 }).toBe(1);
    await expect.poll(() => pendingBadge(survivor).count(), { timeout: 15_000 }).toBe(0);
    await stopActivity(survivor, 'Nettoyer la piscine');
    await expect.poll(runningSessions, { timeout: 15_000 }).toBe(0);
  });
});

describe('token refresh', () => {
  it('refreshes the access token before it expires and keeps syncing past the first token’s expiry', async () => {
    const context = await newContext(browser, stack);
    try {
      const page = await context.newPage();
      await signInFromHome(page, stack);
      await page.goto('/entretien');
      const firstToken = await storedAccessToken(page);
      expect(firstToken).toBeTruthy();
      const firstExpiry = expiryOf(firstToken!);
      expect(firstExpiry - Date.now()).toBeLessThanOrEqual(TOKEN_TTL_S * 1000);
      // The PWA refreshes a minute before expiry: here about ten seconds after sign-in.
      await expect.poll(() => storedAccessToken(page), { timeout: 30_000, interval: 1000 }).not.toBe(firstToken);
      const wait = firstExpiry - Date.now() + 2000;
      if (wait > 0) await page.waitForTimeout(wait);
      expect(Date.now()).toBeGreaterThan(firstExpiry);
      await startActivity(page, 'Passer le Karcher');
      await expect.poll(runningSessions, { timeout: 20_000 }).toBe(1);
      await expect.poll(() => pendingBadge(page).count(), { timeout: 20_000 }).toBe(0);
      expect(await page.getByText('Reconnexion requise').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
