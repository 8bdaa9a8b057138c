/**
 * Smoke test of the whole `npm start` stack: the real server entry with embedded identity
 * provider and broker, the built PWA, and Chromium signing in through the embedded login page.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { collections } from '@itercraft/shared/collections/index';
import { describe, expect, it } from 'vitest';
import { exchangeCode, newContext, pkceAuthorizationRequest, signIn, useStack } from './harness.ts';

const fx = useStack();

interface AxeResults {
  violations: { id: string; help: string; nodes: unknown[] }[];
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe('the embedded stack', () => {
  it('answers /healthcheck with {"status":"UP"}', async () => {
    const res = await fetch(`${fx.stack.url}/healthcheck`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'UP' });
  });

  it('lets Chromium sign in with authorization code + PKCE, the API accept the token, and sign out', async () => {
    // bypassCSP lets axe-core run on the login page, whose CSP forbids injected scripts.
    const context = await newContext(fx.browser, fx.stack, { bypassCSP: true });
    const page = await context.newPage();
    // Keep the PWA from consuming the code: this test exchanges it itself.
    await page.route('**/auth/callback?*', (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'callback' }));
    const request = pkceAuthorizationRequest(fx.stack);
    await page.goto(request.url);
    await page.waitForURL(/\/oidc\/interaction\//);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await page.addScriptTag({ content: axeSource });
    const axe = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run());
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    const user = fx.stack.demoUsers[0]!;
    await page.getByLabel('Identifiant ou adresse e-mail').fill(user.username);
    await page.getByLabel('Mot de passe').fill('pas le bon');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Identifiant ou mot de passe incorrect.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');

    await signIn(page, user);
    const callback = new URL(page.url());
    expect(callback.origin + callback.pathname).toBe(request.redirectUri);
    expect(callback.searchParams.get('state')).toBe(request.state);
    const tokens = await exchangeCode(fx.stack, request, callback.searchParams.get('code')!);

    const pull = `${fx.stack.url}/sync/v1/services/pull?schema=${collections.services.version}`;
    expect((await fetch(pull)).status).toBe(401);
    const res = await fetch(pull, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { documents: unknown[] }).documents.length).toBeGreaterThan(0);

    // Sign-out as oidc-client-ts does it: with an id_token_hint the page confirms by itself.
    const logout = new URLSearchParams({ id_token_hint: tokens.id_token, post_logout_redirect_uri: `${fx.stack.url}/` });
    await page.goto(`${fx.stack.url}/oidc/session/end?${logout.toString()}`);
    await page.waitForURL(`${fx.stack.url}/`);
    const refresh = await fetch(`${fx.stack.url}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'iterfront', refresh_token: tokens.refresh_token! }),
    });
    expect(refresh.status).toBe(400);
    await context.close();
  });

  it('signs in from the PWA\'s "Connexion" button and shows who is signed in', async () => {
    const context = await newContext(fx.browser, fx.stack);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('button', { name: 'Connexion' }).first().click();
    await signIn(page, fx.stack.demoUsers[1]!);
    await expect.poll(() => page.getByText('camille', { exact: true }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await context.close();
  });
});
