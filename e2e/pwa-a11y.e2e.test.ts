/**
 * Accessibility in Chromium: axe-core reports no serious or critical violation on any page (signed
 * out with the cookie banner showing, and signed in with the sync panel open), and the shell works
 * with the keyboard alone with a visible focus.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_PAGES } from '../pwa/src/app/route-table.ts';
import { newContext, signInFromHome, useStack } from './harness.ts';
import { diagramsSettled, pageHeading, runAxe, seriousViolations } from './pwa-shell.ts';

const fx = useStack();

const paths = [...APP_PAGES.map((p) => p.path).filter((p) => p !== '/auth/callback'), '/page-inconnue'];

async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await pageHeading(page);
  await diagramsSettled(page);
}

describe('axe-core on every page, signed out', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await newContext(fx.browser, fx.stack);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  it.each(paths)('%s has no serious or critical violation', async (path) => {
    await open(page, path);
    // The consent banner shows until a choice is made: it is checked on every page too.
    expect(await page.getByRole('region', { name: 'Consentement aux cookies' }).count()).toBe(1);
    expect(seriousViolations(await runAxe(page))).toEqual([]);
  });

  it('/healthcheck (outside the layout, served by the app) has no serious or critical violation', async () => {
    // Online the server answers /healthcheck with JSON; reach the app's page through the router.
    await page.goto('/');
    await page.evaluate(() => {
      window.history.pushState({}, '', '/healthcheck');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    expect(await pageHeading(page)).toBe('État de santé');
    expect(seriousViolations(await runAxe(page))).toEqual([]);
  });
});

describe('axe-core on every page, signed in', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await newContext(fx.browser, fx.stack);
    page = await context.newPage();
    await signInFromHome(page, fx.stack);
  });
  afterAll(async () => {
    await context?.close();
  });

  it.each(paths)('%s has no serious or critical violation, sync panel open', async (path) => {
    await open(page, path);
    const indicator = page.locator('.sync-indicator > button');
    await indicator.click();
    await page.getByRole('region', { name: 'Synchronisation' }).waitFor();
    expect(seriousViolations(await runAxe(page))).toEqual([]);
    await page.keyboard.press('Escape');
  });
});

describe('keyboard', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await newContext(fx.browser, fx.stack, { viewport: { width: 390, height: 844 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  it('starts with a visible "Aller au contenu" link that moves focus to the main content', async () => {
    await page.goto('/architecture');
    await pageHeading(page);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Aller au contenu' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await skip.isVisible()).toBe(true);
    const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).toBe('#contenu');
  });

  it('opens the burger menu with the keyboard, follows a link, and closes with Escape', async () => {
    await page.goto('/');
    await pageHeading(page);
    const burger = page.getByRole('button', { name: 'Menu de navigation' });
    await burger.focus();
    expect(await burger.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await burger.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    expect(await burger.getAttribute('aria-expanded')).toBe('false');
    expect(await burger.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    // The route chunk loads lazily: wait for the navigation instead of reading the old heading.
    await page.waitForURL('**/architecture');
    await expect.poll(() => pageHeading(page), { timeout: 15_000 }).toBe('Architecture');
    // After a navigation, focus is on the new page's heading for screen-reader users.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await burger.getAttribute('aria-expanded')).toBe('false');
  });
});

interface FocusInfo {
  label: string;
  focusVisible: boolean;
  /** A visible focus indicator: an outline or a box-shadow. */
  indicated: boolean;
}

/** What has the keyboard focus, and whether its focus can be seen. */
function focused(page: Page): Promise<FocusInfo> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { label: '', focusVisible: false, indicated: false };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return {
      label: (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim(),
      focusVisible: el.matches(':focus-visible'),
      indicated: outline || style.boxShadow !== 'none',
    };
  });
}

/** Presses Tab until the focused element's label matches, checking every stop shows its focus. */
async function tabTo(page: Page, label: RegExp, maxStops = 40): Promise<FocusInfo[]> {
  const stops: FocusInfo[] = [];
  for (let i = 0; i < maxStops; i++) {
    await page.keyboard.press('Tab');
    const info = await focused(page);
    stops.push(info);
    if (label.test(info.label)) return stops;
  }
  throw new Error(`${label} not reached in ${maxStops} Tab presses: ${stops.map((s) => s.label).join(' | ')}`);
}

describe('keyboard, signed in on a wide screen', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await newContext(fx.browser, fx.stack, { viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await signInFromHome(page, fx.stack);
  });
  afterAll(async () => {
    await context?.close();
  });

  it('tabs through the header with a visible focus, and opens and closes the sync panel with Enter and Escape', async () => {
    await page.goto('/architecture');
    await pageHeading(page);
    await page.locator('body').focus();
    const stops = await tabTo(page, /Synchronis|En ligne|Connexion…|Hors ligne/);
    expect(stops.map((s) => s.label)).toEqual(
      expect.arrayContaining(['Aller au contenu', 'itercraft, accueil', 'Entretien', 'Architecture', 'IoT']),
    );
    for (const stop of stops) {
      expect(stop.focusVisible, stop.label).toBe(true);
      expect(stop.indicated, stop.label).toBe(true);
    }

    const trigger = page.locator('.sync-indicator > button');
    await page.keyboard.press('Enter');
    expect(await trigger.getAttribute('aria-expanded')).toBe('true');
    const panel = page.getByRole('region', { name: 'Synchronisation' });
    await panel.waitFor();
    // Into the panel and its buttons, still with the keyboard.
    await tabTo(page, /Réessayer maintenant/);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await trigger.getAttribute('aria-expanded')).toBe('false');
    expect(await trigger.evaluate((el) => el === document.activeElement)).toBe(true);

    await page.keyboard.press('Enter');
    await panel.waitFor();
    await tabTo(page, /^Fermer$/);
    await page.keyboard.press('Enter');
    await panel.waitFor({ state: 'detached' });
    expect(await trigger.evaluate((el) => el === document.activeElement)).toBe(true);
    const account = await tabTo(page, /^Déconnexion$/, 3);
    expect(account.at(-1)?.indicated).toBe(true);
  });
});

describe('keyboard and the consent banner', () => {
  it('reaches "Accepter" and "Refuser" with Tab, each with a visible focus, and chooses with Enter', async () => {
    const context = await newContext(fx.browser, fx.stack);
    try {
      const page = await context.newPage();
      await page.goto('/');
      await pageHeading(page);
      await page.locator('body').focus();
      const accept = (await tabTo(page, /^Accepter$/, 60)).at(-1)!;
      expect(accept.focusVisible).toBe(true);
      expect(accept.indicated).toBe(true);
      await page.keyboard.press('Tab');
      const refuse = await focused(page);
      expect(refuse).toEqual({ label: 'Refuser', focusVisible: true, indicated: true });
      await page.keyboard.press('Enter');
      await page.getByRole('region', { name: 'Consentement aux cookies' }).waitFor({ state: 'detached' });
      expect(await page.evaluate(() => localStorage.getItem('cookie-consent'))).toBe('refused');
    } finally {
      await context.close();
    }
  });
});
