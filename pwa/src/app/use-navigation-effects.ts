/**
 * Per-navigation chores of the layout: the document title of the page, and moving keyboard focus
 * to the new page's heading after a client-side navigation (screen-reader users then hear that the
 * page changed). The first load keeps the browser's default focus.
 */
import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';
import { documentTitleFor } from './route-table.ts';

export function useDocumentTitle(): void {
  const { pathname } = useLocation();
  useEffect(() => {
    document.title = documentTitleFor(pathname);
  }, [pathname]);
}

export function useFocusOnNavigation(mainId: string): void {
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    const main = document.getElementById(mainId);
    const target = main?.querySelector<HTMLElement>('h1') ?? main;
    if (!target) return;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  }, [pathname, mainId]);
}
