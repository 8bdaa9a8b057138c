/**
 * Sign-in UX of the shell in Chromium: a protected page asks to sign in and sign-in comes back to
 * that very page (the original always went to /dashboard); sign-out asks before discarding
 * changes that were not sent yet, and confirming it really discards them from the device.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, signIn, signInFromHome, startStack, type Stack } from './harness.ts';
import { pageHeading, waitForServiceWorkerControl } from './pwa-shell.ts';

let stack: Stack;
let browser: Browser;

/** Records kept in the app's IndexedDB databases on this origin (RxDB's Dexie storage, one database per collection). */
function localRecordCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    let total = 0;
    for (const { name } of await indexedDB.databases()) {
      if (!name?.includes('itercraft-')) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error(`cannot open ${name}`));
      });
      for (const store of [...db.objectStoreNames]) {
        total += await new Promise<number>((resolve, reject) => {
          const request = db.transaction(store, 'readonly').objectStore(store).count();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error ?? new Error(`cannot count ${store}`));
        });
      }
      db.close();
    }
    return total;
  });
}

async function serverServices(label: string): Promise<number> {
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('select count(*) as n from services where label = $1', [label]);
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('sign-in', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await newContext(browser, stack);
  });
  afterAll(async () => {
    await context?.close();
  });

  it('asks to sign in on a protected page and comes back to it, query string included', async () => {
    const page = await context.newPage();
    await page.goto('/ludotheque?tri=nom');
    expect(await pageHeading(page)).toBe('Ma Ludothèque');
    expect(await page.getByText('Connectez-vous pour accéder à cette page.').count()).toBe(1);
    await page.getByRole('main').getByRole('button', { name: 'Se connecter' }).click();
    await signIn(page, stack.demoUsers[1]!);
    await page.waitForURL((url) => url.pathname === '/ludotheque');
    expect(new URL(page.url()).search).toBe('?tri=nom');
    await page.getByText('camille', { exact: true }).first().waitFor({ timeout: 15_000 });
    expect(await page.getByText('Connectez-vous pour accéder à cette page.').count()).toBe(0);
    expect(await page.title()).toBe('Ma Ludothèque · Itercraft');
  });
});

describe('sign-out with unsent changes', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await newContext(browser, stack);
  });
  afterAll(async () => {
    await context?.close();
  });

  it('asks first; "Annuler" keeps the user signed in with the change', async () => {
    const page = await context.newPage();
    await page.goto('/entretien');
    await page.getByRole('button', { name: 'Refuser' }).click();
    await page.getByRole('main').getByRole('button', { name: 'Se connecter' }).click();
    await signIn(page, stack.demoUsers[0]!);
    await page.waitForURL((url) => url.pathname === '/entretien');
    await pageHeading(page);

    await context.route('**/sync/v1/**', (route) => route.abort('internetdisconnected'));
    const label = `Ménage ${randomBytes(3).toString('hex')}`;
    await page.getByPlaceholder('Nouvelle activité (ex: Jardinage)').fill(label);
    await page.getByRole('button', { name: 'Ajouter' }).click();
    await page.getByRole('region', { name: label }).waitFor();

    await page.getByRole('button', { name: 'Déconnexion', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Se déconnecter ?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/n’(a|ont) pas encore été envoyées? au serveur/);
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByText('laurent', { exact: true }).count()).toBeGreaterThan(0);
    await page.getByRole('region', { name: label }).waitFor();
    await context.unroute('**/sync/v1/**');
  });
});

describe('confirmed sign-out with unsent changes', () => {
  it('signs out and removes the local data: the change never reaches the server', async () => {
    const context = await newContext(browser, stack);
    try {
      const page = await context.newPage();
      await signInFromHome(page, stack);
      await page.goto('/entretien');
      await pageHeading(page);
      await context.route('**/sync/v1/**', (route) => route.abort('internetdisconnected'));
      const label = `Vitres ${randomBytes(3).toString('hex')}`;
      await page.getByPlaceholder('Nouvelle activité (ex: Jardinage)').fill(label);
      await page.getByRole('button', { name: 'Ajouter' }).click();
      await page.getByRole('region', { name: label }).waitFor();
      expect(await localRecordCount(page)).toBeGreaterThan(0);

      await page.getByRole('button', { name: 'Déconnexion', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Se déconnecter ?' });
      await dialog.getByRole('button', { name: 'Se déconnecter et abandonner' }).click();
      // Through the provider's end-session page and back to the app's home, signed out.
      await page.waitForURL((url) => url.origin === stack.url && url.pathname === '/', { timeout: 15_000 });
      await page.getByRole('button', { name: 'Connexion' }).first().waitFor({ timeout: 15_000 });
      await expect.poll(() => localRecordCount(page), { timeout: 10_000 }).toBe(0);
      expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('oidc.user:')))).toEqual([]);
      await context.unroute('**/sync/v1/**');
      expect(await serverServices(label)).toBe(0);
    } finally {
      await context.close();
    }
  });
});

