/**
 * Safe updates: a new version of the app (a changed sw.js served from a copy of pwa/dist) is only
 * offered, never forced; "Recharger" activates it; and while a change is pending the reload waits,
 * says why, and the change reaches the server and is still there after the update.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

// The pending change is made through the Entretien page's add-activity form. Until the Entretien
// feature replaces its placeholder there is no form to write with, and this scenario cannot run.
const entretienPage = readFileSync(join(REPO_ROOT, 'pwa/src/features/entretien/entretien-page.tsx'), 'utf8');
const entretienBuilt = !entretienPage.includes('PLACEHOLDER');

describe.runIf(entretienBuilt)('a pending change during an update (needs the Entretien feature)', () => {
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
