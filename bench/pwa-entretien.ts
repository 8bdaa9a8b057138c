/**
 * Time from navigation to the first render of the Entretien page with 1,000 maintenance sessions in
 * the local database, offline from the service worker, against the same page loaded with the
 * service worker bypassed (network, loopback). "Rendered" = `main h1` says "Entretien" and no
 * loading status ("Chargement…", "Ouverture…") is left, timed at the next animation frame.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { pageAccessToken, pushSessions, type BenchStack } from './pwa-stack.ts';
import { percentile, report } from './lib/report.ts';

const SESSIONS = 1_000;
const RUNS = 7;
const SERVICE_IDS = ['5e000000-0000-0000-0000-000000000001', '5e000000-0000-0000-0000-000000000002', '5e000000-0000-0000-0000-000000000003'];

/**
 * Page script: stores in `window.__firstRender` the time the page is drawn with its data. A string,
 * not a function: tsx's name helpers would not exist in the page.
 */
function recordFirstRender(heading: string): string {
  return `(() => {
    const heading = ${JSON.stringify(heading)};
    const drawn = () => {
      const h1 = document.querySelector('main h1');
      if (!h1 || !h1.textContent.trim().startsWith(heading)) return false;
      const statuses = Array.from(document.querySelectorAll('[role="status"]'), (e) => e.textContent.trim());
      return !statuses.some((t) => /^(Chargement|Ouverture)/.test(t));
    };
    let seen = false;
    const observer = new MutationObserver(() => {
      if (seen || !drawn()) return;
      seen = true;
      observer.disconnect();
      requestAnimationFrame(() => { window.__firstRender = performance.now(); });
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
  })();`;
}

async function signIn(page: Page, stack: BenchStack): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Refuser' }).click();
  await page.getByRole('button', { name: 'Connexion' }).first().click();
  await page.waitForURL(/\/oidc\/interaction\//);
  await page.getByLabel('Identifiant ou adresse e-mail').fill(stack.user.username);
  await page.getByLabel('Mot de passe').fill(stack.user.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByText(stack.user.username, { exact: true }).first().waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}


/** 1,000 finished sessions over the last months, pushed through the replication endpoint. */
async function seedSessions(url: string, token: string): Promise<void> {
  const now = Date.now();
  const docs = Array.from({ length: SESSIONS }, (_, i) => {
    const startedAt = now - (i + 1) * 2.9 * 3600_000;
    const minutes = 15 + (i % 100);
    return {
      id: randomUUID(),
      rev: 0,
      updatedAt: 0,
      writeId: randomUUID(),
      deleted: false,
      serviceId: SERVICE_IDS[i % SERVICE_IDS.length]!,
      startedAt,
      endedAt: startedAt + minutes * 60_000,
      durationMinutes: minutes,
      autoStopped: false,
      mergedInto: null,
    };
  });
  await pushSessions(url, token, docs);

}

/** Page script: largest record count among the IndexedDB stores of databases whose name contains `needle`. */
function countLocalRecords(needle: string): string {
  return `(async () => {
    const request = (r) => new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    let best = 0;
    for (const { name } of await indexedDB.databases()) {
      if (!name || !name.toLowerCase().includes(${JSON.stringify(needle)})) continue;
      const db = await request(indexedDB.open(name));
      for (const store of Array.from(db.objectStoreNames)) {
        best = Math.max(best, await request(db.transaction(store).objectStore(store).count()));
      }
      db.close();
    }
    return best;
  })()`;
}

async function waitForLocalSessions(page: Page): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if ((await page.evaluate<number>(countLocalRecords('maintenancesessions'))) >= SESSIONS) return;
    await page.waitForTimeout(500);
  }
  throw new Error(`the ${SESSIONS} sessions did not reach the local database within 120 s`);
}

/** Median first-render time of /entretien over RUNS loads (the first one, a warm-up, is dropped). */
async function timeRenders(page: Page, expectFromServiceWorker: boolean): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const response = await page.goto('/entretien');
    if (response?.fromServiceWorker() !== expectFromServiceWorker) {
      throw new Error(`/entretien was ${expectFromServiceWorker ? 'not ' : ''}served by the service worker`);
    }
    await page.waitForFunction(() => typeof (window as unknown as { __firstRender?: number }).__firstRender === 'number', undefined, {
      timeout: 30_000,
    });
    const ms = await page.evaluate(() => (window as unknown as { __firstRender: number }).__firstRender);
    if (run > 0) times.push(ms);
  }
  return percentile(times, 50);
}

export async function benchEntretienRender(browser: Browser, stack: BenchStack): Promise<void> {
  const context: BrowserContext = await browser.newContext({
    serviceWorkers: 'allow',
    baseURL: stack.url,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
  try {
    const page = await context.newPage();
    await signIn(page, stack);
    await seedSessions(stack.url, await pageAccessToken(page));
    await page.goto('/entretien');
    await waitForLocalSessions(page);
    await page.addInitScript({ content: recordFirstRender('Entretien') });

    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setBypassServiceWorker', { bypass: true });
    const network = await timeRenders(page, false);
    await cdp.send('Network.setBypassServiceWorker', { bypass: false });

    await context.setOffline(true);
    const offline = await timeRenders(page, true);
    report({
      bench: 'pwa',
      metric: 'entretien_offline_first_render_ms',
      value: offline,
      unit: 'ms',
      baseline: network,
      baselineDesc: 'same page and data, service worker bypassed (loopback network)',
      target: '<= 1000',
      notes: `median of ${RUNS - 1} loads after a warm-up, ${SESSIONS} local sessions, Chromium headless`,
    });
  } finally {
    await context.close();
  }
}
