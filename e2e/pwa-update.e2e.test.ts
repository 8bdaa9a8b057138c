/**
 * Safe updates: a new version of the app (a changed sw.js served from a copy of pwa/dist) is only
 * offered, never forced; "Recharger" activates it; while a form is being edited or a change is
 * pending the reload waits and says why; a pending change reaches the server and is still there
 * after the update.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, REPO_ROOT, signInFromHome, type Stack, startStack } from './harness.ts';
import { pageHeading, waitForServiceWorkerControl } from './pwa-shell.ts';

const VERSION_META = 'itercraft-e2e-version';

let stack: Stack;
let browser: Browser;
let distCopy: string;

beforeAll(async () => {
  const builtDist = join(REPO_ROOT, 'pwa/dist');
  if (!existsSync(join(builtDist, 'sw.js'))) throw new Error('pwa/dist/sw.js is missing: the e2e global setup builds it');
  distCopy = await mkdtemp(join(tmpdir(), 'itercraft-dist-'));
  await cp(builtDist, distCopy, { recursive: true });
  stack = await startStack({ env: { PWA_DIST: distCopy } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (distCopy) await rm(distCopy, { recursive: true, force: true });
});

/**
 * Publishes "version n" in the served copy: index.html gets a marker and sw.js a new precache
 * revision for it, so the browser finds a byte-different worker, installs it and lets it wait.
 */
