/**
 * `npm run bench -- entretien` (issue 3, item 10): one JSON line per figure, each with a baseline
 * measured in the same run.
 *  - totals_10k_ms: computeTotals (the pure function of the page and of GET /api/maintenance/totals)
 *    over 10,000 local sessions, Node; target ≤ 50 ms. Baseline: a plain sum of the same sessions'
 *    durations (the least any total must do: one pass over the array).
 *  - first_render_10k_ms: navigation → first render of /entretien (the activity cards with their
 *    timers, "Aujourd'hui" and Démarrer / Stop, read through the startedAt index) with 10,000
 *    sessions in the local database, in Chromium headless, offline from the service worker.
 *  - complete_render_10k_ms: the same until "Temps total" and "Historique" are drawn too (they need
 *    every session). Baselines: the same page for a second user whose session collection is
 *    empty (same build, same activities, same conditions).
 */
import { randomUUID } from 'node:crypto';
import { computeTotals, type TotalsActivity, type TotalsSession } from '@itercraft/shared/maintenance/totals';
import type { Browser, Page } from 'playwright-core';
import { percentile, report } from './lib/report.ts';
import { pageAccessToken, pushSessions, withBrowserStack, type BenchStack } from './pwa-stack.ts';

const SESSIONS = 10_000;
const MIN = 60_000;
const ACTIVITIES: TotalsActivity[] = [
  { id: '5e000000-0000-0000-0000-000000000001', code: 'tondeuse', label: 'Passer la tondeuse' },
  { id: '5e000000-0000-0000-0000-000000000002', code: 'piscine', label: 'Nettoyer la piscine' },
  { id: '5e000000-0000-0000-0000-000000000003', code: 'karcher', label: 'Passer le Karcher' },
];

/**
 * Finished sessions going back about 160 days from `now`, never overlapping within an activity
 * (one every 70 min per activity, 5–64 min long), so some cross midnight and most fall in the year.
 */
function sessionsUpTo(now: number): (TotalsSession & { id: string; durationMinutes: number })[] {
  return Array.from({ length: SESSIONS }, (_, i) => {
    const startedAt = now - (Math.floor(i / ACTIVITIES.length) + 1) * 70 * MIN - (i % 7) * 1000;
    const durationMinutes = 5 + (i % 60);
    return { id: randomUUID(), serviceId: ACTIVITIES[i % ACTIVITIES.length]!.id, startedAt, endedAt: startedAt + durationMinutes * MIN, durationMinutes };
  });
}

