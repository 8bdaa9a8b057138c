/**
 * The diagram pages really draw: every diagram of /architecture, /sse, /resilience and /iot
 * becomes an SVG (a mermaid syntax error would leave "n'a pas pu être dessiné"), online and
 * offline after a single visit of the home page, which proves mermaid's lazy chunks are precached.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { newContext, useStack } from './harness.ts';
import { diagramsSettled, pageHeading, waitForServiceWorkerControl } from './pwa-shell.ts';

const DIAGRAM_PAGES = ['/architecture', '/sse', '/resilience', '/iot'];

const fx = useStack();

interface DiagramReport {
  figures: number;
  drawn: number;
  failed: boolean;
}

async function diagramsOf(page: Page, path: string): Promise<DiagramReport> {
  await page.goto(path);
  await pageHeading(page);
  await diagramsSettled(page);
  return page.evaluate(() => ({
    figures: document.querySelectorAll('figure.diagram').length,
    drawn: document.querySelectorAll('figure.diagram .diagram-drawing svg').length,
    failed: document.body.textContent?.includes('n’a pas pu être dessiné') ?? true,
  }));
}

describe('diagrams', () => {
  let context: BrowserContext;
  afterAll(async () => {
    await context?.close();
  });

  it('are drawn as SVG on every diagram page online', async () => {
    context = await newContext(fx.browser, fx.stack);
    const page = await context.newPage();
    for (const path of DIAGRAM_PAGES) {
      const report = await diagramsOf(page, path);
      expect(report.figures, path).toBeGreaterThan(0);
      expect(report, path).toEqual({ figures: report.figures, drawn: report.figures, failed: false });
    }
  });

  it('are drawn offline after one visit of the home page only', async () => {
    const offline = await newContext(fx.browser, fx.stack);
    try {
      const page = await offline.newPage();
      await page.goto('/');
      await waitForServiceWorkerControl(page);
      await offline.setOffline(true);
      for (const path of DIAGRAM_PAGES) {
        const report = await diagramsOf(page, path);
        expect(report.figures, path).toBeGreaterThan(0);
        expect(report, path).toEqual({ figures: report.figures, drawn: report.figures, failed: false });
      }
    } finally {
      await offline.close();
    }
  });
});
