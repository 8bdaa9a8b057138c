/**
 * `npm run bench -- pwa` (issue 5, item 8): one JSON line per figure, each with a same-run baseline.
 *  - home_js_gzip_kb: gzipped JS loaded before the home page first renders (target ≤ 200 KiB),
 *    baseline: all the build's JS gzipped.
 *  - entretien_offline_first_render_ms: navigation → first render of /entretien offline from the
 *    service worker with 1,000 local sessions (target ≤ 1 s), baseline: service worker bypassed.
 */
import { benchEntretienRender } from './pwa-entretien.ts';
import { benchHomeJs } from './pwa-home.ts';
import { withBrowserStack } from './pwa-stack.ts';

export async function run(): Promise<void> {
  await withBrowserStack(async (browser, stack, dist) => {
    await benchHomeJs(browser, stack.url, dist);
    await benchEntretienRender(browser, stack);
  });
}
