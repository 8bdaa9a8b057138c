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

export function authenticate(opts: AuthOptions): Middleware {
  const fetchSecret = jwksRsa.koaJwtSecret({
    jwksUri: opts.jwksUri,
    cache: true,
    cacheMaxAge: 10 * 60_000,
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
  return jwt({
    secret: secret as unknown as string,
    issuer: opts.issuer,
    audience: opts.audience,
    algorithms: ['RS256'],
  });
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
