/**
 * Helpers of the PWA shell's Chromium tests (pwa-*.e2e.test.ts): waiting for the service worker,
 * waiting for a page to be drawn, and running axe-core in the page.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** Resolves once a service worker is active and controls the page (the precache is then complete). */
export async function waitForServiceWorkerControl(page: Page, timeout = 30_000): Promise<string> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout });
  return page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL ?? '');
}

/** Waits until the page's <h1> is drawn (not the lazy-chunk loading text) and returns its text. */
export async function pageHeading(page: Page, timeout = 15_000): Promise<string> {
  const h1 = page.locator('h1').first();
  await h1.waitFor({ state: 'visible', timeout });
  return (await h1.textContent())?.trim() ?? '';
}

/** Waits until every diagram of the page is drawn or has reported its failure. */
export async function diagramsSettled(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.diagram [role="status"]'), undefined, { timeout });
}

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[] }[];
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core (WCAG 2.x A/AA rules and best practices) on the page and returns the violations. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

/** "rule (impact): help @ selector" lines for the serious and critical violations, for a readable failure. */
export function seriousViolations(violations: AxeViolation[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