function median(fn: () => void, runs: number): number {
  for (let i = 0; i < 5; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return percentile(times, 50);
}

function benchTotals(): void {
  const now = Date.now();
  const sessions = sessionsUpTo(now);
  let sink = 0;
  const value = median(() => {
    sink += computeTotals({ sessions, activities: ACTIVITIES, now, timeZone: 'Europe/Paris' }).yearMinutes;
  }, 50);
  const baseline = median(() => {
    let sum = 0;
    for (const s of sessions) sum += s.durationMinutes;
    sink += sum;
  }, 50);
  if (sink < 0) throw new Error('unreachable');
  report({
    bench: 'entretien',
    metric: 'totals_10k_ms',
    value,
    unit: 'ms',
    baseline,
    baselineDesc: 'plain sum of durationMinutes over the same 10,000 sessions',
    target: '<= 50',
    notes: 'median of 50 runs after 5 warm-ups; day, ISO week, month, year per activity, Europe/Paris',
  });
}

/**
 * Page script: `window.__cards` = when the activity cards are drawn (timers and Démarrer / Stop
 * usable, "Chargement des activités" gone); `window.__complete` = when the totals table and the
 * history are drawn too (no loading status left). Both at the next animation frame.
 */
const RECORD_RENDERS = `(() => {
  const statuses = () => Array.from(document.querySelectorAll('[role="status"]'), (e) => e.textContent.trim());
  const heading = () => { const h1 = document.querySelector('main h1'); return !!h1 && h1.textContent.trim() === 'Entretien'; };
  const cards = () => heading() && !!document.querySelector('.entretien-card') && !statuses().some((t) => /^(Chargement des activités|Ouverture)/.test(t));
  const complete = () => cards() && !!document.querySelector('.entretien-history-item') && !statuses().some((t) => /^(Chargement|Ouverture)/.test(t));
  const marks = { __cards: cards, __complete: complete };
  const observer = new MutationObserver(() => {
    for (const [name, drawn] of Object.entries(marks)) {
      if (window[name] !== undefined || window['pending' + name] || !drawn()) continue;
      window['pending' + name] = true;
      requestAnimationFrame(() => { window[name] = performance.now(); });
    }
    if (window.pending__cards && window.pending__complete) observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
})();`;

/** Page script: record count of the local maintenance-sessions store (the largest matching store). */
const COUNT_LOCAL_SESSIONS = `(async () => {
  const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  let best = 0;
  for (const { name } of await indexedDB.databases()) {
    if (!name || !name.toLowerCase().includes('maintenancesessions')) continue;
    const db = await request(indexedDB.open(name));
    for (const store of Array.from(db.objectStoreNames)) best = Math.max(best, await request(db.transaction(store).objectStore(store).count()));
    db.close();
  }
  return best;
})()`;

async function signedInPage(browser: Browser, stack: BenchStack, username: string): Promise<Page> {
  const context = await browser.newContext({ serviceWorkers: 'allow', baseURL: stack.url, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('button', { name: 'Refuser' }).click();
  await page.getByRole('button', { name: 'Connexion' }).first().click();
  await page.waitForURL(/\/oidc\/interaction\//);
  await page.getByLabel('Identifiant ou adresse e-mail').fill(username);
  await page.getByLabel('Mot de passe').fill(stack.user.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByText(username, { exact: true }).first().waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  return page;
}


/** The 10,000 sessions, pushed through the replication endpoint as a device would. */
async function seed(url: string, token: string): Promise<void> {
  const docs = sessionsUpTo(Date.now()).map((s) => ({ ...s, rev: 0, updatedAt: 0, writeId: randomUUID(), deleted: false, autoStopped: false, mergedInto: null }));
  await pushSessions(url, token, docs);

}

async function waitForLocalSessions(page: Page, count: number): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if ((await page.evaluate<number>(COUNT_LOCAL_SESSIONS)) >= count) return;
    await page.waitForTimeout(500);
  }
  throw new Error(`the ${count} sessions did not reach the local database within 300 s`);
}

interface Renders {
  cards: number;
  complete: number;
}

/** Median render times of /entretien offline from the service worker (first load is a warm-up). */
async function timeRenders(page: Page, runs = 7): Promise<Renders> {
  await page.addInitScript({ content: RECORD_RENDERS });
  await page.context().setOffline(true);
  const cards: number[] = [];
  const complete: number[] = [];
  for (let run = 0; run < runs; run++) {
    const response = await page.goto('/entretien');
    if (!response?.fromServiceWorker()) throw new Error('/entretien was not served by the service worker');
    await page.waitForFunction(() => typeof (window as unknown as { __complete?: number }).__complete === 'number', undefined, { timeout: 60_000 });
    const t = await page.evaluate(() => {
      const w = window as unknown as { __cards: number; __complete: number };
      return { cards: w.__cards, complete: w.__complete };
    });
    if (run === 0) continue;
    cards.push(t.cards);
    complete.push(t.complete);
  }
  return { cards: percentile(cards, 50), complete: percentile(complete, 50) };
}

async function benchFirstRender(browser: Browser, stack: BenchStack): Promise<void> {
  const full = await signedInPage(browser, stack, 'laurent');
  await seed(stack.url, await pageAccessToken(full));
  await full.goto('/entretien');
  await waitForLocalSessions(full, SESSIONS);
  const value = await timeRenders(full);
  const empty = await signedInPage(browser, stack, 'camille');
  await empty.goto('/entretien');
  await empty.locator('.entretien-card').first().waitFor({ timeout: 30_000 });
  const baseline = await timeRenders(empty);
  const common = {
    bench: 'entretien',
    unit: 'ms',
    baselineDesc: 'same page, same build and conditions, for a user with no session',
    notes: `navigation start → drawn; median of 6 loads after a warm-up, ${SESSIONS} local sessions, Chromium headless, offline (service worker)`,
  };
  report({ ...common, metric: 'first_render_10k_ms', value: value.cards, baseline: baseline.cards });
  report({ ...common, metric: 'complete_render_10k_ms', value: value.complete, baseline: baseline.complete });
}

export async function run(): Promise<void> {
  benchTotals();
  await withBrowserStack((browser, stack) => benchFirstRender(browser, stack));
}
