/**
 * Registers /sw.js with workbox-window (production builds only). The worker is generated with
 * `registerType: 'prompt'`: it never calls skipWaiting by itself, so a new version waits until the
 * user accepts the update prompt, and the prompt only activates it once nothing would be lost.
 */
import { swUpdateStore, type SwUpdateStore } from './sw-update-store.ts';

/** How often an open app asks the server whether a new version exists. */
const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;
/** How long the prompt waits for the new worker to take control before reloading anyway. */
const ACTIVATION_FALLBACK_MS = 4000;

export async function registerServiceWorker(store: SwUpdateStore = swUpdateStore): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const { Workbox } = await import('workbox-window');
  const wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => {
    store.setWaiting(() => {
      // Reload once the new worker controls this page, so the reload gets the new files.
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
      // Chromium may hold the activation while the current worker still serves this page (seen under
      // load: the new worker stays "installed" until the page goes away). Nothing is pending any more
      // (the prompt checked), so reloading is safe and lets the new worker take over.
      window.setTimeout(() => window.location.reload(), ACTIVATION_FALLBACK_MS);
    });
  });
  store.setChecker(async () => {
    await wb.update();
  });
  try {
    await wb.register();
  } catch (error) {
    // Without a worker the app still runs online; it just cannot open offline. Worth a log, not a crash.
    console.warn('Service worker registration failed', error);
    return;
  }
  window.setInterval(() => {
    if (navigator.onLine) void wb.update();
  }, UPDATE_CHECK_INTERVAL_MS);
}
