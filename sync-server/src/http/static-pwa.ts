/**
 * Serves the built PWA on the API's own origin (embedded default): hashed assets cached forever,
 * the service worker and the HTML shell never cached by HTTP (updates are the service worker's job).
 * A navigation to one of the app's routes gets index.html with 200; any other path gets index.html
 * with 404, so the app renders its French 404 page and crawlers, monitors and links see a real 404.
 * The routes come from the build itself (dist/app-routes.json, written from the PWA's route table),
 * so the server never keeps a second list. A missing hashed asset is a plain 404, never the shell
 * (a module script answered with HTML would fail to load with a confusing MIME error).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context, Middleware } from 'koa';
import send from 'koa-send';

const API_PREFIXES = ['/sync/', '/api/', '/oidc', '/readyz', '/metrics'];
export const APP_ROUTES_FILE = 'app-routes.json';

/** "/iot/" and "/iot" are the same page, as in the PWA's router. */
function normalize(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
}

/**
 * The app's route paths from the build, or null for a build without the file (then every
 * navigation gets the shell with 200, as before the file existed).
 */
export function readAppRoutes(root: string): ReadonlySet<string> | null {
  const file = join(root, APP_ROUTES_FILE);
  if (!existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { paths?: unknown };
  if (!Array.isArray(parsed.paths) || !parsed.paths.every((p): p is string => typeof p === 'string')) {
    throw new Error(`${file}: expected {"paths": [string, …]}`);
  }
  return new Set(parsed.paths.map(normalize));
}

async function sendShell(ctx: Context, root: string, status: number): Promise<void> {
  await send(ctx, 'index.html', { root, setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') });
  ctx.status = status;
}

export function servePwa(root: string): Middleware {
  const index = join(root, 'index.html');
  const appRoutes = readAppRoutes(root);
  return async function servePwa(ctx, next) {
    await next();
    if (ctx.body !== undefined || ctx.status !== 404) return;
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return;
    if (API_PREFIXES.some((p) => ctx.path.startsWith(p))) return;
    const path = decodeURIComponent(ctx.path);
    const file = join(root, path);
    if (path !== '/' && file.startsWith(root) && existsSync(file) && !path.endsWith('/')) {
      const immutable = path.startsWith('/assets/');
      await send(ctx, path, {
        root,
        hidden: false,
        maxage: immutable ? 365 * 24 * 3600 * 1000 : 0,
        immutable,
        setHeaders: (res) => {
          if (!immutable) res.setHeader('Cache-Control', 'no-cache');
        },
      });
      return;
    }
    if (path.startsWith('/assets/')) return;
    if (!ctx.accepts('html') || !existsSync(index)) return;
    const known = appRoutes === null || appRoutes.has(normalize(path));
    await sendShell(ctx, root, known ? 200 : 404);
  };
}