async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
}

/** Makes the stored access token look expired, as after a night offline (the refresh token stays valid). */
async function expireStoredToken(page: Page): Promise<void> {
  await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.includes('oidc.user:'));
    if (!key) throw new Error('no stored user');
    const user = JSON.parse(localStorage.getItem(key)!) as { expires_at: number };
    user.expires_at = Math.floor(Date.now() / 1000) - 60;
    localStorage.setItem(key, JSON.stringify(user));
  });
}

describe('offline with an expired token', () => {
  it('keeps working locally without asking to sign in, then refreshes silently and syncs when the network is back', async () => {
    const context = await newContext(browser, stack);
    try {
      const page = await context.newPage();
      await signInFromHome(page, stack);
      await waitForServiceWorkerControl(page);
      await page.goto('/entretien');
      await pageHeading(page);

      await context.setOffline(true);
      await expireStoredToken(page);
      await page.reload();
      expect(await pageHeading(page)).toBe('Entretien');
      // Records every moment the header asks to sign in again, flashes included.
      await page.evaluate(() => {
        const w = window as unknown as { __askedToSignIn: boolean };
        w.__askedToSignIn = false;
        const check = () => {
          if (document.body.textContent?.includes('Votre session a expiré')) w.__askedToSignIn = true;
        };
        new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
        check();
      });

      const label = `Cave ${randomBytes(3).toString('hex')}`;
      await page.getByPlaceholder('Nouvelle activité (ex: Jardinage)').fill(label);
      await page.getByRole('button', { name: 'Ajouter' }).click();
      await page.getByRole('region', { name: label }).waitFor();
      await expect.poll(() => page.locator('.sync-indicator .badge').first().textContent()).toMatch(/[1-9]/);
      expect(await page.getByText('Connectez-vous pour accéder à cette page.').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Se reconnecter' }).count()).toBe(0);

      await context.setOffline(false);
      await expect.poll(() => serverServices(label), { timeout: 20_000 }).toBe(1);
      await expect.poll(() => page.locator('.sync-indicator .badge').count(), { timeout: 20_000 }).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __askedToSignIn: boolean }).__askedToSignIn)).toBe(false);
      expect(await page.getByText('Reconnexion requise').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

describe('local database code that cannot be loaded', () => {
  it('keeps the public pages and says so on a protected page, with "Réessayer"', async () => {
    // No service worker: the database's lazy chunk comes from the network, where it is blocked.
    const context = await newContext(browser, stack, { serviceWorkers: 'block' });
    try {
      await context.route('**/assets/local-session-*.js', (route) => route.abort('failed'));
      const page = await context.newPage();
      await signInFromHome(page, stack);
      await page.goto('/entretien');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('Vos données locales n’ont pas pu être ouvertes sur cet appareil.');
      expect(await page.getByRole('button', { name: 'Se déconnecter' }).count()).toBe(1);

      await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Architecture' }).click();
      await expect.poll(() => pageHeading(page)).toBe('Architecture');
      expect(await page.getByRole('contentinfo').count()).toBe(1);

      // The chunk is reachable again: "Réessayer", without reloading the page, opens the data.
      await context.unroute('**/assets/local-session-*.js');
      await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Entretien' }).click();
      await page.getByRole('alert').waitFor();
      await markDocument(page);
      await page.getByRole('button', { name: 'Réessayer' }).click();
      await page.getByPlaceholder('Nouvelle activité (ex: Jardinage)').waitFor({ timeout: 15_000 });
      expect(await page.evaluate(() => '__sameDocument' in window)).toBe(true);
    } finally {
      await context.close();
    }
  });
});
