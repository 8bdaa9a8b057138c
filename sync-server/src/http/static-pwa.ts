/**
 * Serves the built PWA on the API's own origin (embedded default): hashed assets cached forever,
 * the service worker and the HTML shell never cached by HTTP (updates are the service worker's job),
 * and every other navigation answered with index.html so deep links work.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Middleware } from 'koa';
import send from 'koa-send';

const API_PREFIXES = ['/sync/', '/api/', '/oidc', '/readyz', '/metrics'];

export function servePwa(root: string): Middleware {
  const index = join(root, 'index.html');
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
    if (!ctx.accepts('html') || !existsSync(index)) return;
    await send(ctx, 'index.html', { root, setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') });
  };
}
