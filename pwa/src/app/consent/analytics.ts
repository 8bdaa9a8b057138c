/**
 * Google Analytics 4, loaded only after the visitor accepted AND only when a measurement id is
 * configured (VITE_GA_MEASUREMENT_ID, unset by default). Refusing later turns measurement off and
 * removes the _ga cookies. The original loaded GA on every page before any choice.
 */
import type { ConsentChoice } from './consent-store.ts';

declare global {
  interface Window {
    dataLayer?: unknown[];
    gtag?: (...args: unknown[]) => void;
  }
}

export const GA_SCRIPT_ID = 'ga4-script';

function gtag(..._args: unknown[]): void {
  window.dataLayer = window.dataLayer ?? [];
  // gtag.js reads the `arguments` objects pushed here, not plain arrays.
  // eslint-disable-next-line prefer-rest-params
  window.dataLayer.push(arguments);
}

function loadGoogleAnalytics(measurementId: string): void {
  if (document.getElementById(GA_SCRIPT_ID)) return;
  window.gtag = gtag;
  gtag('consent', 'default', {
    analytics_storage: 'denied',
    ad_storage: 'denied',
    ad_user_data: 'denied',
    ad_personalization: 'denied',
  });
  gtag('consent', 'update', { analytics_storage: 'granted' });
  gtag('js', new Date());
  gtag('config', measurementId);
  const script = document.createElement('script');
  script.id = GA_SCRIPT_ID;
  script.async = true;
  script.src = `https://www.googletagmanager.com/gtag/js?id=${encodeURIComponent(measurementId)}`;
  document.head.appendChild(script);
}

function removeAnalyticsCookies(): void {
  const host = window.location.hostname;
  for (const entry of document.cookie.split(';')) {
    const name = entry.split('=')[0]?.trim() ?? '';
    if (!name.startsWith('_ga')) continue;
    for (const domain of ['', `; domain=${host}`, `; domain=.${host}`]) {
      document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/${domain}`;
    }
  }
}

/** Brings analytics in line with the current choice. Safe to call on every change. */
export function applyAnalyticsConsent(choice: ConsentChoice | null, measurementId: string | null): void {
  if (!measurementId) return;
  if (choice === 'accepted') {
    loadGoogleAnalytics(measurementId);
    window.gtag?.('consent', 'update', { analytics_storage: 'granted' });
    return;
  }
  if (window.gtag) window.gtag('consent', 'update', { analytics_storage: 'denied' });
  removeAnalyticsCookies();
}
