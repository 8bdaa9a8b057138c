/**
 * A local stand-in for the identity provider (outside our system): serves a JWKS over HTTP and
 * signs RS256 access tokens, plus deliberately bad ones for the auth tests.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';

export interface TestIssuer {
  issuer: string;
  jwksUri: string;
  audience: string;
  token(sub: string, opts?: { claims?: Record<string, unknown>; expiresIn?: string | number; issuer?: string; audience?: string }): Promise<string>;
  hs256Token(sub: string, secret: string): Promise<string>;
  unsignedToken(sub: string): string;
  close(): Promise<void>;
}

export async function startTestIssuer(audience = 'iterapi'): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((req, res) => {
    if (req.url === '/jwks') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/issuer`;
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return {
    issuer,
    jwksUri: `${base}/jwks`,
    audience,
    token: (sub, opts = {}) =>
      new SignJWT({ ...(opts.claims ?? {}) })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'at+jwt' })
        .setSubject(sub)
        .setIssuer(opts.issuer ?? issuer)
        .setAudience(opts.audience ?? audience)
        .setIssuedAt()
        .setExpirationTime(opts.expiresIn ?? '5m')
        .sign(privateKey),
    hs256Token: (sub, secret) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setIssuer(issuer)
        .setAudience(audience)
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(secret)),
    unsignedToken: (sub) =>
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub, iss: issuer, aud: audience, exp: Math.floor(Date.now() / 1000) + 300 })}.`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
