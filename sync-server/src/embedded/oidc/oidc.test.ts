/**
 * The embedded identity provider driven over HTTP like a browser would (cookies, redirects,
 * the login form), then its tokens checked like the API checks them.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Koa from 'koa';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../http/auth.ts';
import { freePort } from '../free-port.ts';
import { startEmbeddedOidc, type EmbeddedOidc } from './index.ts';

const logger = pino({ level: 'silent' });
const CLIENT = 'iterfront';
let dataDir: string;
let origin: string;
let port: number;
let idp: EmbeddedOidc;
let server: Server;

async function start(): Promise<void> {
  idp = await startEmbeddedOidc({ publicUrl: origin, dataDir, clientId: CLIENT, audience: 'iterapi', logger });
  const app = new Koa({ proxy: true });
  app.use(idp.middleware);
  // The API's own bearer check (koa-jwt + jwks-rsa), as the sync server mounts it.
  app.use(authenticate({ issuer: idp.issuer, jwksUri: idp.jwksUri, audience: 'iterapi' }));
  app.use((ctx) => {
    ctx.body = { user: ctx.state.user as unknown };
  });
  server = app.listen(port, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
}
async function stop(): Promise<void> {
  await new Promise((r) => server.close(r));
  await idp.stop();
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'itercraft-oidc-'));
  await chmod(dataDir, 0o700);
  port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  await start();
});
afterAll(async () => {
  await stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** A minimal browser: one cookie jar, manual redirects. */
