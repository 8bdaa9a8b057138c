/**
 * Secrets of the embedded identity provider, generated on first start and kept in
 * `${DATA_DIR}/oidc/` (git-ignored, owner-only files): the RS256 signing key, so tokens and
 * the JWKS survive restarts, and the cookie signing keys, so browser sessions do too.
 */
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { loadOrCreateJson, randomSecret } from '../data-files.ts';

export interface OidcSecrets {
  /** Private signing keys (JWK) for oidc-provider's `jwks` option. */
  signingKeys: JWK[];
  cookieKeys: string[];
}

async function createSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'RS256', use: 'sig' };
}

function parseKeys(raw: unknown): JWK[] {
  const keys = (raw as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error('expected {keys: [JWK, ...]}');
  for (const key of keys as JWK[]) {
    if (key.kty !== 'RSA' || typeof key.d !== 'string' || typeof key.kid !== 'string') throw new Error('expected private RSA JWKs with a kid');
  }
  return keys as JWK[];
}

function parseCookieKeys(raw: unknown): string[] {
  const keys = (raw as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'string' && k.length >= 32)) {
    throw new Error('expected {keys: [string of 32+ chars, ...]}');
  }
  return keys as string[];
}

export async function loadOidcSecrets(oidcDir: string): Promise<OidcSecrets> {
  const signingKeys = await loadOrCreateJson(join(oidcDir, 'jwks.json'), async () => ({ keys: [await createSigningKey()] }), (raw) => ({
    keys: parseKeys(raw),
  }));
  const cookieKeys = await loadOrCreateJson(join(oidcDir, 'cookie-keys.json'), () => ({ keys: [randomSecret(32)] }), (raw) => ({
    keys: parseCookieKeys(raw),
  }));
  return { signingKeys: signingKeys.keys, cookieKeys: cookieKeys.keys };
}
