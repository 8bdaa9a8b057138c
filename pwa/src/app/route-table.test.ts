import { describe, expect, it } from 'vitest';
import { matchRoutes, type RouteObject } from 'react-router';
import { APP_PAGES, APP_ROUTE_PATHS, documentTitleFor, findPage, normalizePath, NOT_FOUND_LABEL } from './route-table.ts';
import { appRoutesManifest } from '../../build/app-routes.ts';
import { appRoutes } from './routes.tsx';
import { NotFoundPage } from '../pages/not-found-page.tsx';

describe('route table', () => {
  it('gives every page of the app a French label and title', () => {
    const expected: Record<string, string> = {
      '/': 'Accueil',
      '/dashboard': 'Tableau de bord',
      '/entretien': 'Entretien',
      '/activites': 'Activités',
      '/ludotheque': 'Ma Ludothèque',
      '/architecture': 'Architecture',
      '/sse': 'Server-Sent Events',
      '/resilience': 'Résilience',
      '/iot': 'IoT',
      '/cookies': 'Politique de cookies',
      '/mentions-legales': 'Mentions légales',
      '/confidentialite': 'Confidentialité',
    };
    for (const [path, label] of Object.entries(expected)) expect(findPage(path)?.label).toBe(label);
  });

  it('marks exactly the four feature pages as protected', () => {
    expect(APP_PAGES.filter((p) => p.protected).map((p) => p.path)).toEqual([
      '/dashboard',
      '/entretien',
      '/activites',
      '/ludotheque',
    ]);
  });

  it('finds a page with or without a trailing slash', () => {
    expect(normalizePath('/iot/')).toBe('/iot');
    expect(findPage('/iot/')?.label).toBe('IoT');
    expect(normalizePath('/')).toBe('/');
  });

  it('titles the document per page and unknown paths as not found', () => {
    expect(documentTitleFor('/entretien')).toBe('Entretien · Itercraft');
    expect(documentTitleFor('/')).toBe('Itercraft · Accueil');
    expect(documentTitleFor('/nulle-part')).toBe(`${NOT_FOUND_LABEL} · Itercraft`);
  });

  it('routes every page of the table to its own route, and anything else to the 404 page', () => {
    for (const page of APP_PAGES) {
      const matches = matchRoutes(appRoutes, page.path) ?? [];
      expect(matches.at(-1)?.route.path, page.path).not.toBe('*');
    }
    const unknown = matchRoutes(appRoutes, '/pas/une/page') ?? [];
    expect(unknown.at(-1)?.route.Component).toBe(NotFoundPage);
  });

  it('serves /healthcheck outside the layout', () => {
    const matches = matchRoutes(appRoutes, '/healthcheck') ?? [];
    expect(matches).toHaveLength(1);
  });

  it('lists as app routes exactly the paths the router serves with a page of its own', () => {
    const served: string[] = [];
    const walk = (routes: RouteObject[], base: string) => {
      for (const route of routes) {
        const path = route.path === undefined ? base : route.path.startsWith('/') ? route.path : `${base.replace(/\/$/, '')}/${route.path}`;
        if (route.path === '*') continue;
        if (route.children) walk(route.children, path);
        else served.push(path);
      }
    };
    walk(appRoutes, '');
    expect([...new Set(served)].sort()).toEqual([...APP_ROUTE_PATHS].sort());
  });

  it('is what the build writes to dist/app-routes.json for the servers', () => {
    expect(JSON.parse(appRoutesManifest())).toEqual({ paths: APP_ROUTE_PATHS });
  });
});
