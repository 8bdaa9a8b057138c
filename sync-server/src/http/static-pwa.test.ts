/**
 * The built PWA served by the sync server: app routes get the shell with 200, any other path the
 * shell with 404 (the app renders its French 404 page), missing hashed assets a plain 404. The
 * route list is the one the PWA build writes, from the PWA's own route table.
 */
import Koa from 'koa';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROUTES_FILE as BUILD_FILE, appRoutesManifest } from '../../../pwa/build/app-routes.ts';
import { APP_ROUTE_PATHS } from '../../../pwa/src/app/route-table.ts';
import { APP_ROUTES_FILE, servePwa } from './static-pwa.ts';

const INDEX = '<!doctype html><html lang="fr"><title>Itercraft</title><div id="root"></div>';

function startServer(root: string): Promise<{ url: string; close: () => void }> {
  const app = new Koa();
  app.use(servePwa(root));
  app.use((ctx, next) => {
    if (ctx.path === '/api/ping') ctx.body = { pong: true };
    return next();
  });
  const server = app.listen(0, '127.0.0.1');
  return new Promise((resolve) =>
    server.once('listening', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() })),
  );
}

function buildDir(withRoutes: boolean): string {
  const root = mkdtempSync(join(tmpdir(), 'itercraft-pwa-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets/index-Ab12.js'), 'export {};\n');
  writeFileSync(join(root, 'sw.js'), 'self.addEventListener("install", () => {});\n');
  if (withRoutes) writeFileSync(join(root, BUILD_FILE), appRoutesManifest());
  return root;
}

const html = { accept: 'text/html,application/xhtml+xml' };

describe('servePwa with the build’s route list', () => {
  let root: string;
  let server: { url: string; close: () => void };
  beforeAll(async () => {
    root = buildDir(true);
    server = await startServer(root);
  });
  afterAll(() => {
    server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('reads the file the PWA build writes', () => {
    expect(APP_ROUTES_FILE).toBe(BUILD_FILE);
  });

  it('answers every route of the app with the shell and 200, trailing slash or not', async () => {
    for (const path of APP_ROUTE_PATHS) {
      for (const variant of path === '/' ? ['/'] : [path, `${path}/`]) {
        const res = await fetch(`${server.url}${variant}?x=1`, { headers: html });
        expect(res.status, variant).toBe(200);
        expect(await res.text(), variant).toBe(INDEX);
        expect(res.headers.get('cache-control'), variant).toBe('no-cache');
      }
    }
  });

  it('answers an unknown path with 404 and the shell, so the app shows its 404 page', async () => {
    for (const path of ['/pas-une-page', '/entretien/historique', '/Entretien', '/nulle/part/']) {
      const res = await fetch(`${server.url}${path}`, { headers: html });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toContain('text/html');
      expect(await res.text(), path).toBe(INDEX);
    }
  });

  it('answers a missing hashed asset with a plain 404, never the shell', async () => {
    const res = await fetch(`${server.url}/assets/index-gone.js`, { headers: { accept: '*/*' } });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('<html');
    const found = await fetch(`${server.url}/assets/index-Ab12.js`);
    expect(found.status).toBe(200);
    expect(found.headers.get('cache-control')).toContain('immutable');
  });

  it('leaves the API alone', async () => {
    expect(await (await fetch(`${server.url}/api/ping`)).json()).toEqual({ pong: true });
    const missing = await fetch(`${server.url}/api/nothing`, { headers: html });
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<html');
  });
});

describe('servePwa with a build that has no route list', () => {
  it('keeps deep links working (shell with 200)', async () => {
    const root = buildDir(false);
    const server = await startServer(root);
    try {
      const res = await fetch(`${server.url}/entretien`, { headers: html });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(INDEX);
    } finally {
      server.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