class Browser {
  cookies = new Map<string, string>();
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(new URL(url, origin), { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }
  /** Follows redirects until a page (non-3xx) or a redirect leaving the identity provider. */
  async follow(url: string, init?: RequestInit): Promise<{ res: Response; url: string }> {
    let res = await this.fetch(url, init);
    let current = url;
    for (let i = 0; i < 10 && res.status >= 300 && res.status < 400; i += 1) {
      current = new URL(res.headers.get('location')!, current.startsWith('http') ? current : origin).href;
      if (!new URL(current).pathname.startsWith('/oidc/')) return { res, url: current };
      res = await this.fetch(current);
    }
    return { res, url: current };
  }
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(challenge: string | null, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({
    client_id: CLIENT,
    response_type: 'code',
    redirect_uri: `${origin}/auth/callback`,
    scope: 'openid profile email offline_access', // what the PWA asks for (pwa/src/lib/env.ts)
    state: 'state-1',
    nonce: 'nonce-1',
    ...(challenge ? { code_challenge: challenge, code_challenge_method: 'S256' } : {}),
    ...extra,
  });
  return `/oidc/auth?${q.toString()}`;
}

async function openLoginPage(browser: Browser, challenge: string): Promise<{ html: string; action: string }> {
  const { res } = await browser.follow(authorizeUrl(challenge));
  expect(res.status).toBe(200);
  const html = await res.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  expect(action).toMatch(/^\/oidc\/interaction\/[\w-]+\/login$/);
  return { html, action: action! };
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

async function token(fields: Record<string, string>): Promise<Response> {
  return fetch(`${origin}/oidc/token`, form({ client_id: CLIENT, ...fields }));
}

interface TokenSet {
  access_token: string;
  id_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
}

/** The whole authorization code + PKCE flow for one demo user. */
async function signIn(username: string, browser = new Browser()): Promise<TokenSet> {
  const user = idp.demoUsers.find((u) => u.username === username)!;
  const { verifier, challenge } = pkce();
  const { action } = await openLoginPage(browser, challenge);
  const { url } = await browser.follow(action, form({ username, password: user.password }));
  const callback = new URL(url);
  expect(callback.origin + callback.pathname).toBe(`${origin}/auth/callback`);
  expect(callback.searchParams.get('state')).toBe('state-1');
  const res = await token({ grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: `${origin}/auth/callback`, code_verifier: verifier });
  expect(res.status).toBe(200);
  return (await res.json()) as TokenSet;
}

describe('embedded identity provider', () => {
  it('publishes Keycloak-like discovery: issuer under /oidc, PKCE S256, JWKS', async () => {
    const meta = (await (await fetch(`${origin}/oidc/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(meta.issuer).toBe(`${origin}/oidc`);
    expect(meta.jwks_uri).toBe(`${origin}/oidc/jwks`);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.authorization_endpoint).toBe(`${origin}/oidc/auth`);
    expect(meta.end_session_endpoint).toBe(`${origin}/oidc/session/end`);
  });

  it('shows an accessible French login page and refuses a wrong password clearly', async () => {
    const browser = new Browser();
    const { html, action } = await openLoginPage(browser, pkce().challenge);
    expect(html).toContain('<html lang="fr">');
    expect(html).toMatch(/<label for="username">[^<]+<\/label>\s*<input id="username"/);
    expect(html).toMatch(/<label for="password">Mot de passe<\/label>\s*<input id="password"[^>]*type="password"/);
    const res = await browser.fetch(action, form({ username: 'laurent', password: 'wrong' }));
    expect(res.status).toBe(401);
    const page = await res.text();
    expect(page).toContain('role="alert"');
    expect(page).toContain('Identifiant ou mot de passe incorrect.');
    expect(page).toContain('value="laurent"');
  });

  it('refuses a login post without the interaction cookie (CSRF)', async () => {
    const browser = new Browser();
    const { action } = await openLoginPage(browser, pkce().challenge);
    const user = idp.demoUsers[0]!;
    const res = await fetch(`${origin}${action}`, { ...form({ username: user.username, password: user.password }), redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('a expiré');
  });

  it('requires PKCE from the public client', async () => {
    const { url } = await new Browser().follow(authorizeUrl(null));
    const redirect = new URL(url);
    expect(redirect.pathname).toBe('/auth/callback');
    expect(redirect.searchParams.get('error')).toBe('invalid_request');
  });

  it('issues RS256 access tokens for iterapi (300 s) that the API accepts, and ID tokens with the profile', async () => {
    const tokens = await signIn('laurent');
    const laurent = idp.demoUsers.find((u) => u.username === 'laurent')!;
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.expires_in).toBe(300);
    expect(decodeProtectedHeader(tokens.access_token).alg).toBe('RS256');
    const jwks = createRemoteJWKSet(new URL(idp.jwksUri));
    const { payload } = await jwtVerify(tokens.access_token, jwks, { issuer: idp.issuer, audience: 'iterapi', algorithms: ['RS256'] });
    expect(payload).toMatchObject({ email: 'laurent@itercraft.com', preferred_username: 'laurent', name: 'Laurent', client_id: CLIENT, scope: 'openid profile email' });
    expect(payload.sub).toBe(laurent.sub);
    expect(payload.exp! - payload.iat!).toBe(300);
    const id = await jwtVerify(tokens.id_token, jwks, { issuer: idp.issuer, audience: CLIENT, algorithms: ['RS256'] });
    expect(id.payload).toMatchObject({ sub: payload.sub, email: laurent.email, preferred_username: 'laurent', name: 'Laurent', nonce: 'nonce-1' });

    const api = await fetch(`${origin}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(api.status).toBe(200);
    expect(((await api.json()) as { user: { sub: string } }).user.sub).toBe(payload.sub);
  });

  it('refreshes with the refresh token issued to the public client', async () => {
    const first = await signIn('camille');
    expect(first.refresh_token).toBeTruthy();
    const res = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(res.status).toBe(200);
    const refreshed = (await res.json()) as TokenSet;
    const { payload } = await jwtVerify(refreshed.access_token, createRemoteJWKSet(new URL(idp.jwksUri)), {
      issuer: idp.issuer,
      audience: 'iterapi',
      algorithms: ['RS256'],
    });
    expect(payload.preferred_username).toBe('camille');
  });

  it('keeps its signing key, demo passwords and refresh tokens across a restart', async () => {
    const tokens = await signIn('laurent');
    const before = { kid: decodeProtectedHeader(tokens.access_token).kid, users: idp.demoUsers };
    await stop();
    await start();
    expect(idp.demoUsers).toEqual(before.users);
    const res = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(res.status).toBe(200);
    const refreshed = (await res.json()) as TokenSet;
    expect(decodeProtectedHeader(refreshed.access_token).kid).toBe(before.kid);
    await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(idp.jwksUri)), { issuer: idp.issuer, audience: 'iterapi' });
  });

  it("signs out in French, then refuses the session's refresh token", async () => {
    const browser = new Browser();
    const tokens = await signIn('camille', browser);
    const q = new URLSearchParams({ id_token_hint: tokens.id_token, post_logout_redirect_uri: `${origin}/`, client_id: CLIENT });
    const page = await browser.fetch(`/oidc/session/end?${q.toString()}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Oui, me déconnecter');
    const action = /<form[^>]*id="op.logoutForm"[^>]*action="([^"]+)"|<form[^>]*action="([^"]+)"[^>]*id="op.logoutForm"/.exec(html);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    const target = action?.[1] ?? action?.[2];
    expect(target && xsrf).toBeTruthy();
    const done = await browser.fetch(target!, form({ xsrf: xsrf!, logout: 'yes' }));
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${origin}/`);
    const res = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_grant');
  });
});
