/**
 * The sync panel's "Corriger" link opens a page as `<page>?corriger=<docId>`. Pages read the
 * request with `useCorrigerParam()`, from the router's location, so it follows every navigation:
 * a second "Corriger" clicked while the page is already open (same or other document) is a new
 * request with a new `key`, even when the URL is the same. Reading `window.location` once at
 * mount, as pages did, missed both.
 */
import { useMemo } from 'react';
import { useLocation } from 'react-router';

export const CORRIGER_PARAM = 'corriger';

export interface CorrigerRequest {
  /** Id of the document to open for correction. */
  id: string;
  /** Changes at each navigation that asks again: use it as an effect dependency to re-open/re-focus. */
  key: string;
}

/** `/entretien?corriger=<id>` */
export function corrigerHref(pagePath: string, docId: string): string {
  return `${pagePath}?${CORRIGER_PARAM}=${encodeURIComponent(docId)}`;
}

/** The document the sync panel asked this page to open, or null. */
export function useCorrigerParam(): CorrigerRequest | null {
  const { search, key } = useLocation();
  const id = new URLSearchParams(search).get(CORRIGER_PARAM);
  return useMemo(() => (id ? { id, key } : null), [id, key]);
}
