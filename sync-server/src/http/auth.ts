/**
 * Bearer-token authentication: RS256 access tokens verified with koa-jwt against the
 * identity provider's JWKS (jwks-rsa), with issuer, audience and algorithm pinned, so
 * `alg: none`, HS256, expired, foreign-issuer and foreign-audience tokens all get 401.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import jwt from 'koa-jwt';
import jwksRsa from 'jwks-rsa';
import { unauthorized } from './errors.ts';

export interface AuthOptions {
  issuer: string;
  jwksUri: string;
  audience: string;
}

export interface AuthUser {
  /** OIDC subject: the only user identity the server trusts. */
  sub: string;
  email: string | undefined;
  name: string | undefined;
}

/** How long jwks-rsa trusts a fetched key, and so the longest a verified token is remembered. */
const KEY_CACHE_MS = 10 * 60_000;
const MAX_REMEMBERED_TOKENS = 5_000;

/**
 * Verified tokens by their exact Authorization header, until the token's own `exp` (never longer
 * than the key cache): a sync client sends the same token on every push and pull, and checking
 * its RS256 signature each time cost about 0.25 ms of CPU per request (profiled under bench sync). Only a token
 * koa-jwt accepted is stored, and a hit past its expiry is verified again (and then refused).
 */
function verifiedTokens(now: () => number) {
  const byHeader = new Map<string, { claims: unknown; until: number }>();
  return {
    get(header: string): unknown {
      const hit = byHeader.get(header);
      if (!hit) return undefined;
      if (now() < hit.until) return hit.claims;
      byHeader.delete(header);
      return undefined;
    },
    remember(header: string, claims: unknown): void {
      const exp = (claims as { exp?: unknown } | undefined)?.exp;
      const until = Math.min(typeof exp === 'number' ? exp * 1000 : Infinity, now() + KEY_CACHE_MS);
      if (byHeader.size >= MAX_REMEMBERED_TOKENS) byHeader.delete(byHeader.keys().next().value!);
      // Shared by every request carrying this token: frozen so no handler can alter another's identity.
      byHeader.set(header, { claims: Object.freeze(claims), until });
    },
  };
}

export function authenticate(opts: AuthOptions): Middleware {
  const fetchSecret = jwksRsa.koaJwtSecret({
    jwksUri: opts.jwksUri,
    cache: true,
    cacheMaxAge: KEY_CACHE_MS,
    rateLimit: true,
    jwksRequestsPerMinute: 10,
  });
  // jwks-rsa hands out PEM strings and jsonwebtoken would parse the key on every request.
  const keys = new Map<string, KeyObject>();
  const secret = async (header: Parameters<typeof fetchSecret>[0]): Promise<KeyObject> => {
    const pem = await fetchSecret(header);
    let key = keys.get(pem);
    if (!key) {
      if (keys.size > 32) keys.clear();
      key = createPublicKey(pem);
      keys.set(pem, key);
    }
    return key;
  };
  const verify = jwt({
    secret: secret as unknown as string,
    issuer: opts.issuer,
    audience: opts.audience,
    algorithms: ['RS256'],
  });
  // jsonwebtoken compares `exp` with Date.now() too, so a remembered token ends exactly when it would.
  const tokens = verifiedTokens(() => Date.now());
  return async function requireAuth(ctx, next): Promise<void> {
    const header = ctx.get('authorization');
    const claims = header ? tokens.get(header) : undefined;
    if (claims !== undefined) {
      ctx.state.user = claims;
      await next();
      return;
    }
    await verify(ctx, async () => {
      if (header) tokens.remember(header, ctx.state.user);
      await next();
    });
  };
}

interface TokenClaims {
  sub?: unknown;
  email?: unknown;
  name?: unknown;
  preferred_username?: unknown;
}

/** The authenticated user; a token without `sub` is refused (the original answered 500). */
export function userOf(ctx: Context): AuthUser {
  const claims = ctx.state.user as TokenClaims | undefined;
  if (!claims || typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 255) {
    throw unauthorized('Jeton sans identité (sub)');
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { sub: claims.sub, email: str(claims.email), name: str(claims.preferred_username) ?? str(claims.name) };
}
