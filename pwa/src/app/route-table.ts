/**
 * The app's pages as data: path, breadcrumb label, document title, whether a signed-in user is
 * needed, and where the page appears in the header. The router, the header, the breadcrumb and the
 * document title all read this one table, so a page cannot exist without a label (the original's
 * breadcrumb showed raw segments for /entretien, /activites and /ludotheque).
 * `APP_ROUTE_PATHS` is also what the servers (sync-server's static PWA, nginx) answer with 200;
 * any other path gets 404 with the app shell, which renders the French 404 page. The build
 * writes it to dist/app-routes.json (pwa/build/app-routes.ts). No React here: the build reads it.
 */

export type NavGroup = 'public' | 'private' | 'none';

export interface AppPage {
  path: string;
  /** Breadcrumb and navigation label. */
  label: string;
  /** `document.title` prefix ("<title> · Itercraft"). */
  title: string;
  /** Needs a known user (the page still opens offline with an expired token). */
  protected: boolean;
  nav: NavGroup;
}

export const HOME_PATH = '/';
export const APP_NAME = 'Itercraft';
export const NOT_FOUND_LABEL = 'Page introuvable';

export const APP_PAGES: readonly AppPage[] = [
  { path: '/', label: 'Accueil', title: 'Accueil', protected: false, nav: 'none' },
  { path: '/dashboard', label: 'Tableau de bord', title: 'Tableau de bord', protected: true, nav: 'private' },
  { path: '/entretien', label: 'Entretien', title: 'Entretien', protected: true, nav: 'private' },
  { path: '/activites', label: 'Activités', title: 'Activités', protected: true, nav: 'private' },
  { path: '/ludotheque', label: 'Ma Ludothèque', title: 'Ma Ludothèque', protected: true, nav: 'private' },
  { path: '/architecture', label: 'Architecture', title: 'Architecture', protected: false, nav: 'public' },
  { path: '/sse', label: 'Server-Sent Events', title: 'Server-Sent Events', protected: false, nav: 'public' },
  { path: '/resilience', label: 'Résilience', title: 'Résilience', protected: false, nav: 'public' },
  { path: '/iot', label: 'IoT', title: 'IoT', protected: false, nav: 'public' },
  { path: '/cookies', label: 'Politique de cookies', title: 'Politique de cookies', protected: false, nav: 'none' },
  { path: '/mentions-legales', label: 'Mentions légales', title: 'Mentions légales', protected: false, nav: 'none' },
  { path: '/confidentialite', label: 'Confidentialité', title: 'Politique de confidentialité', protected: false, nav: 'none' },
  { path: '/auth/callback', label: 'Connexion', title: 'Connexion', protected: false, nav: 'none' },
];

/** The bare status page, outside the layout (see routes.tsx). */
export const HEALTHCHECK_PATH = '/healthcheck';

/** Every path the router serves with a page of its own (everything else is the 404 page). */
export const APP_ROUTE_PATHS: readonly string[] = [...APP_PAGES.map((p) => p.path), HEALTHCHECK_PATH];

/** Removes a trailing slash ("/iot/" → "/iot") so both spellings find the same page. */
export function normalizePath(pathname: string): string {
  return pathname.length > 1 ? pathname.replace(/\/+$/, '') || '/' : pathname;
}

export function findPage(pathname: string): AppPage | undefined {
  const path = normalizePath(pathname);
  return APP_PAGES.find((p) => p.path === path);
}

/** "Entretien · Itercraft"; an unknown path gets the 404 title. */
export function documentTitleFor(pathname: string): string {
  const page = findPage(pathname);
  if (page?.path === HOME_PATH) return `${APP_NAME} · Accueil`;
  return `${page ? page.title : NOT_FOUND_LABEL} · ${APP_NAME}`;
}
