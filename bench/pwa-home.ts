/**
 * Gzipped JavaScript a first-time visitor's browser loads before the home page first renders,
 * measured in Chromium (Resource Timing at the moment the home heading is in the DOM), against the
 * gzipped size of all the build's JavaScript.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { report } from './lib/report.ts';

const KB = 1024;

async function gzipKb(file: string): Promise<number> {
  return gzipSync(await readFile(file), { level: 9 }).length / KB;
}

/**
 * Page script: records in `window.__scriptsAtRender` the .js resources fetched by the time `main h1`
 * first reads `heading`. A string, not a function: tsx's name helpers do not exist in the page.
 */
function recordScriptsAtRender(heading: string): string {
  return `(() => {
    const heading = ${JSON.stringify(heading)};
    new MutationObserver(() => {
      const h1 = document.querySelector('main h1');
      if (!h1 || h1.textContent.trim() !== heading || window.__scriptsAtRender) return;
      window.__scriptsAtRender = performance.getEntriesByType('resource')
        .map((e) => new URL(e.name).pathname)
        .filter((p) => p.endsWith('.js'));
    }).observe(document, { subtree: true, childList: true, characterData: true });
  })();`;
}

export async function benchHomeJs(browser: Browser, url: string, dist: string): Promise<void> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: recordScriptsAtRender('Itercraft') });
    await page.goto(url + '/');
    await page.waitForFunction(() => Array.isArray((window as unknown as { __scriptsAtRender?: string[] }).__scriptsAtRender));
    const loaded = await page.evaluate(() => (window as unknown as { __scriptsAtRender: string[] }).__scriptsAtRender);
    const files = [...new Set(loaded)].map((p) => join(dist, p));
    const homeKb = (await Promise.all(files.map(gzipKb))).reduce((a, b) => a + b, 0);

    const assets = join(dist, 'assets');
    const all = (await readdir(assets)).filter((f) => f.endsWith('.js')).map((f) => join(assets, f));
    const allKb = (await Promise.all(all.map(gzipKb))).reduce((a, b) => a + b, 0);
    report({
      bench: 'pwa',
      metric: 'home_js_gzip_kb',
      value: homeKb,
      unit: 'KiB gzip',
      baseline: allKb,
      baselineDesc: `all ${all.length} JS files of the build, gzipped`,
      target: '<= 200',
      notes: `${files.length} JS files before the home page renders (first visit, no service worker): ${loaded.map((p) => p.replace('/assets/', '')).join(', ')}`,
    });
  } finally {
    await context.close();
  }
}
