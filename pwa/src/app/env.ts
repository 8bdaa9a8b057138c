/** Shell configuration read from `import.meta.env`, at call time so tests can stub it. */

/**
 * The GA4 measurement id (VITE_GA_MEASUREMENT_ID, "G-XXXX"), or null when analytics are not
 * configured, which is the default: then nothing is ever loaded.
 */
export function gaMeasurementId(): string | null {
  const raw = ((import.meta.env.VITE_GA_MEASUREMENT_ID as string | undefined) ?? '').trim();
  return /^G-[A-Z0-9]+$/.test(raw) ? raw : null;
}

/** True in production builds, where the service worker is registered. */
export function isProductionBuild(): boolean {
  return import.meta.env.PROD;
}