async function publishVersion(n: number): Promise<void> {
  const indexPath = join(distCopy, 'index.html');
  const html = (await readFile(indexPath, 'utf8')).replace(/<meta name="itercraft-e2e-version"[^>]*>/, '');
  await writeFile(indexPath, html.replace('</head>', `<meta name="${VERSION_META}" content="${n}"></head>`));
  const swPath = join(distCopy, 'sw.js');
  const sw = await readFile(swPath, 'utf8');
  const updated = sw.replace(/\{url:"index\.html",revision:"[^"]*"\}/, `{url:"index.html",revision:"${randomBytes(16).toString('hex')}"}`);
  if (updated === sw) throw new Error('the index.html precache entry was not found in sw.js');
  await writeFile(swPath, updated);
}

async function servedVersion(page: Page): Promise<string | null> {
  return page.evaluate((name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? null, VERSION_META);
}

/** Marks the current document; the mark disappears when the page reloads. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
}

async function sameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => '__sameDocument' in window).catch(() => false);
}

async function checkForUpdate(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration?.update();
  });
}

const prompt = (page: Page) => page.getByRole('status', { name: 'Mise à jour' });

async function freshSignedInPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await signInFromHome(page, stack);
  await waitForServiceWorkerControl(page);
  return page;
}

describe('a new version', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await newContext(browser, stack);
  });
  afterAll(async () => {
    await context?.close();
  });

  it('is offered with "Recharger", never forced, and takes over when accepted', async () => {
    const page = await freshSignedInPage(context);
    expect(await servedVersion(page)).toBeNull();
    await markDocument(page);

    await publishVersion(2);
    await checkForUpdate(page);
    await prompt(page).getByText('Nouvelle version disponible').waitFor({ timeout: 30_000 });
    // Waiting, not forced: the page was not reloaded and still runs the old version.
    expect(await sameDocument(page)).toBe(true);
    expect(await servedVersion(page)).toBeNull();

    await prompt(page).getByRole('button', { name: 'Recharger' }).click();
    await expect.poll(() => sameDocument(page), { timeout: 30_000 }).toBe(false);
    await pageHeading(page);
    expect(await servedVersion(page)).toBe('2');
    await waitForServiceWorkerControl(page);
  });
});

describe('a pending change during an update', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await newContext(browser, stack);
  });
  afterAll(async () => {
    await context?.close();
  });

  it('holds the reload until the change is sent, and the change survives the update', async () => {
    const page = await freshSignedInPage(context);
    await page.goto('/entretien');
    await pageHeading(page);

    // The server is unreachable for replication only: the write stays pending.
    await context.route('**/sync/v1/**', (route) => route.abort('internetdisconnected'));
    const label = `Jardin ${randomBytes(3).toString('hex')}`;
    await page.getByPlaceholder('Nouvelle activité (ex: Jardinage)').fill(label);
    await page.getByRole('button', { name: 'Ajouter' }).click();
    await page.getByRole('region', { name: label }).waitFor();
    await page.getByText(/modifications? en attente/).first().waitFor();
    await markDocument(page);

    await publishVersion(3);
    await checkForUpdate(page);
    await prompt(page).getByRole('button', { name: 'Recharger' }).click();
    await prompt(page).getByText(/Envoi de \d+ modifications? en attente…/).waitFor();
    await page.waitForTimeout(2_000);
    expect(await sameDocument(page)).toBe(true);

    // Network back: the change is pushed, then (and only then) the new version takes over.
    await context.unroute('**/sync/v1/**');
    await page.locator('.sync-indicator > button').click();
    await page.getByRole('button', { name: 'Réessayer maintenant' }).click();
    await expect.poll(() => sameDocument(page), { timeout: 60_000 }).toBe(false);
    await pageHeading(page);
    expect(await servedVersion(page)).toBe('3');
    await page.getByRole('region', { name: label }).waitFor();

    const client = new pg.Client({ connectionString: stack.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ label: string }>('select label from services where label = $1 and not deleted', [label]);
      expect(rows).toEqual([{ label }]);
    } finally {
      await client.end();
    }
  });
});

describe('a form being edited during an update', () => {
  // A context per test: each starts from a fresh profile (cookie banner, sign-in, first install).
  let context: BrowserContext;
  beforeEach(async () => {
    context = await newContext(browser, stack);
  });
  afterEach(async () => {
    await context?.close();
  });

  it('holds the reload while the "Nouvelle activité" field is filled, and reloads once it is cleared', async () => {
    const page = await freshSignedInPage(context);
    await page.goto('/entretien');
    await pageHeading(page);
    const field = page.getByPlaceholder('Nouvelle activité (ex: Jardinage)');
    await field.fill('Tailler la haie');
    await markDocument(page);

    await publishVersion(4);
    await checkForUpdate(page);
    await prompt(page).getByRole('button', { name: 'Recharger' }).click();
    await prompt(page).getByText('Un formulaire est en cours de saisie').waitFor();
    // Longer than the activation fallback (4 s): nothing reloads behind the user's back.
    await page.waitForTimeout(5_000);
    expect(await sameDocument(page)).toBe(true);
    expect(await field.inputValue()).toBe('Tailler la haie');

    await field.fill('');
    await expect.poll(() => sameDocument(page), { timeout: 30_000 }).toBe(false);
    await pageHeading(page);
    expect(await servedVersion(page)).toBe('4');
  });
  it('holds a reload already under way when a form becomes dirty before the new worker takes over', async () => {
    const page = await freshSignedInPage(context);
    await page.goto('/entretien');
    await pageHeading(page);
    await markDocument(page);
    await publishVersion(5);
    await checkForUpdate(page);
    await prompt(page).getByRole('button', { name: 'Recharger' }).waitFor();
    // "Recharger" and the first keystroke in one task: the activation is requested while the
    // form is clean, and the field is dirty before the worker can take control.
    await page.evaluate(() => {
      const button = [...document.querySelectorAll<HTMLButtonElement>('.update-prompt button')].find((b) => b.textContent === 'Recharger');
      const input = document.querySelector<HTMLInputElement>('input[placeholder="Nouvelle activité (ex: Jardinage)"]');
      if (!button || !input) throw new Error('update button or activity field missing');
      button.click();
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, 'Laver la voiture');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await prompt(page).getByText('Un formulaire est en cours de saisie').waitFor();
    await page.waitForTimeout(5_000);
    expect(await sameDocument(page)).toBe(true);

    await page.getByPlaceholder('Nouvelle activité (ex: Jardinage)').fill('');
    await expect.poll(() => sameDocument(page), { timeout: 30_000 }).toBe(false);
    await pageHeading(page);
    expect(await servedVersion(page)).toBe('5');
  });
});

describe('a new version activated in another tab', () => {
  it('shows "Nouvelle version active" in the other tab, which reloads only on request', async () => {
    const context = await newContext(browser, stack);
    try {
      const first = await freshSignedInPage(context);
      const second = await context.newPage();
      await second.goto('/architecture');
      await pageHeading(second);
      await markDocument(second);

      await publishVersion(6);
      await checkForUpdate(first);
      await prompt(first).getByRole('button', { name: 'Recharger' }).click();
      await expect.poll(() => servedVersion(first), { timeout: 30_000 }).toBe('6');

      // The other tab still runs the old page under the new worker: it says so, it is not reloaded.
      await prompt(second).getByText('Nouvelle version active').waitFor({ timeout: 15_000 });
      expect(await prompt(second).textContent()).toContain('installée depuis un autre onglet');
      expect(await sameDocument(second)).toBe(true);
      await prompt(second).getByRole('button', { name: 'Recharger' }).click();
      await expect.poll(() => sameDocument(second), { timeout: 15_000 }).toBe(false);
      await pageHeading(second);
      expect(await servedVersion(second)).toBe('6');
    } finally {
      await context.close();
    }
  });
});
