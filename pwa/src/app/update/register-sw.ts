/**
 * Registers /sw.js with workbox-window (production builds only). The worker is generated with
 * `registerType: 'prompt'`: it never calls skipWaiting by itself, so a new version waits until the
 * user accepts the update prompt, and the prompt only activates it once nothing would be lost.
 * The reload that follows goes through the store, which re-checks pending changes and forms.
 */
import { swUpdateStore, type SwUpdateStore } from './sw-update-store.ts';

/** How often an open app asks the server whether a new version exists. */
const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;
/** How long to wait for the new worker to take control before reloading anyway (when safe). */
export const ACTIVATION_FALLBACK_MS = 4000;

/** The part of workbox-window's Workbox this file uses. */
export interface WorkboxLike {
  addEventListener(type: 'waiting' | 'controlling', listener: () => void): void;
  messageSkipWaiting(): void;
  update(): Promise<unknown>;
}

export interface WireOptions {
  /** A worker controlled this page when it loaded: a later change of controller is an update. */
  hadController: boolean;
  setTimeout?: (run: () => void, ms: number) => unknown;
}

/** Connects the worker's life cycle to the store (exported for tests). */
export function wireWorkbox(wb: WorkboxLike, store: SwUpdateStore, options: WireOptions): void {
  const later = options.setTimeout ?? ((run, ms) => window.setTimeout(run, ms));
  let activatedHere = false;
  let controlled = options.hadController;
  wb.addEventListener('controlling', () => {
    // The first install claims the page too (clientsClaim): that is no new version.
    if (!controlled && !activatedHere) {
      controlled = true;
      return;
    }
    if (activatedHere) store.activationDone();
    else store.setActivatedElsewhere();
  });
  wb.addEventListener('waiting', () => {
    store.setWaiting(() => {
      activatedHere = true;
      wb.messageSkipWaiting();
      // Chromium may hold the activation while the current worker still serves this page (seen under
      // load: the new worker stays "installed" until the page goes away). Reloading then lets it take
      // over; the store still waits for pending changes and forms being edited.
      later(() => store.activationDone(), ACTIVATION_FALLBACK_MS);
    });
  });
  store.setChecker(async () => {
    await wb.update();
  });
}

export async function registerServiceWorker(store: SwUpdateStore = swUpdateStore): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  try {
    const { Workbox } = await import('workbox-window');
    const wb = new Workbox('/sw.js', { scope: '/' });
    wireWorkbox(wb, store, { hadController: navigator.serviceWorker.controller !== null });
    await wb.register();
    window.setInterval(() => {
      if (navigator.onLine) void wb.update();
    }, UPDATE_CHECK_INTERVAL_MS);
  } catch (error) {
    // Without a worker the app still runs online; it just cannot open offline. Worth a log, not a crash.
    console.warn('Service worker registration failed', error);
  }
}
