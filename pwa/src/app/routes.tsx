/**
 * The route tree. Every page except the home page is a lazy chunk, so RxDB-heavy features,
 * recharts and mermaid load only on the pages that use them. Labels and titles live in
 * route-table.ts. Feature route modules export a named component (`EntretienPage`, …).
 */
import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { HomePage } from '../pages/home-page.tsx';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { AppLayout } from './app-layout.tsx';
import { HEALTHCHECK_PATH } from './route-table.ts';
import { ProtectedRoute } from './protected-route.tsx';
import { RouteError } from './route-error.tsx';

type Loader = () => Promise<ComponentType>;

function PageLoading() {
  return (
    <p className="page muted" role="status">
      Chargement de la page…
    </p>
  );
}

/**
 * A lazily loaded page; the loading text shows only while its chunk is fetched on first load.
 * The function form of `lazy`, not `{ Component }`: react-router swallows a failed lazy property
 * of a route without loader and renders nothing, whereas a failed lazy function reaches the
 * errorElement (RouteError: "Recharger"). A chunk fails when offline before it was cached, or
 * when a new version activated in another tab removed the old files.
 */
export function lazyPage(path: string, load: Loader): RouteObject {
  return { path, HydrateFallback: PageLoading, lazy: async () => ({ Component: await load() }) };
}

const protectedPages: RouteObject[] = [
  lazyPage('dashboard', async () => (await import('../features/dashboard/dashboard-page.tsx')).DashboardPage),
  lazyPage('entretien', async () => (await import('../features/entretien/entretien-page.tsx')).EntretienPage),
  lazyPage('activites', async () => (await import('../features/activites/activites-page.tsx')).ActivitesPage),
  lazyPage('ludotheque', async () => (await import('../features/ludotheque/ludotheque-page.tsx')).LudothequePage),
];

const publicPages: RouteObject[] = [
  lazyPage('architecture', async () => (await import('../pages/architecture-page.tsx')).ArchitecturePage),
  lazyPage('sse', async () => (await import('../pages/sse-page.tsx')).SsePage),
  lazyPage('resilience', async () => (await import('../pages/resilience-page.tsx')).ResiliencePage),
  lazyPage('iot', async () => (await import('../pages/iot-page.tsx')).IotPage),
  lazyPage('cookies', async () => (await import('../pages/cookies-page.tsx')).CookiesPage),
  lazyPage('mentions-legales', async () => (await import('../pages/mentions-legales-page.tsx')).MentionsLegalesPage),
  lazyPage('confidentialite', async () => (await import('../pages/confidentialite-page.tsx')).ConfidentialitePage),
  lazyPage('auth/callback', async () => (await import('../pages/auth-callback-page.tsx')).AuthCallbackPage),
];

export const appRoutes: RouteObject[] = [
  // Outside the layout, like the original: a bare status page (offline and in dev; online the
  // server answers GET /healthcheck itself, the service worker does not intercept it).
  { ...lazyPage(HEALTHCHECK_PATH, async () => (await import('../pages/healthcheck-page.tsx')).HealthcheckPage), errorElement: <RouteError standalone /> },
  {
    path: '/',
    Component: AppLayout,
    // The layout itself failing (header, footer) still gets a French page with "Recharger".
    errorElement: <RouteError standalone />,
    children: [
      {
        // Pathless: errors of a page render inside the layout, header and footer stay usable.
        errorElement: <RouteError />,
        children: [
          { index: true, Component: HomePage },
          { Component: ProtectedRoute, children: protectedPages },
          ...publicPages,
          { path: '*', Component: NotFoundPage },
        ],
      },
    ],
  },
];
