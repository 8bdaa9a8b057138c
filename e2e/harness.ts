/**
 * End-to-end harness: the real server entry (sync-server/src/main.ts) in a child process on a
 * fresh database, with the embedded identity provider and MQTT broker and the built PWA on one
 * origin, plus Chromium (playwright-core) and a sign-in helper for the embedded login page.
 *
 *   const stack = await startStack();
 *   const browser = await launchBrowser();
 *   const page = await (await newContext(browser, stack)).newPage();
 *   await page.goto('/'); await page.getByRole('button', { name: 'Connexion' }).click();
 *   await signIn(page, stack.demoUsers[0]);
 *   ...
 *   await browser.close(); await stack.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { freePort } from '../sync-server/src/embedded/free-port.ts';
import { waitForServiceWorkerControl } from './pwa-shell.ts';
import { adminQuery, databaseUrlFor } from '../sync-server/test/pg-admin.ts';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CHROMIUM_PATH = '/usr/bin/chromium';
const SERVER_ENTRY = join(REPO_ROOT, 'sync-server/src/main.ts');
const PWA_DIST = join(REPO_ROOT, 'pwa/dist');
const CLIENT_ID = 'iterfront';

export interface DemoLogin {
  username: string;
  email: string;
  password: string;
}

export interface Stack {
  /** Origin of the app, e.g. http://127.0.0.1:41234 (PWA, API and /oidc). */
  url: string;
  /** The stack's own database (created for it, dropped by stop()). */
  databaseUrl: string;
  /** The embedded identity provider's demo accounts (laurent, camille). */
  demoUsers: DemoLogin[];
  /** Everything the server printed so far, to explain a failure. */
  output(): string;
  stop(): Promise<void>;
}


function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode} before being ready:\n${output()}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The server was not ready within ${timeoutMs} ms:\n${output()}`);
}

/** Environment of the child: the caller's, minus anything that would replace an embedded part. */
function childEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'OIDC_ISSUER', 'OIDC_JWKS_URI', 'MQTT_URL', 'MQTT_USERNAME', 'MQTT_PASSWORD', 'CORS_ORIGINS', 'NODE_OPTIONS']) delete env[name];
  return { ...env, ...vars };
}

/**
 * Starts the server as `npm start` would, isolated: its own database on the suite's PostgreSQL,
 * free ports, a temporary data folder. `env` adds or overrides variables (e.g. ANTHROPIC_BASE_URL).
 */
export async function startStack(opts: { env?: Record<string, string> } = {}): Promise<Stack> {
  const baseUrl = inject('e2ePgBaseUrl');
  const database = `e2e_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await adminQuery(baseUrl, `create database ${database}`);
  const databaseUrl = databaseUrlFor(baseUrl, database);
  const dataDir = await mkdtemp(join(tmpdir(), 'itercraft-e2e-'));
  await chmod(dataDir, 0o700);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const demoPassword = randomBytes(9).toString('base64url');
  const env = childEnv({
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    PWA_DIST,
    DATA_DIR: join(dataDir, 'data'),
    EMBEDDED_MQTT_PORT: String(await freePort()),
    DEMO_PASSWORD: demoPassword,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    ...opts.env,
  });
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_ENTRY], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-200_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited(child);
      clearTimeout(timer);
    }
    await adminQuery(baseUrl, `drop database if exists ${database} with (force)`).catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, child, () => log);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    databaseUrl,
    demoUsers: [
      { username: 'laurent', email: 'laurent@itercraft.com', password: demoPassword },
      { username: 'camille', email: 'camille@itercraft.com', password: demoPassword },
    ],
    output: () => log,
    stop,
  };
}

export interface StackFixture {
  /** Set once the file's beforeAll has run. */
  readonly stack: Stack;
  readonly browser: Browser;
}

/**
 * One stack and one Chromium for the whole test file: registers the file's beforeAll / afterAll
 * and returns an object whose fields are set when the tests run.
 */
