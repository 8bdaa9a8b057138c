/**
 * What the PWA benchmark runs against: a production build of the PWA in a temporary folder, and the
 * real server entry (sync-server/src/main.ts, embedded identity provider and broker) serving it on
 * one origin over a bench database, as `npm start` does. Mirrors e2e/harness.ts, which needs vitest.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { collections } from '@itercraft/shared/collections/index';
import { freePort } from '../sync-server/src/embedded/free-port.ts';
import { benchDatabase } from './lib/database.ts';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** `vite build` of the PWA into a fresh folder, as `npm run build` does (NODE_ENV=production). */
export async function buildPwa(): Promise<{ dist: string; remove(): Promise<void> }> {
  const dist = await mkdtemp(join(tmpdir(), 'itercraft-bench-pwa-'));
  const viteBin = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  const child = spawn(process.execPath, [viteBin, 'build', '--config', 'vite.config.ts', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const code = await exitCode(child);
  if (code !== 0) throw new Error(`vite build failed (exit code ${code})`);
  return { dist, remove: () => rm(dist, { recursive: true, force: true }) };
}

export interface BenchStack {
  url: string;
  user: { username: string; password: string };
  stop(): Promise<void>;
}

async function waitUntilReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${log()}`);
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server was not ready within 90 s:\n${log()}`);
}

/** The server entry with the embedded IdP and broker, serving `dist`, on a scratch database. */
export async function startBenchStack(dist: string): Promise<BenchStack> {
  const database = await benchDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'itercraft-bench-data-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const password = randomBytes(9).toString('base64url');
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['OIDC_ISSUER', 'OIDC_JWKS_URI', 'MQTT_URL', 'MQTT_USERNAME', 'MQTT_PASSWORD', 'CORS_ORIGINS', 'NODE_OPTIONS']) delete env[name];
  Object.assign(env, {
    DATABASE_URL: database.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    PWA_DIST: dist,
    DATA_DIR: join(dataDir, 'data'),
    EMBEDDED_MQTT_PORT: String(await freePort()),
    DEMO_PASSWORD: password,
    // As the e2e harness: the embedded stack's test mode (the PWA itself is a production build).
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
  });
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'sync-server/src/main.ts')], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-50_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = exitCode(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await database.release();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, child, () => log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, user: { username: 'laurent', password }, stop };
}

/** Builds the PWA, starts the stack on it and a headless Chromium, runs `fn`, and cleans everything up. */
export async function withBrowserStack(fn: (browser: Browser, stack: BenchStack, dist: string) => Promise<void>): Promise<void> {
  const build = await buildPwa();
  try {
    const stack = await startBenchStack(build.dist);
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run'],
    });
    try {
      await fn(browser, stack, build.dist);
    } finally {
      await browser.close();
      await stack.stop();
    }
  } finally {
    await build.remove();
  }
}

/** The access token the signed-in page holds (oidc-client-ts keeps it in localStorage). */
export async function pageAccessToken(page: Page): Promise<string> {
  const token = await page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i) ?? '';
      if (!key.startsWith('itercraft.oidc.user')) continue;
      return (JSON.parse(localStorage.getItem(key) ?? '{}') as { access_token?: string }).access_token ?? null;
    }
    return null;
  });
  if (!token) throw new Error('no access token in the page after sign-in');
  return token;
}

/** Pushes maintenance sessions through the replication endpoint as a device would; every row must be accepted. */
export async function pushSessions(url: string, token: string, docs: Record<string, unknown>[]): Promise<void> {
  const version = collections.maintenanceSessions.version;
  for (let i = 0; i < docs.length; i += 500) {
    const rows = docs.slice(i, i + 500).map((newDocumentState) => ({ newDocumentState }));
    const res = await fetch(`${url}/sync/v1/maintenanceSessions/push?schema=${version}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(rows),
    });
    const body = (await res.json()) as { results?: { status: string; reason?: string }[] };
    const refused = body.results?.find((r) => r.status !== 'accepted');
    if (res.status !== 200 || refused) throw new Error(`seeding refused: ${res.status} ${JSON.stringify(refused ?? body)}`);
  }
}
