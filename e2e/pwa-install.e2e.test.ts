/**
 * The PWA is installable (manifest fields, fetchable icons, a service worker controlling the page,
 * no installability error reported by Chromium) and every page opens offline after one online visit.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_PAGES, documentTitleFor } from '../pwa/src/app/route-table.ts';
import { CHROMIUM_PATH, newContext, signIn, useStack } from './harness.ts';
import { pageHeading, waitForServiceWorkerControl } from './pwa-shell.ts';

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}
interface Manifest {
  name: string;
  short_name: string;
  start_url: string;
  scope: string;
  display: string;
  lang: string;
  theme_color: string;
  background_color: string;
  icons: ManifestIcon[];
}

const fx = useStack();

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

async function fetchManifest(page: Page): Promise<Manifest> {
  const href = await page.getAttribute('link[rel="manifest"]', 'href');
  expect(href).toBeTruthy();
  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  return (await res.json()) as Manifest;
}

describe('installability', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newContext(fx.browser, fx.stack);
    page = await context.newPage();
    await page.goto('/');
  });
  afterAll(async () => {
    await context?.close();
  });

  it('serves a French manifest with the fields browsers require', async () => {
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    const manifest = await fetchManifest(page);
    expect(manifest).toMatchObject({
      name: 'Itercraft',
      short_name: 'Itercraft',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      lang: 'fr',
      theme_color: '#1a1b2e',
      background_color: '#1a1b2e',
    });
  });

  it('lists 192 and 512 px icons, one of them maskable, all fetchable PNGs of the stated size', async () => {
    const { icons } = await fetchManifest(page);
    expect(icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(icons.some((i) => i.purpose?.split(' ').includes('maskable') && i.sizes === '512x512')).toBe(true);
    for (const icon of icons) {
      const res = await page.request.get(icon.src);
      expect(res.status(), icon.src).toBe(200);
      expect(res.headers()['content-type']).toContain('image/png');
      const [w, h] = pngSize(await res.body());
      expect(`${w}x${h}`).toBe(icon.sizes);
    }
  });

  it('is answered by the server with 200 on the app’s routes and a real 404 elsewhere', async () => {
    for (const path of ['/entretien', '/iot/', '/healthcheck']) {
      const res = await page.request.get(path, { headers: { accept: 'text/html' } });
      expect(res.status(), path).toBe(200);
    }
    const missing = await page.request.get('/pas-une-page', { headers: { accept: 'text/html' } });
    expect(missing.status()).toBe(404);
    expect(await missing.text()).toContain('<div id="root">');
    // A browser without the service worker (first visit, crawler) still gets the French 404 page.
    const fresh = await newContext(fx.browser, fx.stack, { serviceWorkers: 'block' });
    try {
      const visitor = await fresh.newPage();
      const response = await visitor.goto('/nulle/part');
      expect(response?.status()).toBe(404);
      expect(await pageHeading(visitor)).toBe('Page introuvable');
    } finally {
      await fresh.close();
    }
  });

  it('is controlled by the service worker after the first visit', async () => {
    const scriptUrl = await waitForServiceWorkerControl(page);
    expect(new URL(scriptUrl).pathname).toBe('/sw.js');
  });

  it('has no installability error according to Chromium', async () => {
    // A normal (non-incognito) profile: Chromium never offers installation in incognito windows,
    // which is what the harness's throwaway contexts are.
    const profile = await mkdtemp(join(tmpdir(), 'itercraft-install-'));
    const persistent = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      baseURL: fx.stack.url,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    try {
      const installPage = persistent.pages()[0] ?? (await persistent.newPage());
      await installPage.goto('/');
      await waitForServiceWorkerControl(installPage);
      const cdp = await persistent.newCDPSession(installPage);
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
        installabilityErrors: { errorId: string }[];
      };
      expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
      const { url, errors } = (await cdp.send('Page.getAppManifest')) as { url: string; errors: { message: string }[] };
      expect(new URL(url).pathname).toBe('/manifest.webmanifest');
      expect(errors).toEqual([]);
    } finally {
      await persistent.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
});

describe('offline after one online visit', () => {
  let context: BrowserContext;
  let page: Page;
  // Every page of the app except the OIDC callback, which only makes sense coming back from sign-in.
  const paths = APP_PAGES.map((p) => p.path).filter((p) => p !== '/auth/callback');

  beforeAll(async () => {
    context = await newContext(fx.browser, fx.stack);
    page = await context.newPage();
    await page.goto('/');
    await page.getByRole('button', { name: 'Connexion' }).first().click();
    await signIn(page, fx.stack.demoUsers[0]!);
    await page.getByText('laurent', { exact: true }).first().waitFor({ timeout: 15_000 });
    await waitForServiceWorkerControl(page);
    await context.setOffline(true);
  });
  afterAll(async () => {
    await context?.close();
  });

  it.each(paths)('opens %s with the network off', async (path) => {
    const response = await page.goto(path);
    // Served by the service worker (the network is off), not by an HTTP cache or the server.
    expect(response?.fromServiceWorker()).toBe(true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    const heading = await pageHeading(page);
    expect(heading).not.toBe('Cette page n’a pas pu s’afficher');
    expect(await page.title()).toBe(documentTitleFor(path));
    // A signed-in user keeps the protected pages offline (no sign-in prompt).
    expect(await page.getByText('Connectez-vous pour accéder à cette page.').count()).toBe(0);
  });

  it('opens a deep link that is not a page as the 404 page', async () => {
    const response = await page.goto('/nulle/part');
    expect(response?.fromServiceWorker()).toBe(true);
    expect(await pageHeading(page)).toBe('Page introuvable');
  });

  it('answers /healthcheck from the app, saying the server cannot be checked', async () => {
    await page.goto('/healthcheck');
    expect(await pageHeading(page)).toBe('État de santé');
    expect(await page.locator('main').textContent()).toContain('l’état du serveur ne peut pas être vérifié');
  });

  it('still gets the server’s answer at /healthcheck once online', async () => {
    await context.setOffline(false);
    const response = await page.goto('/healthcheck');
    expect(await response?.json()).toEqual({ status: 'UP' });
    await context.setOffline(true);
  });
});
