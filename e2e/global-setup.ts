/**
 * Vitest global setup of the Chromium end-to-end suite: checks Chromium is installed (always
 * required, never skipped), builds the PWA once unless pwa/dist is newer than its sources, and
 * finds a PostgreSQL for the stacks (DATABASE_URL, else one ephemeral embedded cluster; under
 * CI=true a missing DATABASE_URL is an error).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { adminQuery } from '../sync-server/test/pg-admin.ts';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

// Same values as in harness.ts, which this file does not import (it loads vitest's runtime).
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM_PATH = '/usr/bin/chromium';

declare module 'vitest' {
  interface ProvidedContext {
    e2ePgBaseUrl: string;
  }
}

/** Newest modification time under `path` (a file or a folder, tests excluded: they are not built), 0 when absent. */
async function newestMtime(path: string): Promise<number> {
  if (!existsSync(path)) return 0;
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path)) {
    if (entry === 'node_modules' || entry === 'dist' || /\.test\.tsx?$/.test(entry)) continue;
    newest = Math.max(newest, await newestMtime(join(path, entry)));
  }
  return newest;
}

async function pwaIsFresh(): Promise<boolean> {
  const built = join(REPO_ROOT, 'pwa/dist/index.html');
  if (!existsSync(built)) return false;
  const sources = ['pwa/src', 'pwa/index.html', 'pwa/public', 'pwa/build', 'shared/src', 'vite.config.ts'];
  const newest = Math.max(...(await Promise.all(sources.map((s) => newestMtime(join(REPO_ROOT, s))))));
  return (await stat(built)).mtimeMs > newest;
}

function buildPwa(): Promise<void> {
  const viteBin = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [viteBin, 'build', '--config', 'vite.config.ts', '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      // Vitest sets NODE_ENV=test; Vite would then build React's development bundles and
      // import.meta.env.PROD would be false (no service worker registered). Build as `npm run build` does.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (exit code ${code})`))));
  });
}

async function postgres(): Promise<{ url: string; stop?: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    if (process.env.CI === 'true') throw new Error('CI=true: DATABASE_URL must point at a running PostgreSQL for the e2e suite');
    const { startEphemeralPostgres } = await import('../sync-server/src/embedded/postgres.ts');
    const server = await startEphemeralPostgres();
    return { url: server.url, stop: () => server.stop() };
  }
  try {
    await adminQuery(url, 'select 1');
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at DATABASE_URL (${(err as Error).message})`, { cause: err });
  }
  return { url };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`The e2e suite needs Chromium at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium".`);
  }
  const db = await postgres();
  try {
    if (await pwaIsFresh()) {
      console.log('e2e: pwa/dist is newer than its sources, not rebuilding');
    } else {
      console.log('e2e: building the PWA (vite build)');
      await buildPwa();
    }
  } catch (err) {
    await db.stop?.();
    throw err;
  }
  project.provide('e2ePgBaseUrl', db.url);
  return async () => {
    await db.stop?.();
  };
}
