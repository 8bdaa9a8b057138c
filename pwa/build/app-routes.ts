/**
 * Writes dist/app-routes.json: the paths the router serves with a page of its own, from the
 * route table (pwa/src/app/route-table.ts), the one source. The sync server's static PWA reads
 * it to answer 200 for those paths and 404 (still with index.html, so the French 404 page
 * renders) for any other; the PWA image turns it into an nginx map (devsecops/docker/nginx).
 */
import type { Plugin } from 'vite';
import { APP_ROUTE_PATHS } from '../src/app/route-table.ts';

export const APP_ROUTES_FILE = 'app-routes.json';

export function appRoutesManifest(): string {
  return `${JSON.stringify({ paths: APP_ROUTE_PATHS }, null, 2)}\n`;
}

export function appRoutesPlugin(): Plugin {
  return {
    name: 'itercraft-app-routes',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: APP_ROUTES_FILE, source: appRoutesManifest() });
    },
  };
}
