/// <reference types="vite/client" />
/** Build-time variables of the shell (only non-secret values: everything under VITE_ ships to the browser). */
interface ImportMetaEnv {
  /** Google Analytics 4 measurement id (G-XXXX). Unset by default: no analytics at all. */
  readonly VITE_GA_MEASUREMENT_ID?: string;
}
