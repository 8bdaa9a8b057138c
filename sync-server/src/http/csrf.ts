/**
 * Double-submit CSRF as in the original (`XSRF-TOKEN` cookie, `X-XSRF-TOKEN` header) for the
 * mutating REST endpoints. The cookie domain is configurable so a PWA on www. can read a cookie
 * set by api. (the original's host-only cookie broke that). Comparison is constant-time.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { errorCodes } from '@itercraft/shared/errors';
import { forbidden } from './errors.ts';

export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'x-xsrf-token';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrf(opts: { cookieDomain: string | undefined; secure: boolean }): Middleware {
  return async function csrf(ctx, next) {
    let token = ctx.cookies.get(CSRF_COOKIE);
    if (!token) {
      token = randomBytes(32).toString('base64url');
      ctx.cookies.set(CSRF_COOKIE, token, {
        httpOnly: false,
        sameSite: 'lax',
        secure: opts.secure,
        path: '/',
        overwrite: true,
        ...(opts.cookieDomain ? { domain: opts.cookieDomain } : {}),
      });
      if (!SAFE.has(ctx.method)) throw forbidden('Jeton CSRF manquant', errorCodes.CSRF);
    }
    if (!SAFE.has(ctx.method)) {
      const header = ctx.get(CSRF_HEADER);
      const a = Buffer.from(header);
      const b = Buffer.from(token);
      if (a.length !== b.length || !timingSafeEqual(a, b)) throw forbidden('Jeton CSRF invalide', errorCodes.CSRF);
    }
    await next();
  };
}