export function useStack(opts: { env?: Record<string, string> } = {}): StackFixture {
  const fixture = {} as { stack: Stack; browser: Browser };
  beforeAll(async () => {
    fixture.stack = await startStack(opts);
    fixture.browser = await launchBrowser();
  });
  afterAll(async () => {
    await (fixture.browser as Browser | undefined)?.close();
    await (fixture.stack as Stack | undefined)?.stop();
  });
  return fixture;
}

export interface SignedInFixture extends StackFixture {
  readonly context: BrowserContext;
  /** Signed in as the first demo user, controlled by the service worker. */
  readonly page: Page;
}

/**
 * useStack() plus one context and page signed in as the first demo user, for the whole file.
 * `onContext` runs before the first page opens (e.g. to record every request).
 */
export function useSignedInPage(opts: { env?: Record<string, string>; onContext?: (context: BrowserContext, stack: Stack) => void } = {}): SignedInFixture {
  const base = useStack(opts);
  const fixture = {} as { context: BrowserContext; page: Page };
  beforeAll(async () => {
    fixture.context = await newContext(base.browser, base.stack);
    opts.onContext?.(fixture.context, base.stack);
    fixture.page = await fixture.context.newPage();
    await signInFromHome(fixture.page, base.stack);
    await waitForServiceWorkerControl(fixture.page);
  });
  afterAll(async () => {
    await (fixture.context as BrowserContext | undefined)?.close();
  });
  return {
    get stack() {
      return base.stack;
    },
    get browser() {
      return base.browser;
    },
    get context() {
      return fixture.context;
    },
    get page() {
      return fixture.page;
    },
  };
}

/** Chromium's flags in every test: quiet, no background traffic (this machine's network is closed). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium from Debian (never a downloaded one), headless, with the flags that keep it quiet and offline-testable. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** A browser context on the stack's origin, service workers allowed (the PWA registers one), French locale. */
export function newContext(browser: Browser, stack?: Pick<Stack, 'url'>, opts: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    serviceWorkers: 'allow',
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    ...(stack ? { baseURL: stack.url } : {}),
    ...opts,
  });
}

/**
 * From the home page of a fresh context: refuses the cookie banner, signs in as the first demo
 * user through the "Connexion" button, and waits until the header shows the user.
 */
export async function signInFromHome(page: Page, stack: Pick<Stack, 'demoUsers'>): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Refuser' }).click();
  await page.getByRole('button', { name: 'Connexion' }).first().click();
  await signIn(page, stack.demoUsers[0]!);
  await page.getByText(stack.demoUsers[0]!.username, { exact: true }).first().waitFor({ timeout: 15_000 });
}

/**
 * Fills the embedded identity provider's login page (the page must be on it or be going to it)
 * and waits until the browser has left /oidc/ again, i.e. is back on the app's redirect URI.
 */
export async function signIn(page: Page, user: Pick<DemoLogin, 'username' | 'password'>): Promise<void> {
  await page.waitForURL(/\/oidc\/interaction\//);
  await page.getByLabel('Identifiant ou adresse e-mail').fill(user.username);
  await page.getByLabel('Mot de passe').fill(user.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/oidc/'));
}

export interface PkceRequest {
  url: string;
  verifier: string;
  state: string;
  redirectUri: string;
}

/** An authorization request like the PWA's (code + PKCE S256), for tests that bypass the PWA. */
export function pkceAuthorizationRequest(stack: Pick<Stack, 'url'>): PkceRequest {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(8).toString('hex');
  const redirectUri = `${stack.url}/auth/callback`;
  const q = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid profile email offline_access',
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  return { url: `${stack.url}/oidc/auth?${q.toString()}`, verifier, state, redirectUri };
}

/** Exchanges an authorization code at the token endpoint, as oidc-client-ts does. */
export async function exchangeCode(stack: Pick<Stack, 'url'>, request: PkceRequest, code: string): Promise<{ access_token: string; id_token: string; refresh_token?: string }> {
  const res = await fetch(`${stack.url}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: CLIENT_ID, code, redirect_uri: request.redirectUri, code_verifier: request.verifier }),
  });
  if (!res.ok) throw new Error(`token exchange failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { access_token: string; id_token: string; refresh_token?: string };
}
